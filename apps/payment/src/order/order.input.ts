import { citizenCardNoSchema } from '@jh/domain-application';
import { z } from '@jh/platform-config';
import { orderStatuses } from './order.model';

export const reason = z.string().trim().min(1).max(1000);
export const amountFen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const listQuery = z.object({
  status: z.enum(orderStatuses).optional(),
  approvalId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  // The console's worklist: filters and a page with its exact total (`page` turns paging on).
  streetCode: z.string().trim().min(1).max(20).optional(),
  item: z.string().trim().min(1).max(50).optional(),
  month: z
    .string()
    .regex(/^2\d{3}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
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
