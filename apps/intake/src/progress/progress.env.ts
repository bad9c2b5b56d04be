import { DEPARTMENT_NAMES_ZH } from '@jh/domain-policy';
import { jsonEnv, z } from '@jh/platform-config';

/** Progress settings, spread into the intake env schema. */
export const progressEnv = {
  /** Department code → Chinese name for the application's history (R-JH-2: data, not code). */
  DEPARTMENT_NAMES_JSON: jsonEnv(z.record(z.string().min(1), z.string().min(1))).default({
    ...DEPARTMENT_NAMES_ZH,
  }),
};
