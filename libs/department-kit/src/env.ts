import {
  developmentDefaults,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';
import { defaultSlaConfig } from '@jh/domain-sla';
import type { EnvShape } from '@jh/platform-service';
import { partEnv } from './part.env';

export const departmentEnvSchema = serviceEnvSchema.extend(partEnv);
export type DepartmentConfig = z.infer<typeof departmentEnvSchema>;

/** The parts of a department definition its configuration comes from (config sits below the definition). */
export interface DepartmentConfigDefaults {
  code: string;
  defaultHttpPort: number;
  handlingLimitWorkingDays: number;
  /** The department's own features, whose env shapes are spread into the schema. */
  features?: readonly { env: EnvShape }[];
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
  const featureEnv: EnvShape = Object.assign({}, ...(def.features ?? []).map((f) => f.env));
  // The features' keys ride along untyped here; each feature reads them typed, from its slice.
  return loadConfig(
    departmentEnvSchema.extend(featureEnv),
    { ...ruleDefaults, ...env },
    {
      ...developmentDefaults(def.code, def.defaultHttpPort),
      // The development realm's city (杭州市), whose development users sign in locally.
      DEPT_REGION_CODE: '330100',
    },
  ) as DepartmentConfig;
}
