import type { PaymentSchedule } from '@jh/contracts';
import type { InstalmentDoc } from '../review/review.model';
import type { ReviewService } from '../review/review.service';

/** R-PAY-2 due dates per instalment; idempotency key = approvalId:number. */
export type InstalmentPlanner = (
  approvalId: string,
  schedule: PaymentSchedule,
  stages: readonly { amountFen: number; payFrom?: string }[],
  approvedAt: Date,
) => InstalmentDoc[];

/** The one R-PAY-2 instalment planner is the review module's (ADR 0008): no second copy. */
export function reviewInstalmentPlanner(reviews: ReviewService): InstalmentPlanner {
  return (approvalId, schedule, stages, approvedAt) =>
    reviews.instalments(approvalId, schedule, stages, approvedAt);
}
