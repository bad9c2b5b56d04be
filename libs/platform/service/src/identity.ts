import {
  createTokenVerifier,
  httpJwksSource,
  ServiceTokenSource,
  type TokenVerifier,
} from '@jh/platform-auth';
import { ConfigError, type ServiceEnv } from '@jh/platform-config';

/** The verifier of the configured OIDC provider's access tokens (ADR 0018). */
export function verifierFor(config: ServiceEnv): TokenVerifier {
  return createTokenVerifier(
    {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      algorithms: config.AUTH_ALGORITHMS,
      clockSkewS: config.AUTH_CLOCK_SKEW_S,
      maxLifetimeS: config.AUTH_MAX_TOKEN_LIFETIME_S,
      jwksCooldownMs: config.AUTH_JWKS_COOLDOWN_MS,
      claims: {
        roles: config.AUTH_CLAIM_ROLES,
        region: config.AUTH_CLAIM_REGION,
        department: config.AUTH_CLAIM_DEPARTMENT,
      },
    },
    httpJwksSource(config.AUTH_ISSUER, config.AUTH_JWKS_URL),
  );
}

/** The service's own token for calls to other services, when it has client credentials. */
export function serviceTokenFor(config: ServiceEnv): ServiceTokenSource | undefined {
  const {
    AUTH_TOKEN_URL: tokenUrl,
    AUTH_CLIENT_ID: clientId,
    AUTH_CLIENT_SECRET: clientSecret,
  } = config;
  if (!tokenUrl && !clientId && !clientSecret) return undefined;
  if (!tokenUrl || !clientId || !clientSecret) {
    throw new ConfigError(
      (['AUTH_TOKEN_URL', 'AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET'] as const)
        .filter((v) => !config[v])
        .map((variable) => ({
          variable,
          message: '服务账号配置须三项齐全 / set all three or none',
        })),
    );
  }
  return new ServiceTokenSource({ tokenUrl, clientId, clientSecret });
}
