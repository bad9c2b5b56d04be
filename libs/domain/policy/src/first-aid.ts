import { type Fen, formatYuan, subtractFen } from '@jh/domain-money';
import {
  type PolicyContext,
  type PolicyRefusal,
  defaultPolicyContext,
  refuse,
  requireDeadline,
} from './policy-result';

export interface FirstAidInput {
  readonly amountFen: Fen;
  /** Current balance of the street's temporary-assistance reserve, when known. */
  readonly reserveBalanceFen?: Fen;
}

export type FirstAidCode = 'INVALID_AMOUNT' | 'FIRST_AID_OVER_CAP' | 'RESERVE_INSUFFICIENT';

export type FirstAidResult =
  | {
      readonly ok: true;
      readonly amountFen: Fen;
      readonly reserveAfterFen?: Fen;
      /** R-PAY-4: the reserve falls below its minimum and must be topped up. */
      readonly reserveTopUpNeeded: boolean;
      /** R-AP-9: always reported (备案) to the county bureau. */
      readonly reportToCounty: true;
    }
  | PolicyRefusal<FirstAidCode>;

const RULE = 'R-AP-9';

/** R-AP-9: street emergency first aid, paid from the reserve, at most the configured cap. */
export function checkFirstAid(
  input: FirstAidInput,
  ctx: PolicyContext = defaultPolicyContext,
): FirstAidResult {
  const { capFen, reserveMinimumFen } = ctx.config.firstAid;
  if (input.amountFen <= 0) return refuse('INVALID_AMOUNT', '先行救助金额须大于零', RULE);
  if (input.amountFen > capFen)
    return refuse('FIRST_AID_OVER_CAP', `先行救助金额最高不超过${formatYuan(capFen)}`, RULE);
  if (input.reserveBalanceFen === undefined)
    return {
      ok: true,
      amountFen: input.amountFen,
      reserveTopUpNeeded: false,
      reportToCounty: true,
    };
  if (input.amountFen > input.reserveBalanceFen) {
    return refuse(
      'RESERVE_INSUFFICIENT',
      `临时救助备用金余额${formatYuan(input.reserveBalanceFen)}不足`,
      'R-PAY-4',
    );
  }
  const reserveAfterFen = subtractFen(input.reserveBalanceFen, input.amountFen);
  return {
    ok: true,
    amountFen: input.amountFen,
    reserveAfterFen,
    reserveTopUpNeeded: reserveAfterFen < reserveMinimumFen,
    reportToCounty: true,
  };
}

export interface FirstAidDeadlines {
  /** R-AP-9 aid in place within 24 hours of the report. */
  readonly inPlaceDueAt: Date;
  /** R-AP-9 paperwork within a week after the emergency ended, once it has. */
  readonly paperworkDueAt?: Date;
}

export function firstAidDeadlines(
  input: { readonly reportedAt: Date; readonly emergencyEndedAt?: Date },
  ctx: PolicyContext = defaultPolicyContext,
): FirstAidDeadlines {
  const inPlaceDueAt = requireDeadline(ctx, 'first_aid_in_place', input.reportedAt);
  if (input.emergencyEndedAt === undefined) return { inPlaceDueAt };
  return {
    inPlaceDueAt,
    paperworkDueAt: requireDeadline(ctx, 'first_aid_paperwork', input.emergencyEndedAt),
  };
}
