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
    education: '教育局',
    housing: '住建局',
    medical: '医保局',
    employment: '人社局',
    emergency: '应急管理局',
    disabled_persons: '残联',
    power_supply: '供电公司',
  }),
});
export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export function loadIntakeConfig(env: Env = process.env): IntakeConfig {
  return loadConfig(intakeEnvSchema, env, {
    ...developmentDefaults('intake', 3001),
    GRPC_PORT: '50051',
  });
}
