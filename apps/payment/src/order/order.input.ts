import { citizenCardNoSchema } from '@jh/domain-application';
import { z } from '@jh/platform-config';
import { orderStatuses } from './order.model';

export const reason = z.string().trim().min(1).max(1000);
export const amountFen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const listQuery = z.object({
  status: z.enum(orderStatuses).optional(),
  approvalId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const reasonBody = z.object({ reason }).strict();
export const returnedBody = z.object({ amountFen, reason }).strict();
export const payeeBody = z
  .object({
    citizenCardNo: citizenCardNoSchema,
    name: z.string().trim().max(100).optional(),
    reason,
  })
  .strict();
