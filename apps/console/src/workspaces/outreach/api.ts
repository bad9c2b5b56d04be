import { call } from '../../api/typed';

const CA = 'civil-affairs' as const;

export type ClockStatus = 'running' | 'at_risk' | 'overdue' | 'met';
export type Grade = 'urgent' | 'pressing' | 'normal';
export type OutcomeKind = 'application' | 'first_aid' | 'referral' | 'closed';
export type CloseReason = 'not_in_hardship' | 'refused_help' | 'moved_away' | 'duplicate' | 'other';

interface Named {
  code: string;
  nameZh: string;
}

/** outreach.view.ts taskListItem: the name masked, no ID number. */
export interface TaskRow {
  id: string;
  streetCode: string;
  status: 'open' | 'ended';
  grade: Grade;
  gradeZh: string;
  clock: {
    status: ClockStatus;
    dueAt: string;
    atRiskFrom: string;
    remainingMs: number;
    assumedWeekdaysOnly: boolean;
  };
  needs: Named[];
  signalCount: number;
  subjectName: string;
  openedAt: string;
  escalations: string[];
}

export interface SignalView {
  signalId: string;
  sourceZh: string;
  kindZh: string;
  bandZh: string;
  flags: Named[];
  reporterRole: string | null;
  observation?: string;
  contact?: string;
  observedAt: string;
  receivedAt: string;
  needs: Named[];
  covered: unknown[];
}

export interface TaskView extends TaskRow {
  subject: {
    name: string;
    idNumber: string;
    phone: string;
    address: string;
    regionCode: string;
    masked: boolean;
  } | null;
  signals: SignalView[];
  gradeHistory: { at: string; toZh: string; fromZh: string | null; by: string; reason: string }[];
  ending: {
    at: string;
    by: string;
    outcome: {
      kind: OutcomeKind;
      applicationId?: string;
      decisionId?: string;
      to?: string;
      what?: string;
      reasonCode?: string;
      note?: string;
    };
  } | null;
  audit: { at: string; byUserId: string; action: string; reason: string }[];
}

/** The body of intake's `POST /applications` without the family's signature (R-PD-3). */
export interface ApplicationDraft {
  outreachTaskId: string;
  ownerId: string;
  signalIds: string[];
  application: {
    applicant: {
      name: string;
      idNumber: string;
      phone?: string;
      address?: string;
      regionCode: string;
    };
    items: string[];
    channel: string;
    hardshipDescription: string;
  };
}

export interface StreetOverview {
  streetCode: string;
  openByGrade: Record<Grade, number>;
  overdueResponses: number;
  escalated: number;
  endedByOutcome: Record<OutcomeKind, number>;
  conversionToApplications: number | null;
  medianResponseMinutes: number | null;
}

export interface StreetResponse {
  streetCode: string;
  opened: number;
  onTime: number;
  late: number;
  pending: number;
  onTimeRate: number | null;
  medianResponseMinutes: number | null;
  maxLateMinutes: number;
}

export interface FollowUp {
  n: number;
  owner: string;
  department: string;
  description: string;
  dueAt: string;
  status: 'open' | 'overdue' | 'done';
  doneLate: boolean;
  doneAt: string | null;
  doneBy: string | null;
}

export interface ConsultationView {
  id: string;
  taskId: string | null;
  heldOn: string;
  coordinatorId: string;
  departmentsPresent: string[];
  findings: string;
  decisions: string[];
  followUps: FollowUp[];
  audit: { at: string; byUserId: string; action: string; reason: string }[];
  recordedAt: string;
}

