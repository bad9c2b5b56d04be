import type { PolicyContext } from '@jh/domain-policy';
import type { SlaClock } from '@jh/domain-sla';
import { OPEN_REVIEW_STATUSES, type ReviewDoc, type ReviewStage } from './review.model';

/** The queue keys stored on every write (top-level, indexed; ADR 0022 list shape). */
export interface QueueFields {
  stage: ReviewStage;
  open: boolean;
  dueAt: Date;
  atRiskAt: Date;
}

type StageInput = Pick<
  ReviewDoc,
  | 'status'
  | 'item'
  | 'temporaryKind'
  | 'economicCheck'
  | 'homeVisit'
  | 'selfCare'
  | 'democraticReview'
  | 'relatives'
  | 'relativesReview'
  | 'paperwork'
  | 'routedTo'
>;

/** What is next on the review: the first step still missing, in the order the rules ask. */
export function stageOf(doc: StageInput): ReviewStage {
  switch (doc.status) {
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return doc.status;
    case 'accepted':
      return 'first_review';
    case 'under_check':
      return doc.economicCheck ? 'home_visit' : 'economic_check';
    case 'awaiting_confirmation':
      break;
  }
  if (doc.item === 'tekun' && !doc.selfCare) return 'self_care';
  if (doc.temporaryKind === 'expenditure' && !doc.democraticReview) return 'democratic_review';
  if (doc.relatives?.flagged && !doc.relativesReview) return 'relatives_review';
  if (doc.paperwork?.status === 'outstanding') return 'paperwork';
  switch (doc.routedTo?.level) {
    case 'county':
      return 'routed_county';
    case 'city':
      return 'routed_city';
    case 'case_by_case':
      return 'case_by_case';
    default:
      return 'approval';
  }
}

/** Who may take the stage's step (R-AP-1 roles; R-AP-5 level once routed). */
export const STAGE_ROLE: Record<ReviewStage, string | null> = {
  first_review: 'first_reviewer',
  economic_check: 'first_reviewer',
  home_visit: 'first_reviewer',
  self_care: 'first_reviewer',
  democratic_review: 'first_reviewer',
  relatives_review: 'county_bureau',
  paperwork: 'approver',
  approval: 'approver',
  routed_county: 'county_bureau',
  routed_city: 'city_bureau',
  case_by_case: 'approver',
  approved: null,
  rejected: null,
  withdrawn: null,
};

export function queueFieldsOf(
  policy: PolicyContext,
  doc: StageInput & { clock: SlaClock },
): QueueFields {
  // Due and at-risk instants do not depend on "now"; the list compares them with its own now.
  const clock = policy.clocks.evaluate(doc.clock, new Date(doc.clock.startedAt));
  return {
    stage: stageOf(doc),
    open: OPEN_REVIEW_STATUSES.includes(doc.status),
    dueAt: new Date(clock.dueAt),
    atRiskAt: new Date(clock.atRiskFrom),
  };
}
