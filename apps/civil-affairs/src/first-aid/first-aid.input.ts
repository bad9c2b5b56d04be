import { citizenCardNoSchema, idNumberSchema } from '@jh/domain-application';
import { z } from '@jh/platform-config';
import { isoDay } from '@jh/platform-http';
import { EMERGENCY_CATEGORIES } from '../review/review.model';

const text = z.string().trim().min(1).max(1000);

export const grantBody = z
  .object({
    requestId: z.string().uuid().optional(),
    caseId: z.string().trim().min(1).max(100).optional(),
    recipient: z
      .object({
        name: z.string().trim().min(1).max(100),
        idNumber: z.string().trim().min(1).max(30),
        // Absent (or empty) → 409 PAYEE_REQUIRED from the service; malformed → 400 here.
        citizenCardNo: z.preprocess(
          (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
          citizenCardNoSchema.optional(),
        ),
        regionCode: z.string().trim().max(20).optional(),
      })
      .strict(),
    amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    householdIdNumbers: z.array(idNumberSchema).max(20).default([]),
    situation: z
      .object({ category: z.enum(EMERGENCY_CATEGORIES), occurredOn: isoDay, description: text })
      .strict(),
  })
  .strict();
export const endedBody = z.object({ endedOn: isoDay }).strict();
export const noteBody = z.object({ note: text }).strict();
export const listQuery = z.object({
  status: z
    .enum(['ongoing', 'paperwork_due', 'overdue', 'outstanding', 'completed', 'all'])
    .default('outstanding'),
});
/** POST /first-aid/check: the grant's cap and R-AP-6 guard asked before it is sent. */
export const precheckBody = z
  .object({
    // Both absent (the form just opened): the cap only.
    idNumber: z.string().trim().min(1).max(30).optional(),
    householdIdNumbers: z.array(idNumberSchema).max(20).default([]),
    caseId: z.string().trim().min(1).max(100).optional(),
    occurredOn: isoDay.optional(),
    amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();
