import { startOfShanghaiDay } from '@jh/domain-calendar';
import type { ClockKind } from '@jh/domain-sla';
import { instalmentKey } from './instalment-key';
import { type PolicyContext, defaultPolicyContext, requireDeadline } from './policy-result';

/** How an approval is paid: monthly (低保/特困), temporary aid, or street first aid (R-AP-9). */
export type InstalmentSchedule = 'monthly' | 'temporary' | 'first_aid';

export interface InstalmentStage {
  readonly amountFen: number;
  /** Shanghai day (yyyy-mm-dd) a later stage is paid from; not before the approval. */
  readonly payFrom?: string;
}

export interface PlannedInstalment {
  number: number;
  amountFen: number;
  dueAt: Date;
  idempotencyKey: string;
}

const DUE_CLOCK: Record<Exclude<InstalmentSchedule, 'monthly'>, ClockKind> = {
  temporary: 'temporary_aid_payment',
  first_aid: 'first_aid_in_place',
};

/**
 * R-PAY-2 due dates of an approval's instalments (一次审批、分阶段救助), numbered from 1 with the
 * one instalment key. Monthly: each stage is the next month's payment, due by the 10th. Otherwise
 * each stage is due its limit after the approval or after its own `payFrom`, whichever is later.
 */
export function planInstalments(
  input: {
    readonly approvalId: string;
    readonly schedule: InstalmentSchedule;
    readonly stages: readonly InstalmentStage[];
    readonly approvedAt: Date;
  },
  ctx: PolicyContext = defaultPolicyContext,
): PlannedInstalment[] {
  const { approvalId, schedule, approvedAt } = input;
  let previousDue: Date | undefined;
  return input.stages.map((stage, index) => {
    const number = index + 1;
    let dueAt: Date;
    if (schedule === 'monthly') {
      const from = previousDue ? new Date(previousDue.getTime() + 1) : approvedAt;
      dueAt = requireDeadline(ctx, 'monthly_payment', from);
    } else {
      const payFrom = stage.payFrom ? startOfShanghaiDay(stage.payFrom) : approvedAt;
      dueAt = requireDeadline(
        ctx,
        DUE_CLOCK[schedule],
        payFrom > approvedAt ? payFrom : approvedAt,
      );
    }
    previousDue = dueAt;
    return {
      number,
      amountFen: stage.amountFen,
      dueAt,
      idempotencyKey: instalmentKey(approvalId, number),
    };
  });
}
