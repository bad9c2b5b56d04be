import { applicationNumberQuery } from '@jh/domain-application';
import { scopeKeyOf } from '@jh/domain-access';
import { z } from '@jh/platform-config';

const pagination = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const blankAsAbsent = (v: unknown) => (v === '' ? undefined : v);
/**
 * A city, county (6 digits) or street (9 digits) code (GB/T 2260 and its street extension): a
 * level lists are scoped by (a province code has no scope key, so it would narrow nothing).
 */
const regionCodeParam = z.preprocess(
  blankAsAbsent,
  z
    .string()
    .refine((code) => /^\d{6}(\d{3})?$/.test(code) && scopeKeyOf(code) !== undefined, {
      message: '地区代码应为有效的6位市、县（区）代码或9位街道代码',
      params: { code: 'REGION_CODE_INVALID' },
    })
    .meta({ description: '地区代码（本辖区内的市、县或街道）', pattern: '^\\d{6}(\\d{3})?$' })
    .optional(),
);
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
    /** Older form of `deadline=overdue`, kept for existing callers. */
    overdue: z.enum(['true', 'false']).optional(),
    /** Narrows the list inside the caller's own region; a region outside it answers nothing. */
    region: regionCodeParam,
    /** overdue: an open part past a due date; at_risk: in its at-risk window, none overdue. */
    deadline: z.preprocess(
      blankAsAbsent,
      z
        .enum(['overdue', 'at_risk'])
        .meta({ description: 'overdue：有部门事项已超期；at_risk：临近到期且尚无超期' })
        .optional(),
    ),
    /** An exact application number. */
    q: applicationNumberQuery,
  })
  .strict()
  .refine((q) => q.overdue === undefined || q.deadline === undefined, {
    message: '期限筛选请只用 deadline，不能与 overdue 同时指定',
    params: { code: 'DEADLINE_CONFLICT' },
    path: ['deadline'],
  });
export type CaseListQuery = z.infer<typeof listQuery>;
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
