import {
  developmentDefaults,
  grpcPortSchema,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';

export const civilAffairsEnvSchema = serviceEnvSchema.extend(grpcPortSchema.shape).extend({
  INTAKE_GRPC_URL: z.string().min(1),
  /** Service account token used for calls to other services. */
  SERVICE_TOKEN_TTL: z.string().default('1h'),
});
export type CivilAffairsConfig = z.infer<typeof civilAffairsEnvSchema>;

export function loadCivilAffairsConfig(env: Env = process.env): CivilAffairsConfig {
  return loadConfig(civilAffairsEnvSchema, env, {
    ...developmentDefaults('civil-affairs', 3002),
    GRPC_PORT: '50052',
    INTAKE_GRPC_URL: '127.0.0.1:50051',
  });
}
