import { z } from '@jh/platform-config';

/** Review and approval settings (ADR 0007, R-AP-6 guard), spread into the civil-affairs env schema. */
export const reviewEnv = {
  /**
   * 急难型 小金额先行救助 cap in fen (R-AP-4). The rules give no number: default the street's own
   * approval limit (R-AP-5, 500 元).
   */
  TEMPORARY_FAST_AID_CAP_FEN: z.coerce.number().int().positive().default(50_000),
  /** Working days after a 先行救助 to complete its paperwork; default R-AP-4's 15. */
  TEMPORARY_FAST_AID_PAPERWORK_WORKING_DAYS: z.coerce.number().int().positive().default(15),
  /** An R-AP-6 guard left by a crashed approval is ignored after this long. */
  EMERGENCY_GUARD_STALE_MS: z.coerce.number().int().positive().default(300_000),
  /**
   * R-AP-6 同一急难事项 (ADR 0011): reports of one household whose event dates are at most this many
   * days apart are the same emergency, whatever category or wording they carry.
   */
  EMERGENCY_EVENT_WINDOW_DAYS: z.coerce.number().int().min(0).max(30).default(3),
};
