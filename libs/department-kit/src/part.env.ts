import { z } from '@jh/platform-config';

/** Worklist settings, spread into the department env schema. */
export const partEnv = {
  /** The department's own handling limit in working days (R-JH-3). */
  DEPT_HANDLING_LIMIT_DAYS: z.coerce.number().int().min(1).max(365),
  /** A part is at risk once at most this share (%) of a clock's span remains (domain-sla semantics). */
  DEPT_AT_RISK_PERCENT: z.coerce.number().int().min(1).max(99),
};
