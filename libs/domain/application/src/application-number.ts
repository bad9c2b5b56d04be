import { z } from 'zod';

/** How intake numbers applications: `JH-<year>-<sequence>`, e.g. JH-2026-000123. */
export const applicationNumberPattern = /^JH-\d{4}-\d{6,9}$/;

/** The number the applicant is given at the window (R-JH-1). */
export function applicationNumber(year: number, sequence: number): string {
  return `JH-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * A search for exactly one application number (case lists, department worklists): trimmed and
 * upper-cased; '' means no search.
 */
export const applicationNumberQuery = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .trim()
    .toUpperCase()
    .refine((n) => applicationNumberPattern.test(n), {
      message: '请输入完整的申请编号，如 JH-2026-000123',
      params: { code: 'APPLICATION_NUMBER_INVALID' },
    })
    .meta({ description: '完整的申请编号（精确匹配）', examples: ['JH-2026-000123'] })
    .optional(),
);