export interface ConsultationRow {
  id: string;
  taskId: string | null;
  streetCode: string;
  heldOn: string;
  coordinatorId: string;
  departmentsPresent: string[];
  decisions: number;
  followUps: { total: number; done: number; overdue: number };
  recordedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type TaskFilter = { grade?: Grade; status?: 'open' | 'ended'; overdue?: 'true' };

export const listTasks = (filter: TaskFilter, page: number, pageSize: number) =>
  call<Page<TaskRow>, typeof CA, 'get', '/outreach/tasks'>(CA, 'get', '/outreach/tasks', {
    query: { ...filter, page, pageSize },
  });
export const getTask = (id: string, unmask = false) =>
  call<TaskView, typeof CA, 'get', '/outreach/tasks/{id}'>(CA, 'get', '/outreach/tasks/{id}', {
    params: { id },
    query: unmask ? { unmask: 'true' } : {},
  });
export const applicationDraft = (id: string) =>
  call<ApplicationDraft, typeof CA, 'get', '/outreach/tasks/{id}/application-draft'>(
    CA,
    'get',
    '/outreach/tasks/{id}/application-draft',
    { params: { id } },
  );
export const regrade = (id: string, to: Grade, reason: string) =>
  call<TaskView, typeof CA, 'post', '/outreach/tasks/{id}/regrade'>(
    CA,
    'post',
    '/outreach/tasks/{id}/regrade',
    { params: { id }, body: { to, reason } },
  );
export type EndOutcome =
  | { kind: 'application'; applicationId: string }
  | { kind: 'first_aid'; decisionId: string }
  | { kind: 'referral'; to: string; what: string }
  | { kind: 'closed'; reasonCode: CloseReason; note?: string };
export const endTask = (id: string, outcome: EndOutcome) =>
  call<TaskView, typeof CA, 'post', '/outreach/tasks/{id}/end'>(
    CA,
    'post',
    '/outreach/tasks/{id}/end',
    { params: { id }, body: { outcome } },
  );
export const skippedSignals = () =>
  call<
    { items: { signalId: string; streetCode: string; reason: string; receivedAt: string }[] },
    typeof CA,
    'get',
    '/outreach/skipped-signals'
  >(CA, 'get', '/outreach/skipped-signals', { query: { limit: 200 } });
export const overview = () =>
  call<{ streets: StreetOverview[]; at: string }, typeof CA, 'get', '/outreach/overview'>(
    CA,
    'get',
    '/outreach/overview',
  );
export const responseBulletin = (month: string) =>
  call<
    { month: string; generatedAt: string; streets: StreetResponse[] },
    typeof CA,
    'get',
    '/outreach/bulletin'
  >(CA, 'get', '/outreach/bulletin', { query: { month } });
export const listConsultations = (taskId: string | undefined, page: number, pageSize: number) =>
  call<Page<ConsultationRow>, typeof CA, 'get', '/outreach/consultations'>(
    CA,
    'get',
    '/outreach/consultations',
    { query: { ...(taskId ? { taskId } : {}), page, pageSize } },
  );
export const getConsultation = (id: string) =>
  call<ConsultationView, typeof CA, 'get', '/outreach/consultations/{id}'>(
    CA,
    'get',
    '/outreach/consultations/{id}',
    { params: { id } },
  );
export interface ConsultationBody {
  consultationId: string;
  taskId: string;
  heldOn: string;
  departmentsPresent: string[];
  findings: string;
  decisions: string[];
  followUps: {
    owner: string;
    department: string;
    description: string;
    deadline: { workingDays: number } | { date: string };
  }[];
}
export const recordConsultation = (body: ConsultationBody) =>
  call<ConsultationView, typeof CA, 'post', '/outreach/consultations'>(
    CA,
    'post',
    '/outreach/consultations',
    { body },
  );
export const completeFollowUp = (id: string, n: number) =>
  call<ConsultationView, typeof CA, 'post', '/outreach/consultations/{id}/follow-ups/{n}/complete'>(
    CA,
    'post',
    '/outreach/consultations/{id}/follow-ups/{n}/complete',
    { params: { id, n: String(n) } },
  );

export const GRADE_COLOR: Record<Grade, string> = {
  urgent: 'red',
  pressing: 'orange',
  normal: 'blue',
};
/** Labels of @jh/domain-outreach (the console bundles no calendar or policy tables). */
export const GRADE_ZH: Record<Grade, string> = { urgent: '紧急', pressing: '较急', normal: '一般' };
export const OUTCOME_ZH: Record<OutcomeKind, string> = {
  application: '已代为提出救助申请',
  first_aid: '已先行救助',
  referral: '已转介',
  closed: '说明原因结案',
};
export const CLOSE_REASON_ZH: Record<CloseReason, string> = {
  not_in_hardship: '经核实不属于困难对象',
  refused_help: '本人拒绝救助',
  moved_away: '已迁出本辖区',
  duplicate: '重复线索',
  other: '其他',
};
export const DEPARTMENT_LABEL: Record<string, string> = {
  civil_affairs: '民政',
  education: '教育',
  housing: '住建',
  medical: '医保',
  employment: '人社',
};

export const formatRate = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
export const formatMinutes = (m: number | null) =>
  m === null ? '—' : m < 60 ? `${m} 分钟` : `${Math.floor(m / 60)} 小时 ${m % 60} 分钟`;
