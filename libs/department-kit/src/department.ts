import {
  developmentDefaults,
  loadConfig,
  serviceEnvSchema,
  type Env,
  type ServiceEnv,
} from '@jh/platform-config';
import { startService, type RunningService } from '@jh/platform-service';

/** What one department service adds on top of the shared kit: its identity and its own rules. */
export interface DepartmentDefinition {
  /** Department code used in routing and tokens, e.g. `education`. */
  code: string;
  /** Chinese name shown to users, e.g. 教育局. */
  name: string;
  defaultHttpPort: number;
}

export function loadDepartmentConfig(
  def: DepartmentDefinition,
  env: Env = process.env,
): ServiceEnv {
  return loadConfig(serviceEnvSchema, env, developmentDefaults(def.code, def.defaultHttpPort));
}

/** Starts a department service; the worklist and report-back endpoints are added here, once, for all four. */
export async function startDepartmentService(
  def: DepartmentDefinition,
  config: ServiceEnv,
): Promise<RunningService> {
  return startService(config, async () => ({
    mountHttp: (app) => {
      app.get('/department', (_req, res) => {
        res.json({ code: def.code, name: def.name });
      });
    },
  }));
}
