import {
  developmentDefaults,
  grpcPortSchema,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';
import { applicationEnv } from './application/application.env';
import { progressEnv } from './progress/progress.env';

export const intakeEnvSchema = serviceEnvSchema.extend(grpcPortSchema.shape).extend({
  ...applicationEnv,
  ...progressEnv,
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Env = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env, {
    ...developmentDefaults('intake', 3001),
    GRPC_PORT: '50051',
    USER_DIRECTORY_URL: `http://127.0.0.1:${process.env['JH_KEYCLOAK_PORT'] ?? '18080'}/admin/realms/jh`,
  });
}
