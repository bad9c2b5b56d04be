import type { Page } from '../../../api/client';
import { call } from '../../../api/typed';

const CA = 'civil-affairs' as const;

export type Stage =
  | 'investigation'
  | 'democratic_review'
  | 'office_review'
  | 'collective_decision'
  | 'public_notice'
  | 'reinvestigation'
  | 'approved'
  | 'filed'
  | 'closed';

export type StepKey =
  | 'investigation'
  | 'democratic-review'
  | 'office-review'
  | 'collective-decision'
  | 'public-notice'
  | 'objection'
  | 'approve'
  | 'continue'
  | 'conclude'
  | 'filing';

/** deliberation.view.ts deliberationListItem. */
export interface DeliberationRow {
  id: string;
  caseId: string | null;
  item: string;
  applicant: { name: string; regionCode: string };
  stage: Stage;
  acceptedAt: string;
  democraticReviewDueAt: string;
  democraticReviewStatus: string;
  publicNoticeEndsAt: string | null;
  filingDueAt: string | null;
  filingStatus: string | null;
  filedAt: string | null;
  amountFen: number | null;
  openedAt: string;
}

export type ParticipantRole =
  | 'street_staff'
  | 'village_committee'
  | 'resident_official'
  | 'resident_representative'
  | 'discipline_observer';

/** deliberation.view.ts deliberationView plus GET /deliberations/:id's steps and rules. */
export interface DeliberationView {
  id: string;
  caseId: string | null;
  item: string;
  applicant: { name: string; idNumber: string; citizenCardNo: string; regionCode: string };
  hardship: string;
  stage: Stage;
  actors: { acceptor: string; officeReviewer: string | null; decisionMaker: string | null };
  acceptedAt: string;
  deadlines: {
    democraticReview: { dueAt: string; status: string };
    publicNotice: { postedAt: string; endsAt: string; status: string } | null;
    filing: { dueAt: string; status: string } | null;
  };
  deadlineNotice?: { message?: string } | null;
  investigations: { round: number; byUserId: string; recordedAt: string }[];
  democraticReview: {
    heldAt: string;
    participantCount: number;
    participants: { personId: string; role: ParticipantRole }[];
    minutes: string;
    byUserId: string;
  } | null;
  officeReview: { passed: boolean; opinion: string; byUserId: string; at: string } | null;
  collectiveDecision: {
    approved: boolean;
    meetingOn: string;
    amountFen: number;
    minutes: string;
    byUserId: string;
  } | null;
  publicNotice: {
    postedAt: string;
    place: string;
    endsAt: string;
    objection: { content: string; byUserId: string; at: string } | null;
  } | null;
  approval: {
    approvalId: string;
    amountFen: number;
    approverId: string;
    approvedAt: string;
  } | null;
  filing: { dueAt: string; filedAt: string | null; late: boolean; byUserId: string | null } | null;
  conclusion: string;
  audit: { at: string; byUserId: string; action: string; reason: string; toStage: Stage }[];
  steps?: { step: StepKey; zh: string; allowed: boolean; reason?: string; code?: string }[];
  rules?: { minParticipants: number; requiredRoles: ParticipantRole[]; filingRecipients: string[] };
}

export interface ReviewTask {
  id: string;
  deliberationId: string;
  applicantName: string;
  regionCode: string;
  year: number;
  period: number;
  from: string;
  to: string;
  dueAt: string;
  status: 'due' | 'done';
  overdue: boolean;
  result: { outcome: string; note: string; byUserId: string; reviewedAt: string } | null;
}
export interface ReviewFigures {
  total: number;
  due: number;
  overdue: number;
  done: number;
  coveragePercent: number;
  requiredPercent: number;
  complete: boolean;
}

export const listDeliberations = (q: { stage?: Stage; page: number; pageSize: number }) =>
  call<Page<DeliberationRow>, typeof CA, 'get', '/deliberations'>(CA, 'get', '/deliberations', {
    query: q,
  });
export const filingOverdue = () =>
  call<{ items: DeliberationView[] }, typeof CA, 'get', '/deliberations/filing-overdue'>(
    CA,
    'get',
    '/deliberations/filing-overdue',
  );
export const getDeliberation = (id: string) =>
  call<DeliberationView, typeof CA, 'get', '/deliberations/{id}'>(
    CA,
    'get',
    '/deliberations/{id}',
    {
      params: { id },
    },
  );

/** One step of the procedure; the body is the step's own (checked against the OpenAPI types). */
export const runStep = (id: string, step: StepKey, body: object) =>
  call<DeliberationView, typeof CA, 'post', '/deliberations/{id}/investigation'>(
    CA,
    'post',
    `/deliberations/{id}/${step}` as '/deliberations/{id}/investigation',
    { params: { id }, body: body as never },
  );

export const reviewTasks = (year: number, period: number, status?: 'due' | 'overdue' | 'done') =>
  call<{ figures: ReviewFigures; items: ReviewTask[] }, typeof CA, 'get', '/deliberation-reviews'>(
    CA,
    'get',
    '/deliberation-reviews',
    { query: { year, period, status } },
  );
export const generateTasks = (year: number, period: number) =>
  call<
    { created: number; existing: number; notRequired: number },
    typeof CA,
    'post',
    '/deliberation-reviews/generate'
  >(CA, 'post', '/deliberation-reviews/generate', { body: { year, period } });
export const recordReview = (
  id: string,
  body: { outcome: 'continue' | 'adjust' | 'terminate'; note: string },
) =>
  call<ReviewTask, typeof CA, 'post', '/deliberation-reviews/{id}/result'>(
    CA,
    'post',
    '/deliberation-reviews/{id}/result',
    { params: { id }, body },
  );

export const stageLabels: Record<Stage, string> = {
  investigation: '调查核实',
  democratic_review: '民主评议',
  office_review: '社会事务办负责人审核',
  collective_decision: '街道领导班子集体研究',
  public_notice: '公示',
  reinvestigation: '有异议，重新调查核实',
  approved: '已审批待备案',
  filed: '已备案',
  closed: '已办结（不予救助）',
};
export const roleLabels: Record<ParticipantRole, string> = {
  street_staff: '街道（乡镇）救助工作人员',
  village_committee: '村居（社区）委员会成员',
  resident_official: '驻村干部',
  resident_representative: '村居（社区）群众代表',
  discipline_observer: '纪（工）委监督人员',
};
export const outcomeLabels = { continue: '继续救助', adjust: '调整救助', terminate: '终止救助' };
