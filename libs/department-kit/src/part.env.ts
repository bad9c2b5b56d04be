import { regionLevel } from '@jh/domain-access';
import { z } from '@jh/platform-config';

/** Worklist settings, spread into the department env schema. */
export const partEnv = {
  /** The department's own handling limit in working days (R-JH-3). */
  DEPT_HANDLING_LIMIT_DAYS: z.coerce.number().int().min(1).max(365),
  /** A part is at risk once at most this share (%) of a clock's span remains (domain-sla semantics). */
  DEPT_AT_RISK_PERCENT: z.coerce.number().int().min(1).max(99),
  /**
   * The region this department office serves (GB/T 2260). A part whose dispatch names no region
   * (PartDispatched carries none yet) is filed here: its officers at this level see it, officers
   * of a smaller region do not. Empty: such parts are read by services only (R-OV-2).
   */
  DEPT_REGION_CODE: z
    .string()
    .refine((code) => code === '' || regionLevel(code) !== undefined, '应为有效的行政区划代码')
    .default(''),
};
