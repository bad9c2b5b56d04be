import { PaymentSchedule } from '@jh/contracts';
import { ASSISTANCE_ITEMS, type AssistanceItem as PolicyItem } from '@jh/domain-policy';
import type { ClockKind } from '@jh/domain-sla';
import { conflict } from '@jh/platform-errors';

export interface ReviewableItem {
  policyItem: PolicyItem;
  clock: ClockKind;
  schedule: PaymentSchedule;
}

/** Items civil affairs reviews itself, by catalogue code: their review clock and payment schedule. */
const REVIEWABLE: Readonly<Record<string, ReviewableItem>> = {
  dibao: {
    policyItem: ASSISTANCE_ITEMS.dibao.policyItem,
    clock: 'low_income_confirmation',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
  },
  dibian: {
    policyItem: ASSISTANCE_ITEMS.dibian.policyItem,
    clock: 'low_income_confirmation',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
  },
  tekun: {
    policyItem: ASSISTANCE_ITEMS.tekun.policyItem,
    clock: 'low_income_confirmation',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
  },
  temporary: {
    policyItem: ASSISTANCE_ITEMS.temporary.policyItem,
    clock: 'temporary_aid_approval',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
  },
};

/** The catalogue entry of an item civil affairs reviews; undefined for any other item. */
export function findReviewable(item: string): ReviewableItem | undefined {
  return REVIEWABLE[item];
}

/** The entry of a review's own item (a review is only ever opened for a reviewable item). */
export function reviewableOf(item: string): ReviewableItem {
  const reviewable = REVIEWABLE[item];
  if (!reviewable) throw conflict('ITEM_NOT_REVIEWABLE', '该案件没有可由民政审核的此救助事项');
  return reviewable;
}

export function reviewIdOf(caseId: string, item: string): string {
  return `${caseId}:${item}`;
}
