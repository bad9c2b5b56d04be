import { citizenCardNoSchema, idNumberSchema } from '@jh/domain-application';
import { z } from '@jh/platform-config';
import { isoDay } from '@jh/platform-http';

const text = (max = 1000) => z.string().trim().max(max).default('');
const reason = z.string().trim().min(1).max(1000);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const idNumber = idNumberSchema;
const citizenCardNo = citizenCardNoSchema;
const regionCode = z
  .string()
  .trim()
  .regex(/^\d{6,12}$/, '行政区划代码应为6至12位数字');

export const openBody = z
  .object({
    caseId: z.string().trim().min(1).max(100).optional(),
    applicant: z
      .object({
        name: z.string().trim().min(1).max(50),
        idNumber,
        citizenCardNo,
        regionCode,
      })
      .strict()
      .optional(),
    // Until the case document carries them (ADR 0008).
    recipient: z.object({ idNumber, citizenCardNo }).strict().optional(),
    item: z.enum(['temporary', 'dibao', 'dibian', 'tekun', 'medical']).default('temporary'),
    hardship: reason,
    declaration: z.object({ signed: z.boolean(), signedOn: isoDay, text: text(2000) }).strict(),
  })
  .strict();
export const investigationBody = z
  .object({
    economicCheck: z.object({ startedOn: isoDay, completedOn: isoDay, note: text() }).strict(),
    homeVisit: z.object({ visitedOn: isoDay, note: text() }).strict(),
  })
  .strict();
export const democraticReviewBody = z
  .object({
    heldAt: z.string().datetime({ offset: true }),
    participants: z
      .array(
        z
          .object({
            personId: z.string().trim().min(1).max(100),
            role: z.enum([
              'street_staff',
              'village_committee',
              'resident_official',
              'resident_representative',
              'discipline_observer',
            ]),
          })
          .strict(),
      )
      .max(500),
    minutes: text(5000),
  })
  .strict();
export const officeReviewBody = z.object({ passed: z.boolean(), opinion: text() }).strict();
export const decisionBody = z
  .object({
    approved: z.boolean(),
    meetingOn: isoDay,
    amountFen: amount.optional(),
    instalments: z
      .array(z.object({ amountFen: amount, payFrom: isoDay.optional() }).strict())
      .min(1)
      .max(24)
      .optional(),
    schedule: z.enum(['temporary', 'monthly']).optional(),
    minutes: text(5000),
  })
  .strict();
export const noticeBody = z
  .object({ postedOn: isoDay, place: z.string().trim().min(1).max(200) })
  .strict();
export const objectionBody = z.object({ content: reason }).strict();
export const reasonBody = z.object({ reason }).strict();
export const filingBody = z
  .object({
    recipients: z.array(z.enum(['discipline_committee', 'business_department'])).max(5),
  })
  .strict();
export const generateBody = z
  .object({ year: z.number().int().min(2000).max(2100), period: z.number().int().min(1) })
  .strict();
export const tasksQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  period: z.coerce.number().int().min(1),
  status: z.enum(['due', 'overdue', 'done']).optional(),
});
/** GET /deliberations: a page of the caller's region, by stage (DOMAIN §5). */
export const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    stage: z
      .enum([
        'investigation',
        'democratic_review',
        'office_review',
        'collective_decision',
        'public_notice',
        'reinvestigation',
        'approved',
        'filed',
        'closed',
      ])
      .optional(),
  })
  .strict();
export const resultBody = z
  .object({ outcome: z.enum(['continue', 'adjust', 'terminate']), note: text() })
  .strict();

/** Public view; the outbox never leaves the service. */
