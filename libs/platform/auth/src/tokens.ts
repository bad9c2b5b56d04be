import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { unauthenticated } from '@jh/platform-errors';
import { roles, type Actor, type Role } from './actor';

export interface AuthSettings {
  secret: string;
  issuer: string;
  audience: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

const key = (secret: string) => new TextEncoder().encode(secret);
const isRole = (r: unknown): r is Role =>
  typeof r === 'string' && (roles as readonly string[]).includes(r);

/** HS256 verifier; the algorithm is pinned so a token cannot pick its own. */
export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  const secret = key(settings.secret);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, secret, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: ['HS256'],
        });
        if (typeof payload.sub !== 'string' || payload.sub.length === 0)
          throw unauthenticated('令牌缺少用户标识');
        const claimedRoles = Array.isArray(payload['roles']) ? payload['roles'] : [];
        return {
          userId: payload.sub,
          name: typeof payload['name'] === 'string' ? payload['name'] : undefined,
          roles: claimedRoles.filter(isRole),
          department: typeof payload['department'] === 'string' ? payload['department'] : undefined,
          regionCode: typeof payload['region'] === 'string' ? payload['region'] : undefined,
        };
      } catch (e) {
        if (e instanceof joseErrors.JWTExpired) throw unauthenticated('登录已过期，请重新登录');
        if (e instanceof Error && e.name === 'AppError') throw e;
        throw unauthenticated('令牌无效');
      }
    },
  };
}

/** Development/test issuer; production tokens come from the identity provider. */
export async function issueToken(
  settings: AuthSettings,
  actor: Actor,
  expiresIn: string | number = '8h',
): Promise<string> {
  return new SignJWT({
    roles: actor.roles,
    ...(actor.name ? { name: actor.name } : {}),
    ...(actor.department ? { department: actor.department } : {}),
    ...(actor.regionCode ? { region: actor.regionCode } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(settings.secret));
}

export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
