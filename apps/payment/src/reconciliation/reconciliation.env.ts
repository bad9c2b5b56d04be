import { z } from '@jh/platform-config';
import { paymentRegionEnv } from '../payment.access';

export const reconciliationEnv = {
  /** Statement rows matched per chunk (one progress write each) and concurrent `_id` lookups. */
  RECONCILE_CHUNK_ROWS: z.coerce.number().int().positive().default(1000),
  RECONCILE_LOOKUP_CONCURRENCY: z.coerce.number().int().positive().max(64).default(8),
  ...paymentRegionEnv,
};
