import { type PolicyRefusal, refuse } from './policy-result';

export type StepDateCode = 'DATE_BEFORE_CASE' | 'DATE_IN_FUTURE';

export interface StepDateInput {
  /** YYYY-MM-DD (Asia/Shanghai) the step says it happened. */
  readonly date: string;
  /** Day the case was accepted (YYYY-MM-DD, Asia/Shanghai). */
  readonly caseOpenedOn: string;
  /** Today (YYYY-MM-DD, Asia/Shanghai). */
  readonly today: string;
  /** Chinese name of the step, for the message. */
  readonly stepZh: string;
}

const RULE = 'R-AP-2';

/**
 * R-AP-2: a review step (economic check, home visit, 民主评议) happens between the day the case
 * was accepted and today; a backdated step would bend the confirmation clock.
 */
export function checkStepDate(
  input: StepDateInput,
): { readonly ok: true } | PolicyRefusal<StepDateCode> {
  if (input.date < input.caseOpenedOn) {
    return refuse(
      'DATE_BEFORE_CASE',
      `${input.stepZh}日期不能早于案件受理日期（${input.caseOpenedOn}）`,
      RULE,
    );
  }
  if (input.date > input.today) {
    return refuse('DATE_IN_FUTURE', `${input.stepZh}日期不能晚于今天（${input.today}）`, RULE);
  }
  return { ok: true };
}
