// Tokens from the local Keycloak (realm `jh`) for development tools and tests: password grant
// (public client `jh-dev`) and client credentials (service clients). No token is minted here.
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';

export const DEV_CLIENT_ID = 'jh-dev';
export const DEV_PASSWORD = 'jh-dev-2026';
export const devClientSecret = (clientId: string): string => `dev-secret-${clientId}`;

/** Issuer: AUTH_ISSUER, else the local Keycloak on JH_KEYCLOAK_PORT (default 18080). */
export function issuerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['AUTH_ISSUER'] || `http://127.0.0.1:${env['JH_KEYCLOAK_PORT'] || 18080}/realms/jh`;
}

/** Token endpoint: AUTH_TOKEN_URL, else the issuer's standard Keycloak path. */
export function tokenUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['AUTH_TOKEN_URL'] || `${issuerUrl(env)}/protocol/openid-connect/token`;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  token_type: string;
}

/** A refused or failed token request; `message` is Chinese for the person at the terminal. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

async function post(url: string, form: Record<string, string>): Promise<TokenResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new TokenError(
      `无法连接 Keycloak（${url}，${cause}）。请先运行 npm run infra:up 启动本地 Keycloak。`,
      undefined,
      'unreachable',
    );
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok && typeof body['access_token'] === 'string') return body as unknown as TokenResponse;
  const code = String(body['error'] ?? `http_${res.status}`);
  const detail = String(body['error_description'] ?? '');
  const hint =
    res.status === 404
      ? '令牌端点不存在（realm jh 尚未导入？）'
      : code === 'invalid_grant'
        ? '用户名或密码错误，或账号已被暂时锁定'
        : code === 'invalid_client' || code === 'unauthorized_client'
          ? '客户端不存在、密钥错误或不允许此授权方式'
          : '令牌请求被拒绝';
  throw new TokenError(
    `${hint}（HTTP ${res.status} ${code}${detail ? `: ${detail}` : ''}）`,
    res.status,
    code,
  );
}

/** Password grant with the development client (local realm only). */
export function passwordGrant(
  username: string,
  password: string = DEV_PASSWORD,
  opts: { url?: string; clientId?: string } = {},
): Promise<TokenResponse> {
  return post(opts.url ?? tokenUrl(), {
    grant_type: 'password',
    client_id: opts.clientId ?? DEV_CLIENT_ID,
    username,
    password,
    scope: 'openid',
  });
}

/** Client-credentials grant for a confidential service client. */
export function clientCredentials(
  clientId: string,
  clientSecret: string = devClientSecret(clientId),
  opts: { url?: string } = {},
): Promise<TokenResponse> {
  return post(opts.url ?? tokenUrl(), {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
}

/** Header and claims of a JWT, without verifying it (display and tests only). */
export function decodeToken(token: string): {
  header: Record<string, unknown>;
  claims: JWTPayload;
} {
  return {
    header: decodeProtectedHeader(token) as Record<string, unknown>,
    claims: decodeJwt(token),
  };
}
