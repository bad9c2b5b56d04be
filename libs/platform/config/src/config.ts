import { z } from 'zod';
import { cryptoEnv } from '@jh/platform-crypto';

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

/** In production the engines are reached with credentials only (issue 14). */
function engineCredentialIssues(source: Env): { variable: string; message: string }[] {
  const issues: { variable: string; message: string }[] = [];
  if (source['KAFKA_BROKERS'] !== undefined) {
    for (const v of ['KAFKA_SASL_MECHANISM', 'KAFKA_USERNAME', 'KAFKA_PASSWORD'])
      if (!source[v])
        issues.push({ variable: v, message: '生产环境必填 / required in production' });
  }
  const url = source['MONGO_URL'];
  if (url !== undefined && !/^mongodb(\+srv)?:\/\/[^/@]+@/.test(url) && !/MONGODB-X509/.test(url))
    issues.push({
      variable: 'MONGO_URL',
      message: '生产环境须带用户名和密码 / must carry user:password@ in production',
    });
  return issues;
}

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
  const missing = isProduction(env) ? engineCredentialIssues(source) : [];
  if (!parsed.success || missing.length > 0) {
    throw new ConfigError([
      ...(parsed.error?.issues ?? []).map((issue) => ({
        variable: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
      ...missing,
    ]);
  }
  return parsed.data;
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** 等保 2.0 level 3: audit records are kept at least six months. */
export const RETENTION_FLOOR_DAYS = 180;

/** Audit settings (defined here, not in platform-audit, which itself reads platform-config). */
export const auditEnvShape = {
  /** Hash of the chain: sha256 with the AES suite, sm3 with the national suite. */
  AUDIT_HASH: z.enum(['sha256', 'sm3']).default('sha256'),
  /**
   * PKCS#8 PEM private key for checkpoints (Ed25519 for sha256, SM2 for sm3). Optional only in
   * development/test, where a fixed, public dev key is used: `auditSignerFromEnv` refuses otherwise.
   */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(100_000).default(100),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(RETENTION_FLOOR_DAYS).default(180),
  /** How often records older than the retention period are pruned (0 = never). */
  AUDIT_PURGE_INTERVAL_MS: z.coerce.number().int().min(0).default(86_400_000),
};

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
  /** SASL login to Kafka; all three required in production (checked by loadConfig). */
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).optional(),
  KAFKA_USERNAME: z.string().min(1).optional(),
  KAFKA_PASSWORD: z.string().min(1).optional(),
  /** TLS to the brokers; KAFKA_SSL_CA_FILE trusts a private CA (docker-compose.yml, TLS). */
  KAFKA_SSL: bool.default(false),
  KAFKA_SSL_CA_FILE: z.string().optional(),
  /** Credentials (user:password@…?authSource=…) and TLS (tls=true&tlsCAFile=…) go in the URL. */
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  /** The OIDC provider's issuer URL, exactly as tokens carry it in `iss`. */
  AUTH_ISSUER: z.string().url(),
  AUTH_AUDIENCE: z.string().min(1).default('jh-platform'),
  /** Where to read the signing keys; by default `jwks_uri` from the issuer's discovery document. */
  AUTH_JWKS_URL: z.string().url().optional(),
  /** Accepted signature algorithms (asymmetric only; the token never chooses). */
  AUTH_ALGORITHMS: z
    .string()
    .default('RS256')
    .transform((s) => s.split(',').map((a) => a.trim()))
    .pipe(z.array(z.enum(['RS256', 'PS256', 'ES256'])).min(1)),
  /** Least time between two reads of the keys caused by an unknown `kid` (a rotated key). */
  AUTH_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(10_000),
  AUTH_CLOCK_SKEW_S: z.coerce.number().int().min(0).max(300).default(30),
  /** Longest token lifetime accepted (exp − iat, and time left); the provider issues 900 s. */
  AUTH_MAX_TOKEN_LIFETIME_S: z.coerce.number().int().min(60).max(86400).default(3600),
  AUTH_CLAIM_ROLES: z.string().min(1).default('roles'),
  AUTH_CLAIM_REGION: z.string().min(1).default('region_code'),
  AUTH_CLAIM_DEPARTMENT: z.string().min(1).default('department'),
  /** This service's own client credentials, for calls to other services (all three or none). */
  AUTH_TOKEN_URL: z.string().url().optional(),
  AUTH_CLIENT_ID: z.string().min(1).optional(),
  AUTH_CLIENT_SECRET: z.string().min(1).optional(),
  /** Authentication failures (401) from one source within the window that block it (429). */
  AUTH_FAILURE_MAX: z.coerce.number().int().min(1).default(20),
  AUTH_FAILURE_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  AUTH_FAILURE_BLOCK_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Express `trust proxy` (hop count, or a list like `loopback`); off unless a proxy is in front. */
  HTTP_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string =>
      v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v,
    ),
  OTEL_ENABLED: bool.default(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  TOPIC_PREFIX: z.string().default(''),
  /**
   * Outbox safety-net sweep (ADR 0014): writes kick the relay at once; the sweep finds what a crash
   * left, through the pending index.
   */
  OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(10000),
  /** Field encryption (ADR 0019): suite, master keys, blind index key. */
  ...cryptoEnv,
  /** The hash-chained audit trail (ADR 0019); `@jh/platform-audit` re-exports this shape. */
  ...auditEnvShape,
});
export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

export const grpcPortSchema = z.object({ GRPC_PORT: port });

/** Local defaults matching tools/local-infra; never applied when NODE_ENV=production. */
export function developmentDefaults(serviceName: string, httpPort: number): Env {
  return {
    SERVICE_NAME: serviceName,
    HTTP_PORT: String(httpPort),
    KAFKA_BROKERS: `127.0.0.1:${process.env['JH_KAFKA_PORT'] ?? '19092'}`,
    MONGO_URL: localMongoUrl(`jh_${serviceName.replace(/-/g, '_')}`),
    KAFKA_SASL_MECHANISM: LOCAL_ENGINE_USERS.kafka.mechanism,
    KAFKA_USERNAME: LOCAL_ENGINE_USERS.kafka.username,
    KAFKA_PASSWORD: LOCAL_ENGINE_USERS.kafka.password,
    ...localIdentity(serviceName),
  };
}

/** Development users of the local engines (tools/local-infra/lib/config.mjs; loopback only). */
export const LOCAL_ENGINE_USERS = {
  kafka: { mechanism: 'scram-sha-512', username: 'jh', password: 'jh-dev-kafka' },
  mongo: { username: 'jh', password: 'jh-dev-mongo', authSource: 'admin' },
} as const;

/** The local FerretDB with the development user, for `database`. */
export function localMongoUrl(database: string): string {
  const { username, password, authSource } = LOCAL_ENGINE_USERS.mongo;
  const port = process.env['JH_MONGO_PORT'] ?? '27027';
  return `mongodb://${username}:${password}@127.0.0.1:${port}/${database}?authSource=${authSource}`;
}

/** The local Keycloak started by tools/local-infra (realm `jh`, one client per service). */
export function localIdentity(serviceName: string): Env {
  const issuer = `http://127.0.0.1:${process.env['JH_KEYCLOAK_PORT'] ?? '18080'}/realms/jh`;
  return {
    AUTH_ISSUER: issuer,
    AUTH_TOKEN_URL: `${issuer}/protocol/openid-connect/token`,
    AUTH_CLIENT_ID: `svc-${serviceName}`,
    AUTH_CLIENT_SECRET: `dev-secret-svc-${serviceName}`,
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
