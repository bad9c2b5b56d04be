import { PaymentSchedule } from '@jh/contracts';
import {
  planInstalments,
  type InstalmentSchedule,
  type InstalmentStage,
  type PlannedInstalment,
  type PolicyContext,
} from '@jh/domain-policy';
import { fen, sumFen } from '@jh/domain-money';
import { invalidInput } from '@jh/platform-errors';

function scheduleOf(schedule: PaymentSchedule): InstalmentSchedule {
  if (schedule === PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY) return 'monthly';
  if (schedule === PaymentSchedule.PAYMENT_SCHEDULE_FIRST_AID) return 'first_aid';
  return 'temporary';
}

/**
 * R-PAY-2 due dates and the one instalment key per stage (ADR 0008): the planner review and
 * 一事一议 share, so neither calls into the other.
 */
export function instalmentsFor(
  policy: PolicyContext,
  approvalId: string,
  schedule: PaymentSchedule,
  stages: readonly InstalmentStage[],
  approvedAt: Date,
): PlannedInstalment[] {
  return planInstalments(
    { approvalId, schedule: scheduleOf(schedule), stages, approvedAt },
    policy,
  );
}

/**
 * 一次审批、分阶段救助: the stages must add up to the approved amount. Stages whose total is past
 * a safe integer add up to nothing the approval could be (the money sum would throw: a 500 found
 * by the HTTP fuzz), so they are refused the same way.
 */
export function requireStagesSum(
  stages: readonly InstalmentStage[],
  amountFen: number,
  message: string,
): void {
  const raw = stages.reduce((total, s) => total + s.amountFen, 0);
  if (!Number.isSafeInteger(raw) || sumFen(stages.map((s) => fen(s.amountFen))) !== amountFen) {
    throw invalidInput([{ path: 'instalments', code: 'INSTALMENTS_SUM', message }]);
  }
}
