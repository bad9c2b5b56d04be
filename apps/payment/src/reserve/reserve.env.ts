import { z } from '@jh/platform-config';

export const reserveEnv = {
  /** R-PAY-4: street reserve alarm threshold in fen (10,000 元). */
  RESERVE_MIN_FEN: z.coerce.number().int().nonnegative().default(1_000_000),
};
