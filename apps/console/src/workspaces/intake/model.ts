import type { Page } from '../../api/client';
import type { operations } from '../../api/generated/intake';
import type { BodyOf } from '../../api/typed';

/** The body intake's zod schema accepts (generated): the enums below must cover it. */
export type CreateApplicationBody = NonNullable<BodyOf<operations['postApplications']>>;
export type Channel = CreateApplicationBody['channel'];
export type Relation = NonNullable<CreateApplicationBody['householdMembers']>[number]['relation'];
type ServerItemCode = CreateApplicationBody['items'][number];

/** Assistance items (ASSISTANCE_ITEM_CODES in the contracts), grouped as the paper form lists them. */
export const itemGroups = [
  {
    label: '基本生活救助',
    items: [
      { value: 'dibao', label: '最低生活保障（低保）' },
      { value: 'dibian', label: '低保边缘（低边）' },
      { value: 'tekun', label: '特困人员救助供养' },
    ],
  },
  {
    label: '专项救助',
    items: [
      { value: 'medical', label: '医疗救助' },
      { value: 'education', label: '教育救助' },
      { value: 'housing', label: '住房救助' },
      { value: 'employment', label: '就业救助' },
    ],
  },
  {
    label: '急难救助',
    items: [
      { value: 'temporary', label: '临时救助' },
      { value: 'disaster', label: '受灾人员救助' },
    ],
  },
] as const satisfies readonly {
  label: string;
  items: readonly { value: ServerItemCode; label: string }[];
}[];
export type ItemCode = (typeof itemGroups)[number]['items'][number]['value'];
export const itemLabels = Object.fromEntries(
  itemGroups.flatMap((g) => g.items.map((i) => [i.value, i.label])),
) as Record<string, string>;

export const channelLabels: Record<Channel, string> = {
  window: '窗口申请',
  hotline: '热线申请',
  online: '网上申请',
  village_report: '村（社区）代报',
  proactive_discovery: '主动发现',
};

export const relationLabels: Record<Relation, string> = {
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  sibling: '兄弟姐妹',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  other: '其他',
};

export const statusLabels: Record<string, string> = {
  submitted: '已受理',
  dispatched: '协同办理中',
  under_review: '审核中',
  approved: '已批准',
  rejected: '未批准',
  referred: '已转介',
  withdrawn: '已撤回',
};
export const statusColors: Record<string, string> = {
  submitted: 'blue',
  dispatched: 'cyan',
  under_review: 'gold',
  approved: 'green',
  rejected: 'red',
  referred: 'purple',
  withdrawn: 'default',
};

/**
 * Papers identity verification from the ID number makes unnecessary (R-JH-6): the same list the
 * intake service refuses with DOCUMENT_OBTAINABLE, so the form says so before submitting.
 */
export const obtainableDocuments = ['身份证', '居民身份证', '身份证复印件'];
/** Papers the window commonly accepts as missing (容缺受理); free text is allowed too. */
export const commonDocuments = [
  '户口簿',
  '残疾证',
  '病历及医疗费用票据',
  '学籍证明',
  '收入证明',
  '房屋租赁合同',
  '失业登记证明',
];

/**
 * The service keeps a missing paper as one name; the promised date travels inside it in a fixed
 * form, so the receipt and the page can show it and "已补交" names the same paper.
 */
const promisePattern = /^(.+)（承诺(\d{4}-\d{2}-\d{2})前补交）$/;
export const withPromise = (name: string, promisedBy?: string) =>
  promisedBy ? `${name}（承诺${promisedBy}前补交）` : name;
export function parseDocument(stored: string): { name: string; promisedBy?: string } {
  const m = promisePattern.exec(stored);
  return m ? { name: m[1]!, promisedBy: m[2]! } : { name: stored };
}

/** Error codes of the intake service this workspace words for the clerk. */
export const intakeErrorMessages: Record<string, string> = {
  IDEMPOTENCY_KEY_REUSED: '本次提交与之前已受理的申请内容不同，请刷新页面后重新受理',
  OWNER_CHANGED: '该申请的负责人刚被他人变更，请刷新后重试',
  DOCUMENT_ALREADY_SUPPLIED: '该材料已登记为补交',
};

export interface Person {
  name: string;
  idNumber: string;
}
export interface ApplicationView {
  id: string;
  applicationNo: string;
  status: string;
  progress: {
    stage: string;
    label: string;
    history?: { at: string; text: string; eventType: string; eventId: string }[];
  };
  applicant: Person & {
    phone?: string;
    address?: string;
    citizenCardNo?: string;
    regionCode: string;
  };
  householdMembers: (Person & { relation: string })[];
  items: string[];
  channel: string;
  hardshipDescription: string;
  declarationSigned: boolean;
  owner: { userId: string; regionCode: string };
  ownerHistory: {
    fromUserId: string;
    toUserId: string;
    byUserId: string;
    reason: string;
    at: string;
  }[];
  missingDocuments: string[];
  outstandingDocuments: string[];
  suppliedDocuments: { name: string; suppliedAt: string; suppliedBy: string; note: string }[];
  submittedAt: string;
}
export type ApplicationRow = Omit<
  ApplicationView,
  | 'householdMembers'
  | 'ownerHistory'
  | 'missingDocuments'
  | 'suppliedDocuments'
  | 'hardshipDescription'
  | 'declarationSigned'
> & { householdSize: number };
export type ApplicationPage = Page<ApplicationRow>;

/** `POST /applications/open-lookup` (intake): the person's open applications in the clerk's scope. */
export interface OpenLookup {
  open: {
    id: string;
    applicationNo: string;
    status: string;
    submittedAt: string;
    as: 'applicant' | 'member';
  }[];
}

/** The civil-affairs case of the application (its parts per department), when dispatched. */
export interface CaseView {
  id: string;
  status: string;
  parts: {
    partId: string;
    department: string;
    departmentName: string;
    items: string[];
    status: string;
    dispatchedAt?: string;
    reportDueAt?: string;
    handlingDueAt?: string;
    handlingWorkingDays?: number;
    deadlineNotice?: string | null;
    acceptedAt?: string;
    result?: { reportedAt?: string } | null;
  }[];
}

export const partStatusLabels: Record<string, string> = {
  dispatched: '已分派',
  accepted: '办理中',
  reported: '已反馈',
  transfer_requested: '申请转办',
  cancelled: '已撤销',
};

/** Labels for values read back from the service (plain strings in its views). */
export const channelLabel = (c: string) => (channelLabels as Record<string, string>)[c] ?? c;
export const relationLabel = (r: string) => (relationLabels as Record<string, string>)[r] ?? r;
