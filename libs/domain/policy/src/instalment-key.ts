/**
 * The one idempotency key of an instalment (ADR 0007, R-PAY-1): civil affairs writes it into
 * `AssistanceApproved`, payment keys its order by it, so one instalment is one order. Existing
 * orders are keyed by these strings: they must never change shape.
 */
export function instalmentKey(approvalId: string, number: number): string {
  return `${approvalId}:${number}`;
}

/** The monthly batch's instalment number is the payment month (yyyymm, e.g. 202612). */
export function monthlyInstalmentKey(approvalId: string, month: number): string {
  return instalmentKey(approvalId, month);
}

/** Whether `key` is the key of instalment `number` (a whole number from 1) of the approval. */
export function isInstalmentKey(key: string, approvalId: string, number: number): boolean {
  return Number.isInteger(number) && number >= 1 && key === instalmentKey(approvalId, number);
}

/**
 * The key the card platform knows an order by after the `resendCount`-th staff re-send of a
 * declined payment (`orderKey#n`): a declined key keeps answering "declined", so a fresh one.
 */
export function resentPlatformKey(orderKey: string, resendCount: number): string {
  return `${orderKey}#${resendCount}`;
}

/** The order key a platform key names: the key itself, or `orderKey` of `orderKey#n`. */
export function orderKeyOfPlatformKey(platformKey: string): string {
  return platformKey.replace(/#\d+$/, '');
}
