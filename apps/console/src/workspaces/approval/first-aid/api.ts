import { call } from '../../../api/typed';

const CA = 'civil-affairs' as const;

export type FirstAidStatus = 'aided' | 'emergency_ended' | 'paperwork_completed';
export type FirstAidFilter =
  'ongoing' | 'paperwork_due' | 'overdue' | 'outstanding' | 'completed' | 'all';

/** first-aid.view.ts (identity numbers masked by the server, R-OV-2). */
export interface FirstAidView {
  id: string;
  caseId: string;
  recipient: { name: string; idNumber: string; citizenCardNo: string; regionCode: string };
  situation: { category: string; occurredOn: string; description: string };
  streetCode: string;
  amountFen: number;
  approverId: string;
  approvedAt: string;
  inPlaceDueAt: string;
  status: FirstAidStatus;
  emergencyEndedAt: string | null;
  paperworkDueAt: string | null;
  paperworkOverdue: boolean;
  paperwork: { note: string; byUserId: string; completedAt: string } | null;
  reportedToCountyAt: string;
  countyAcknowledged: { byUserId: string; at: string; note: string } | null;
  deadlineNotice?: { message?: string } | null;
  audit: { at: string; byUserId: string; action: string; reason: string }[];
}

/** POST /first-aid/check: the cap (R-AP-9) and the once-a-year guard (R-AP-6). */
export interface FirstAidPrecheck {
  capFen: number;
  amount?: string;
  repeat: { checked: boolean; applies?: boolean; reason?: string };
}

export type GrantBody = {
  requestId: string;
  recipient: { name: string; idNumber: string; citizenCardNo?: string; regionCode?: string };
  amountFen: number;
  householdIdNumbers: string[];
  situation: { category: EmergencyCategory; occurredOn: string; description: string };
};

export const listFirstAid = (status: FirstAidFilter) =>
  call<{ items: FirstAidView[] }, typeof CA, 'get', '/first-aid'>(CA, 'get', '/first-aid', {
    query: { status },
  });
export const getFirstAid = (id: string) =>
  call<FirstAidView, typeof CA, 'get', '/first-aid/{id}'>(CA, 'get', '/first-aid/{id}', {
    params: { id },
  });
export const precheck = (body: {
  idNumber?: string;
  householdIdNumbers: string[];
  occurredOn?: string;
  amountFen?: number;
}) =>
  call<FirstAidPrecheck, typeof CA, 'post', '/first-aid/check'>(CA, 'post', '/first-aid/check', {
    body,
  });
export const grant = (body: GrantBody) =>
  call<FirstAidView, typeof CA, 'post', '/first-aid'>(CA, 'post', '/first-aid', { body });
export const emergencyEnded = (id: string, endedOn: string) =>
  call<FirstAidView, typeof CA, 'post', '/first-aid/{id}/emergency-ended'>(
    CA,
    'post',
    '/first-aid/{id}/emergency-ended',
    { params: { id }, body: { endedOn } },
  );
export const paperwork = (id: string, note: string) =>
  call<FirstAidView, typeof CA, 'post', '/first-aid/{id}/paperwork'>(
    CA,
    'post',
    '/first-aid/{id}/paperwork',
    { params: { id }, body: { note } },
  );
export const acknowledge = (id: string, note: string) =>
  call<FirstAidView, typeof CA, 'post', '/first-aid/{id}/acknowledge'>(
    CA,
    'post',
    '/first-aid/{id}/acknowledge',
    { params: { id }, body: { note } },
  );

/** 急难情形 (review.model.ts EMERGENCY_CATEGORIES) with their Chinese names. */
export const categoryLabels = {
  accident_or_fire: '意外事件或火灾',
  sudden_illness: '突发重大疾病',
  long_illness_or_disability: '长期患病或残疾，费用难以承受',
  schooling_costs: '低保、低收入家庭子女教育费用',
  business_failure_or_job_loss: '经营失败或失业',
  safety_or_mass_incident: '重大安全事故或群体性事件',
  special_misfortune: '遭遇特殊不幸陷入困境',
  other: '其他',
} as const;
export type EmergencyCategory = keyof typeof categoryLabels;

export const statusLabels: Record<FirstAidStatus, string> = {
  aided: '已救助，紧急情况未解除',
  emergency_ended: '紧急情况已解除，待补齐手续',
  paperwork_completed: '手续已补齐',
};
export const filterLabels: Record<FirstAidFilter, string> = {
  outstanding: '未办结',
  ongoing: '紧急情况未解除',
  paperwork_due: '待补手续',
  overdue: '补手续已超期',
  completed: '已办结',
  all: '全部',
};
