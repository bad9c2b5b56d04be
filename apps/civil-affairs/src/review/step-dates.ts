import { shanghaiDateOf } from '@jh/domain-calendar';
import { checkStepDate } from '@jh/domain-policy';
import { invalidInput } from '@jh/platform-errors';
import type { ReviewDoc } from './review.model';

/**
 * R-AP-2: a step's date lies between the day the case was accepted (the clock's start) and today;
 * otherwise 400 naming the field, and nothing is recorded.
 */
export function requireStepDate(
  doc: ReviewDoc,
  now: Date,
  path: string,
  date: string,
  stepZh: string,
): void {
  const checked = checkStepDate({
    date,
    caseOpenedOn: shanghaiDateOf(doc.clock.startedAt),
    today: shanghaiDateOf(now),
    stepZh,
  });
  if (!checked.ok) {
    throw invalidInput([{ path, code: checked.code, message: checked.reason }], checked.reason);
  }
}
