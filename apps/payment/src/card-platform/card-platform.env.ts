import { z } from '@jh/platform-config';

export const cardPlatformEnv = {
  /** host:port of the "一键达" card platform (apps/card-platform locally). */
  CARD_PLATFORM_URL: z.string().min(1),
  CARD_PLATFORM_TOKEN: z.string().min(1).default('payment'),
  CARD_PLATFORM_DEADLINE_MS: z.coerce.number().int().positive().default(5000),
  /** R-PAY-3: platform down this long (decimals allowed) before orders may go to the street. */
  FALLBACK_AFTER_MINUTES: z.coerce.number().nonnegative().default(120),
};
