import type { DueExplanation } from '../../shared/DueExplanation';

export type { AdjustmentGroup, DueExplanation } from '../../shared/DueExplanation';
// Local shapes of the civil-affairs answers this workspace reads (case.view.ts, coordination.ts,
// timeline/, calendar/); small on purpose, only the fields the screens use.

export type PartStatus = 'dispatched' | 'accepted' | 'reported' | 'cancelled';
export type CaseStatus = 'dispatched' | 'partially_reported' | 'completed' | 'civil_affairs_only';
export type ClockCode = 'report' | 'handling';

export interface Supervision {
  supervisionId?: string;
  action: 'remind' | 'escalate';
  note: string;
  clock: string;
  byUserId: string;
  at: string;
}

export interface PartView {
  partId: string;
  department: string;
  departmentName: string;
  items: string[];
  status: PartStatus;
  dispatchedAt: string;
  reportDueAt: string;
  handlingDueAt: string;
  handlingWorkingDays: number;
  deadlineNotice?: { assumedWeekdaysOnly: boolean; yearsWithoutData: number[] };
  currentOwner: { department: string; officerId: string | null };
  acceptedAt: string | null;
  result: { outcome: string; amountFen: number; note: string; reportedAt: string } | null;
  transferRequest: { suggestedDepartment: string; reason: string; requestedAt: string } | null;
  cancellation: { reason: string; note: string; cancelledAt: string } | null;
  replacesPartId: string | null;
  escalations: string[];
  supervisions?: Supervision[];
}

export interface CaseView {
  id: string;
  applicationId: string;
  applicationNumber: string;
  applicantName: string;
  regionCode: string;
  status: CaseStatus;
  items: string[];
  ownItems: string[];
  owner: { userId: string; regionCode: string };
  parts: PartView[];
  referrals: {
    referralId: string;
    organisation: string;
    kind: 'charity' | 'social_work';
    reason: string;
    byUserId: string;
    at: string;
  }[];
  openedAt: string;
  updatedAt: string;
}

export interface PartDueExplanation {
  partId: string;
  department: string;
  dispatchedAt: string;
  report: DueExplanation & { ruleId: string };
  handling: DueExplanation & { ruleId: string };
}

export interface TimelineItem {
  at: string;
  service: string;
  kind: string;
  title: string;
  actor?: string;
  traceId?: string;
  eventId?: string;
}

/** A row of /coordination/overdue and /coordination/at-risk. */
export interface RiskRow {
  caseId: string;
  applicationNumber: string;
  applicantName: string;
  regionCode: string;
  partId: string;
  department: string;
  departmentName: string;
  status: PartStatus;
  reportDueAt: string;
  handlingDueAt: string;
  clocks: ClockCode[];
  dueAt: string;
  escalations: string[];
  supervisions: Supervision[];
}

export interface DepartmentRate {
  department: string;
  departmentName: string;
  due: number;
  onTime: number;
  onTimeRate: number | null;
  overdue: number;
  pending: number;
}

export interface TrendRow extends Omit<DepartmentRate, 'onTimeRate'> {
  week: string;
  reported: number;
  onTimeRate: number | null;
}

export interface Trend {
  weeks: { week: string; from: string; to: string }[];
  items: TrendRow[];
}

export interface Bulletin {
  month: string;
  from: string;
  to: string;
  generatedAt: string;
  ranking: (DepartmentRate & { rank: number; maxLateWorkingDays: number })[];
  worstCases: {
    caseId: string;
    applicationNumber: string;
    partId: string;
    department: string;
    departmentName: string;
    reportDueAt: string;
    reportedAt: string | null;
    lateWorkingDays: number;
  }[];
}

export interface CalendarStatus {
  loadedYears: number[];
  bundledYears: number[];
  missingYears: number[];
  openDeadlinesInMissingYears: number;
  checkedAt?: string;
}

export interface CalendarMove {
  caseId: string;
  partId: string;
  department: string;
  clock: ClockCode;
  before: string;
  after: string;
}
