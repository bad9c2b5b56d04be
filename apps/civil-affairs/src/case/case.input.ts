import { z } from '@jh/platform-config';

const pagination = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
export const listQuery = z
  .object({
    ...pagination,
    status: z
      .enum(['dispatched', 'partially_reported', 'completed', 'civil_affairs_only'])
      .optional(),
    department: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .optional(),
    overdue: z.enum(['true', 'false']).optional(),
  })
  .strict();
export const pageQuery = z.object(pagination).strict();
export const transferBody = z
  .object({
    toDepartment: z.string().regex(/^[a-z][a-z0-9_]*$/),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
export const referralBody = z
  .object({
    organisation: z.string().trim().min(1).max(200),
    kind: z.enum(['charity', 'social_work']),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
export const rateQuery = z.object({ from: z.string().min(1), to: z.string().min(1) }).strict();
export const bulletinQuery = z
  .object({ month: z.string().min(1), format: z.enum(['json', 'csv']).default('json') })
  .strict();
/** 督办 (R-JH-4): remind the department or escalate, with an optional note. */
export const supervisionBody = z
  .object({
    action: z.enum(['remind', 'escalate']),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
const blankAsAbsent = (v: unknown) => (v === '' ? undefined : v);
/** The SLA trend: the last `weeks` ISO weeks, optionally one department and one sub-region. */
export const trendQuery = z
  .object({
    weeks: z.coerce.number().int().min(1).max(26).default(8),
    department: z.preprocess(
      blankAsAbsent,
      z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/)
        .optional(),
    ),
    region: z.preprocess(
      blankAsAbsent,
      z
        .string()
        .regex(/^\d{6}(\d{3})?$/)
        .optional(),
    ),
  })
  .strict();
/** Client-chosen `Idempotency-Key` (the same shape intake accepts). */
export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,128}$/;
