import { type IsoDate, parseIsoDate, shanghaiDateOf } from '@jh/domain-calendar';
import { type PolicyConfig, defaultPolicyConfig } from './policy-config';
import { type PolicyRefusal, refuse } from './policy-result';

export interface EmergencyAidRecord {
  readonly householdId: string;
  /** Identifies one emergency (同一急难事项), e.g. "fire:2025-03-02:村12号"; the caller defines it. */
  readonly eventKey: string;
  readonly approvedAt: Date;
}

export interface EmergencyRepeatInput {
  readonly householdId: string;
  readonly eventKey: string;
  readonly at: Date;
}

export type EmergencyRepeatResult =
  | { readonly ok: true }
  | (PolicyRefusal<'EMERGENCY_ALREADY_AIDED'> & {
      readonly previousApprovals: readonly IsoDate[];
      readonly nextEligibleDate: IsoDate;
    });

const RULE = 'R-AP-6';

/** Same month and day `years` later; 29 February rolls to 1 March in common years. */
function shiftYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return parseIsoDate(new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10));
}

/**
 * R-AP-6: the same emergency of the same household is approved at most once per year.
 * Instalments and follow-up payments of one approval are not new approvals.
 */
export function checkEmergencyOncePerYear(
  input: EmergencyRepeatInput,
  history: readonly EmergencyAidRecord[],
  config: PolicyConfig = defaultPolicyConfig,
): EmergencyRepeatResult {
  const { window, maxApprovalsPerWindow } = config.emergencyRepeat;
  const today = shanghaiDateOf(input.at);
  // Both windows end today; rolling: after the same date a year ago; calendar: since 1 January.
  const windowStart =
    window === 'rolling_year' ? shiftYears(today, -1) : parseIsoDate(`${today.slice(0, 4)}-01-01`);
  const inWindow = history
    .filter(
      (r) => r.householdId === input.householdId && r.eventKey.trim() === input.eventKey.trim(),
    )
    .map((r) => shanghaiDateOf(r.approvedAt))
    .filter((d) => (window === 'rolling_year' ? d > windowStart : d >= windowStart) && d <= today)
    .sort();
  if (inWindow.length < maxApprovalsPerWindow) return { ok: true };
  const oldestBlocking = inWindow[inWindow.length - maxApprovalsPerWindow] as IsoDate;
  const nextEligibleDate =
    window === 'rolling_year'
      ? shiftYears(oldestBlocking, 1)
      : parseIsoDate(`${Number(today.slice(0, 4)) + 1}-01-01`);
  const last = inWindow[inWindow.length - 1] as IsoDate;
  return {
    ...refuse(
      'EMERGENCY_ALREADY_AIDED',
      `同一急难事项一年内只能救助一次（上次批准：${last}；${nextEligibleDate}起可再次申请）`,
      RULE,
    ),
    previousApprovals: inWindow,
    nextEligibleDate,
  };
}
