// Where an application is (R-JH-1 / R-JH-5): the facts the other services published about it,
// accumulated so that every merge is order-independent (events arrive late, early and twice), and
// the stage derived from those facts alone — never from the order in which they arrived.
import type { ApplicationStatusCode } from '../application/application.input';
import { instalmentKey } from '@jh/domain-policy';

export type PartState = 'dispatched' | 'accepted' | 'reported' | 'cancelled';
export type PartOutcomeCode = 'granted' | 'rejected' | 'not_applicable' | 'referred' | '';

export interface PartFact {
  partId: string;
  department: string;
  state: PartState;
  outcome: PartOutcomeCode;
}

export type ReviewStatusCode =
  'accepted' | 'under_check' | 'awaiting_confirmation' | 'approved' | 'rejected' | 'withdrawn';

export interface ReviewFact {
  reviewId: string;
  item: string;
  status: ReviewStatusCode;
  /** The review's version after the step; only a higher one replaces the fact. */
  sequence: number;
}

export interface ApprovalFact {
  approvalId: string;
  item: string;
  instalments: number;
  amountFen: number;
}

export interface PaidFact {
  /** approvalId:number, the payment order's idempotency key. */
  key: string;
  approvalId: string;
  number: number;
  amountFen: number;
}

export interface CaseFacts {
  parts: PartFact[];
  reviews: ReviewFact[];
  approvals: ApprovalFact[];
  paid: PaidFact[];
}

export const emptyFacts = (): CaseFacts => ({ parts: [], reviews: [], approvals: [], paid: [] });

export const progressStages = [
  'submitted',
  'dispatched',
  'reported',
  'in_review',
  'approved',
  'refused',
  'withdrawn',
  'partly_paid',
  'paid',
] as const;
export type ProgressStage = (typeof progressStages)[number];

export const PROGRESS_STAGE_ZH: Record<ProgressStage, string> = {
  submitted: '已受理',
  dispatched: '协同办理中',
  reported: '部门已反馈',
  in_review: '审核中',
  approved: '已批准',
  refused: '未批准',
  withdrawn: '已撤回',
  partly_paid: '部分发放',
  paid: '已发放',
};

/** The coarse lifecycle status (contracts' ApplicationStatus) of each stage. */
export const STATUS_OF_STAGE: Record<ProgressStage, ApplicationStatusCode> = {
  submitted: 'submitted',
  dispatched: 'dispatched',
  reported: 'dispatched',
  in_review: 'under_review',
  approved: 'approved',
  refused: 'rejected',
  withdrawn: 'withdrawn',
  partly_paid: 'approved',
  paid: 'approved',
};

const PART_RANK: Record<PartState, number> = {
  dispatched: 1,
  accepted: 2,
  reported: 3,
  // Withdrawn or transferred away: final for this part (a replacement part has its own id).
  cancelled: 4,
};

/** Merges one part fact: the state only moves forward, whatever order the events came in. */
export function mergePart(facts: CaseFacts, next: PartFact): CaseFacts {
  const current = facts.parts.find((p) => p.partId === next.partId);
  if (!current) return { ...facts, parts: [...facts.parts, next] };
  const forward = PART_RANK[next.state] > PART_RANK[current.state];
  const merged: PartFact = {
    partId: current.partId,
    department: current.department || next.department,
    state: forward ? next.state : current.state,
    outcome: current.outcome || next.outcome,
  };
  return { ...facts, parts: facts.parts.map((p) => (p.partId === next.partId ? merged : p)) };
}

/** Merges one review fact: a step older than the one known is ignored. */
export function mergeReview(facts: CaseFacts, next: ReviewFact): CaseFacts {
  const current = facts.reviews.find((r) => r.reviewId === next.reviewId);
  if (!current) return { ...facts, reviews: [...facts.reviews, next] };
  if (next.sequence <= current.sequence) return facts;
  return { ...facts, reviews: facts.reviews.map((r) => (r.reviewId === next.reviewId ? next : r)) };
}

export function mergeApproval(facts: CaseFacts, next: ApprovalFact): CaseFacts {
  if (facts.approvals.some((a) => a.approvalId === next.approvalId)) return facts;
  return { ...facts, approvals: [...facts.approvals, next] };
}

export function mergePaid(facts: CaseFacts, next: PaidFact): CaseFacts {
  if (facts.paid.some((p) => p.key === next.key)) return facts;
  return { ...facts, paid: [...facts.paid, next] };
}

const OPEN_REVIEW: readonly ReviewStatusCode[] = [
  'accepted',
  'under_check',
  'awaiting_confirmation',
];

/** The stage the facts amount to; the same facts give the same stage in any arrival order. */
export function deriveStage(facts: CaseFacts): ProgressStage {
  if (facts.paid.length > 0) {
    const paidKeys = new Set(facts.paid.map((p) => p.key));
    const allPaid =
      facts.approvals.length > 0 &&
      facts.approvals.every((a) =>
        Array.from({ length: a.instalments }, (_, i) => instalmentKey(a.approvalId, i + 1)).every(
          (k) => paidKeys.has(k),
        ),
      );
    return allPaid ? 'paid' : 'partly_paid';
  }
  if (facts.approvals.length > 0) return 'approved';
  if (facts.reviews.length > 0) {
    if (facts.reviews.some((r) => OPEN_REVIEW.includes(r.status))) return 'in_review';
    // An approved review whose AssistanceApproved is still on its way.
    if (facts.reviews.some((r) => r.status === 'approved')) return 'approved';
    if (facts.reviews.some((r) => r.status === 'rejected')) return 'refused';
    return 'withdrawn';
  }
  const active = facts.parts.filter((p) => p.state !== 'cancelled');
  if (active.length > 0 && active.every((p) => p.state === 'reported')) return 'reported';
  if (facts.parts.length > 0) return 'dispatched';
  return 'submitted';
}
