import { idNumberSchema } from '@jh/domain-application';
import { z } from '@jh/platform-config';
import { RELATIONS, STAFF_ROLES } from './relatives.model';

/** User ids as tokens carry them; no `~` (it separates a registration id). */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '用户编号格式不正确');
const text = (max: number) => z.string().trim().min(1).max(max);

const idNumber = idNumberSchema;

export const registerBody = z
  .object({
    staffId: userIdSchema,
    staffName: text(50),
    staffRole: z.enum(STAFF_ROLES),
    post: text(100),
    relativeName: text(50),
    relativeIdNumber: idNumber,
    relation: z.enum(RELATIONS),
  })
  .strict();
export const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    staffId: userIdSchema.optional(),
    staffRole: z.enum(STAFF_ROLES).optional(),
    status: z.enum(['active', 'inactive']).optional(),
  })
  .strict();
export const deactivateBody = z.object({ reason: text(1000) }).strict();
export const checkBody = z
  .object({ idNumbers: z.array(z.string().trim().min(1).max(32)).min(1).max(50) })
  .strict();
