import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { unauthenticated, unavailable } from '@jh/platform-errors';
import { roles, type Actor, type Role } from './actor';
import { JwksCache, type JwksSource } from './jwks';

/** Asymmetric algorithms only: a shared-secret token can never be accepted. */
export const signingAlgorithms = ['RS256', 'PS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof signingAlgorithms)[number];

export interface VerifierSettings {
  issuer: string;
  audience: string;
  algorithms: readonly SigningAlgorithm[];
  clockSkewS: number;
  /** Tokens whose lifetime (exp − iat) or remaining life exceeds this are refused. */
  maxLifetimeS: number;
  claims: { roles: string; region: string; department: string };
  /** Least time between key re-reads caused by an unknown `kid`. */
  jwksCooldownMs?: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

const isRole = (r: unknown): r is Role =>
  typeof r === 'string' && (roles as readonly string[]).includes(r);
const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Verifies access tokens of an OIDC provider against its JWKS: algorithm pinned, issuer and
 * audience checked, `exp`/`iat`/`sub` required, lifetime capped, small clock skew.
 */
export function createTokenVerifier(
  settings: VerifierSettings,
  source: JwksSource,
  clock: { now(): number } = Date,
): TokenVerifier {
  const jwks = new JwksCache(source, {
    now: () => clock.now(),
    cooldownMs: settings.jwksCooldownMs ?? 10_000,
    maxAgeMs: 3_600_000,
  });
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks.getKey, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: [...settings.algorithms],
          clockTolerance: settings.clockSkewS,
          maxTokenAge: settings.maxLifetimeS,
          requiredClaims: ['exp', 'iat', 'sub'],
          currentDate: new Date(clock.now()),
        }));
      } catch (e) {
        if (e instanceof joseErrors.JWTExpired) throw unauthenticated('登录已过期，请重新登录');
        if (e instanceof joseErrors.JOSEError) throw unauthenticated('令牌无效');
        // The provider could not be reached for its keys: not the caller's fault.
        throw unavailable('IDENTITY_PROVIDER_UNAVAILABLE', '身份认证服务暂时无法访问，请稍后再试');
      }
      const nowS = clock.now() / 1000;
      const exp = payload.exp!;
      if (
        exp - payload.iat! > settings.maxLifetimeS ||
        exp - nowS > settings.maxLifetimeS + settings.clockSkewS
      )
        throw unauthenticated('令牌有效期超出允许范围');
      const userId = text(payload.sub);
      if (!userId) throw unauthenticated('令牌缺少用户标识');
      const claimed = payload[settings.claims.roles];
      return {
        userId,
        name: personName(payload),
        roles: (Array.isArray(claimed) ? claimed : []).filter(isRole),
        department: text(payload[settings.claims.department]),
        regionCode: text(payload[settings.claims.region]),
      };
    },
  };
}

const cjk = /[\u3400-\u9fff]/;

/**
 * The name staff know a colleague by. Keycloak's `name` is "given family"; a Chinese name reads
 * family name first with no space (刘洋艳, not 洋艳 刘).
 */
function personName(payload: Record<string, unknown>): string | undefined {
  const family = text(payload['family_name']);
  const given = text(payload['given_name']);
  if (family && given && (cjk.test(family) || cjk.test(given))) return `${family}${given}`;
  return text(payload['name']) ?? text(payload['preferred_username']);
}

export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
