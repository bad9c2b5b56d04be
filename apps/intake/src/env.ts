import { DEPARTMENT_NAMES_ZH } from '@jh/domain-policy';
import {
  developmentDefaults,
  grpcPortSchema,
  jsonEnv,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';

export const intakeEnvSchema = serviceEnvSchema.extend(grpcPortSchema.shape).extend({
  /** Department code → Chinese name for the application's history (R-JH-2: data, not code). */
  DEPARTMENT_NAMES_JSON: jsonEnv(z.record(z.string().min(1), z.string().min(1))).default({
    ...DEPARTMENT_NAMES_ZH,
  }),
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Env = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env, {
    ...developmentDefaults('intake', 3001),
    GRPC_PORT: '50051',
  });
}
