import {
  developmentDefaults,
  grpcPortSchema,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';

export const intakeEnvSchema = serviceEnvSchema.extend(grpcPortSchema.shape);
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Env = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env, {
    ...developmentDefaults('intake', 3001),
    GRPC_PORT: '50051',
  });
}
