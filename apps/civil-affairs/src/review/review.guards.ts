import { REVIEW_STEP_ZH, approverLevelOf, checkApprovalPreconditions } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict, notAllowed } from '@jh/platform-errors';
import { reviewableOf } from './review.catalogue';
import { OPEN_REVIEW_STATUSES, type PaperworkDoc, type ReviewDoc } from './review.model';
import {
  actedOn,
  requireRelativesReview,
  requireSelfCareItem,
  requireSeparation,
  requireStatus,
} from './review.rules';

/**
 * The checks each step makes on the review as it stands (status, order, R-AP-1/3/4/8), before it
 * looks at the request body. The service calls them to refuse; the view calls them to say in
 * advance which steps the reader may take (one source of truth).
 */

const APPROVERS = ['approver', 'county_bureau', 'city_bureau'] as const;

/** Roles of each step's route (the route's requireRole and the view's nextSteps use these). */
export const STEP_ROLES = {
  open: ['window_clerk', 'first_reviewer', 'coordinator'],
  first_review: ['first_reviewer'],
  economic_check: ['first_reviewer'],
  home_visit: ['first_reviewer'],
  self_care: ['first_reviewer'],
  democratic_review: ['first_reviewer'],
  relatives_review: ['county_bureau'],
  payee: ['window_clerk', 'first_reviewer', ...APPROVERS],
  fast_aid: [...APPROVERS],
  paperwork: [...APPROVERS],
  approve: [...APPROVERS],
  follow_up: [...APPROVERS],
  reject: ['first_reviewer', ...APPROVERS],
  withdraw: ['window_clerk', 'first_reviewer', ...APPROVERS],
} as const satisfies Record<string, readonly string[]>;
export type StepName = Exclude<keyof typeof STEP_ROLES, 'open'>;

export function guardFirstReview(doc: ReviewDoc, actor: Actor): void {
  requireStatus(doc, ['accepted']);
  requireSeparation(doc, 'first_review', actor);
}

export function guardEconomicCheck(doc: ReviewDoc): void {
  requireStatus(doc, ['under_check']);
  if (doc.economicCheck) throw conflict('ALREADY_RECORDED', '家庭经济状况核对结果已登记');
}

export function guardHomeVisit(doc: ReviewDoc): void {
  requireStatus(doc, ['under_check']);
  if (doc.homeVisit) throw conflict('ALREADY_RECORDED', '入户调查结果已登记');
}

/** R-AP-3: 特困 only, with or after the home visit. */
export function guardSelfCare(doc: ReviewDoc): void {
  requireSelfCareItem(doc);
  requireStatus(doc, ['under_check', 'awaiting_confirmation']);
  if (!doc.homeVisit) {
    throw conflict('HOME_VISIT_REQUIRED', '生活自理能力评估须在入户调查时或之后登记（R-AP-3）');
  }
  if (doc.selfCare) throw conflict('ALREADY_RECORDED', '生活自理能力评估结果已登记');
}

/** R-AP-4 支出型 only. */
export function guardDemocraticReview(doc: ReviewDoc): void {
  if (doc.temporaryKind !== 'expenditure') {
    throw conflict('DEMOCRATIC_REVIEW_NOT_APPLICABLE', '只有支出型临时救助须组织民主评议');
  }
  requireStatus(doc, ['under_check', 'awaiting_confirmation']);
  if (doc.democraticReview) throw conflict('ALREADY_RECORDED', '民主评议结果已登记');
}

/** R-AP-8: by the county, by someone who has not acted on the case. */
export function guardRelativesReview(doc: ReviewDoc, actor: Actor): void {
  if (!doc.relatives?.flagged) {
    throw conflict('RELATIVES_REVIEW_NOT_REQUIRED', '该案件未命中近亲属备案，无需复核');
  }
  requireStatus(doc, OPEN_REVIEW_STATUSES);
  if (doc.relativesReview) throw conflict('ALREADY_RECORDED', '近亲属备案复核已完成');
  if (!actor.roles.includes('county_bureau')) {
    throw notAllowed('COUNTY_ROLE_REQUIRED', '近亲属备案复核须由县（区）民政局办理（R-AP-8）');
  }
  if (actedOn(doc).has(actor.userId)) {
    throw notAllowed(
      'RELATIVES_REVIEWER_ALREADY_ACTED',
      '近亲属备案复核须由未经办过本案的人员办理（R-AP-8）',
    );
  }
}

