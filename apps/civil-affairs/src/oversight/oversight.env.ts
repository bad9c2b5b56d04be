import { defaultPolicyConfig } from '@jh/domain-policy';
import { z } from '@jh/platform-config';

const percent = z.coerce.number().int().min(1).max(100);
const { ratePercent } = defaultPolicyConfig.spotCheck;

/** Oversight settings (R-AP-7 spot checks), spread into the civil-affairs env schema. */
export const oversightEnv = {
  /** R-AP-7: share (%) of a month's new 低保/低边/特困 cases spot-checked, rounded up. */
  SPOT_CHECK_SUBSISTENCE_RATE_PERCENT: percent.default(ratePercent.subsistence),
  /** R-AP-7: share (%) of a month's new 临时救助 cases spot-checked, rounded up. */
  SPOT_CHECK_TEMPORARY_RATE_PERCENT: percent.default(ratePercent.temporary),
  /** Scheduled draw of last month's sample; 0 (default) = off, the county draws via the API. */
  SPOT_CHECK_DRAW_INTERVAL_MS: z.coerce.number().int().nonnegative().default(0),
  /** Checkers (user ids, comma-separated) the scheduled draw assigns round-robin. */
  SPOT_CHECK_CHECKER_IDS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    )
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/))),
};
