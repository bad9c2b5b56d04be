import {
  developmentDefaults,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';
import { defaultSlaConfig } from '@jh/domain-sla';

export const departmentEnvSchema = serviceEnvSchema.extend({
  /** The department's own handling limit in working days (R-JH-3). */
  DEPT_HANDLING_LIMIT_DAYS: z.coerce.number().int().min(1).max(365),
  /** A part is at risk once at most this share (%) of a clock's span remains (domain-sla semantics). */
  DEPT_AT_RISK_PERCENT: z.coerce.number().int().min(1).max(99),
});
export type DepartmentConfig = z.infer<typeof departmentEnvSchema>;

/** The parts of a department definition its configuration defaults come from (config sits below the definition). */
export interface DepartmentConfigDefaults {
  code: string;
  defaultHttpPort: number;
  handlingLimitWorkingDays: number;
}

export function loadDepartmentConfig(
  def: DepartmentConfigDefaults,
  env: Env = process.env,
): DepartmentConfig {
  // Rule defaults apply in every environment, unlike the development-only connection defaults.
  const ruleDefaults: Env = {
    DEPT_HANDLING_LIMIT_DAYS: String(def.handlingLimitWorkingDays),
    DEPT_AT_RISK_PERCENT: String(defaultSlaConfig.atRiskPercent),
  };
  return loadConfig(
    departmentEnvSchema,
    { ...ruleDefaults, ...env },
    {
      ...developmentDefaults(def.code, def.defaultHttpPort),
    },
  );
}
