import { z } from '@jh/platform-config';

/** Street emergency first-aid settings (R-AP-9), spread into the civil-affairs env schema. */
export const firstAidEnv = {
  /** R-AP-9 street emergency first aid: at most 5,000 元. */
  FIRST_AID_CAP_FEN: z.coerce.number().int().positive().default(500_000),
};
