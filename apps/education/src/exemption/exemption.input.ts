import { z } from '@jh/platform-config';
import { exemptionStatuses } from './exemption.model';

/** GET /exemptions query. */
export const listQuery = z
  .object({
    status: z.enum(exemptionStatuses).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
