import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      `配置无效 / invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`,
    );
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

const isProduction = (env: Env) => env['NODE_ENV'] === 'production';

/**
 * Validates the environment once at start-up and fails fast naming every bad variable.
 * `devDefaults` fill gaps only outside production, so a missing secret never slips into prod.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Env = process.env,
  devDefaults: Env = {},
): z.infer<S> {
  const source: Env = isProduction(env) ? { ...env } : { ...devDefaults, ...env };
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Variables every service reads; apps extend this with their own. */
export const serviceEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  SERVICE_NAME: z.string().min(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_PORT: port,
  /** Deepest nesting a JSON request body may have; deeper answers 400 INPUT_TOO_DEEP. */
  HTTP_MAX_JSON_DEPTH: z.coerce.number().int().min(1).max(1000).default(32),
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  AUTH_ISSUER: z.string().min(1).default('jh-platform'),
  AUTH_AUDIENCE: z.string().min(1).default('jh-platform'),
  OTEL_ENABLED: bool.default(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  TOPIC_PREFIX: z.string().default(''),
  /**
   * Outbox safety-net sweep (ADR 0014): writes kick the relay at once; the sweep finds what a crash
   * left, through the pending index.
   */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(10000),
});
export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

export const grpcPortSchema = z.object({ GRPC_PORT: port });

/** Local defaults matching tools/local-infra; never applied when NODE_ENV=production. */
export function developmentDefaults(serviceName: string, httpPort: number): Env {
  return {
    SERVICE_NAME: serviceName,
    HTTP_PORT: String(httpPort),
    KAFKA_BROKERS: `127.0.0.1:${process.env['JH_KAFKA_PORT'] ?? '19092'}`,
    MONGO_URL: `mongodb://127.0.0.1:${process.env['JH_MONGO_PORT'] ?? '27027'}/jh_${serviceName.replace(/-/g, '_')}`,
    AUTH_JWT_SECRET: 'development-only-secret-change-me-0123456789',
  };
}

/** A variable holding JSON, parsed and then validated by `schema` ("must be JSON" otherwise). */
export function jsonEnv<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

export { z };