/** 审核确认 / 审批 up to the body: status, paperwork, R-AP-1, R-AP-8, R-AP-3/4 preconditions. */
export function guardApprove(doc: ReviewDoc, actor: Actor): void {
  requireStatus(doc, ['awaiting_confirmation']);
  if (doc.paperwork?.status === 'outstanding') {
    throw conflict(
      'FAST_AID_PAPERWORK_PENDING',
      '已先行救助，请补齐手续（登记补充说明），追加救助请使用跟进救助',
    );
  }
  requireSeparation(doc, 'confirmation', actor);
  requireRelativesReview(doc, actor);
  const ready = checkApprovalPreconditions({
    item: reviewableOf(doc.item).policyItem,
    selfCareAssessed: Boolean(doc.selfCare),
    temporaryKind: doc.temporaryKind ?? null,
    democraticReview: doc.democraticReview?.conclusion ?? null,
  });
  if (!ready.ok) throw conflict(ready.code, ready.reason);
}

/** 急难型 先行救助 (R-AP-4): the review's side; the amount cap and R-AP-1/8 follow. */
export function guardFastAid(doc: ReviewDoc): void {
  if (doc.temporaryKind !== 'emergency') {
    throw conflict('FAST_AID_EMERGENCY_ONLY', '只有急难型临时救助可以先行救助（R-AP-4）');
  }
  requireStatus(doc, OPEN_REVIEW_STATUSES);
  if (doc.approval) throw conflict('ALREADY_APPROVED', '该救助已审批');
}

/** 事后补充说明情况 of a 先行救助. */
export function guardPaperwork(
  doc: ReviewDoc,
  actor: Actor,
): asserts doc is ReviewDoc & { paperwork: PaperworkDoc } {
  if (doc.paperwork?.status !== 'outstanding') {
    throw conflict('NO_OUTSTANDING_PAPERWORK', '该审核没有待补齐的先行救助手续');
  }
  if (doc.status !== 'awaiting_confirmation') {
    throw conflict('PAPERWORK_INCOMPLETE', '补齐手续前须完成初审、家庭经济状况核对和入户调查');
  }
  if (approverLevelOf(actor.roles) === undefined) {
    throw notAllowed('APPROVER_ROLE_REQUIRED', '您没有审核确认或审批权限');
  }
  requireSeparation(doc, 'confirmation', actor);
}

/** 跟进救助 (R-AP-4) up to the body. */
export function guardFollowUp(doc: ReviewDoc, actor: Actor): void {
  if (doc.item !== 'temporary') {
    throw conflict('FOLLOW_UP_TEMPORARY_ONLY', '跟进救助仅适用于临时救助');
  }
  requireStatus(doc, ['approved']);
  requireSeparation(doc, 'confirmation', actor);
  requireRelativesReview(doc, actor);
}

/** Refusal at 初审 (before it is done) or at 审核确认 (after); answers which step it is. */
export function guardReject(doc: ReviewDoc, actor: Actor): 'first_review' | 'confirmation' {
  requireStatus(doc, OPEN_REVIEW_STATUSES);
  const step = doc.status === 'accepted' ? 'first_review' : 'confirmation';
  const allowed =
    step === 'first_review'
      ? actor.roles.includes('first_reviewer')
      : approverLevelOf(actor.roles) !== undefined;
  if (!allowed) {
    throw notAllowed(
      'STEP_ROLE_REQUIRED',
      `您没有${REVIEW_STEP_ZH[step]}权限，不能作出不予救助决定`,
    );
  }
  requireSeparation(doc, step, actor);
  return step;
}

export function guardWithdraw(doc: ReviewDoc): void {
  requireStatus(doc, OPEN_REVIEW_STATUSES);
  if ((doc.approvals ?? []).length > 0) {
    throw conflict('AID_ALREADY_PAID', '已先行救助，不能撤回；请补齐手续或作出不予救助决定');
  }
}

export function guardPayee(doc: ReviewDoc): void {
  requireStatus(doc, [...OPEN_REVIEW_STATUSES, 'approved']);
}
