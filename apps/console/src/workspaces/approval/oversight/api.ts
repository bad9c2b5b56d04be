import { apiFile, type Page } from '../../../api/client';
import { call } from '../../../api/typed';

const CA = 'civil-affairs' as const;

export interface CategoryFigures {
  category: string;
  labelZh: string;
  newCases: number;
  requiredRatePercent: number;
  sampled: number;
  achievedRatePercent: number | null;
  meetsRequiredRate: boolean;
  assigned: number;
  checked: number;
  conform: number;
  nonConform: number;
  unchecked: number;
}
export interface SpotTask {
  taskNo: number;
  category: string;
  caseId: string;
  item: string;
  applicantName: string;
  regionCode: string;
  handledBy: string[];
  checkerId: string | null;
  assignedAt: string | null;
  result: {
    outcome: 'conform' | 'non_conform';
    findings: string;
    correctiveAction: string;
    byUserId: string;
    recordedAt: string;
  } | null;
}
/** spot-check.view.ts. */
export interface SpotCheckView {
  id: string;
  month: string;
  drawnAt: string;
  drawnBy: string;
  categories: CategoryFigures[];
  totals: Omit<CategoryFigures, 'category' | 'labelZh' | 'requiredRatePercent'>;
  tasks: SpotTask[];
}

export interface RelativeView {
  id: string;
  relativeName: string;
  regionCode: string;
  idNumber: string;
  active: boolean;
  registrations: {
    registrationId: string;
    staffId: string;
    staffName: string;
    staffRoleZh: string;
    post: string;
    relationZh: string;
    active: boolean;
    registeredAt: string;
    registeredBy: string;
    deactivatedAt: string | null;
    deactivationReason?: string | null;
  }[];
}

export const getSpotCheck = (month: string) =>
  call<SpotCheckView, typeof CA, 'get', '/oversight/spot-checks/{month}'>(
    CA,
    'get',
    '/oversight/spot-checks/{month}',
    { params: { month } },
  );
export const spotCheckCsv = (month: string) =>
  apiFile(CA, `/oversight/spot-checks/${encodeURIComponent(month)}`, { query: { format: 'csv' } });
export const draw = (month: string) =>
  call<SpotCheckView, typeof CA, 'post', '/oversight/spot-checks/{month}/draw'>(
    CA,
    'post',
    '/oversight/spot-checks/{month}/draw',
    { params: { month }, body: { checkerIds: [] } },
  );
export const assign = (month: string, taskNo: number, checkerId: string) =>
  call<SpotCheckView, typeof CA, 'post', '/oversight/spot-checks/{month}/tasks/{taskNo}/assign'>(
    CA,
    'post',
    '/oversight/spot-checks/{month}/tasks/{taskNo}/assign',
    { params: { month, taskNo: String(taskNo) }, body: { checkerId } },
  );
export const recordResult = (
  month: string,
  taskNo: number,
  body: { outcome: 'conform' | 'non_conform'; findings: string; correctiveAction: string },
) =>
  call<SpotCheckView, typeof CA, 'post', '/oversight/spot-checks/{month}/tasks/{taskNo}/result'>(
    CA,
    'post',
    '/oversight/spot-checks/{month}/tasks/{taskNo}/result',
    { params: { month, taskNo: String(taskNo) }, body },
  );

export type StaffRole = 'assistance_staff' | 'village_cadre' | 'community_cadre';
export type Relation = 'spouse' | 'parent' | 'child' | 'sibling' | 'grandparent' | 'grandchild';
export const staffRoleLabels: Record<StaffRole, string> = {
  assistance_staff: '社会救助经办人员',
  village_cadre: '村干部',
  community_cadre: '社区干部',
};
export const relationLabels: Record<Relation, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
};

export const listRelatives = (q: {
  page: number;
  pageSize: number;
  status?: 'active' | 'inactive';
}) =>
  call<Page<RelativeView>, typeof CA, 'get', '/oversight/relatives'>(
    CA,
    'get',
    '/oversight/relatives',
    {
      query: q,
    },
  );
export const registerRelative = (body: {
  staffId: string;
  staffName: string;
  staffRole: StaffRole;
  post: string;
  relativeName: string;
  relativeIdNumber: string;
  relation: Relation;
}) =>
  call<RelativeView, typeof CA, 'post', '/oversight/relatives'>(
    CA,
    'post',
    '/oversight/relatives',
    {
      body,
    },
  );
export const deactivate = (registrationId: string, reason: string) =>
  call<
    RelativeView,
    typeof CA,
    'post',
    '/oversight/relatives/registrations/{registrationId}/deactivate'
  >(CA, 'post', '/oversight/relatives/registrations/{registrationId}/deactivate', {
    params: { registrationId },
    body: { reason },
  });
export const checkRelatives = (idNumbers: string[]) =>
  call<{ flagged: boolean; matches: unknown[] }, typeof CA, 'post', '/oversight/relatives/check'>(
    CA,
    'post',
    '/oversight/relatives/check',
    { body: { idNumbers } },
  );
