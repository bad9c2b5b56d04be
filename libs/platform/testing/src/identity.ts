import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeJwt } from 'jose';
import { roles as knownRoles, type Actor } from '@jh/platform-auth';

/** The local Keycloak of tools/local-infra (realm `jh`), as tests reach it. */
export function identityEndpoints() {
  const base = (
    process.env['KEYCLOAK_URL'] ?? `http://127.0.0.1:${process.env['JH_KEYCLOAK_PORT'] ?? '18080'}`
  ).replace(/\/$/, '');
  const issuer = `${base}/realms/jh`;
  return {
    base,
    issuer,
    tokenUrl: `${issuer}/protocol/openid-connect/token`,
    admin: {
      username: process.env['JH_KEYCLOAK_ADMIN_USER'] ?? 'admin',
      password: process.env['JH_KEYCLOAK_ADMIN_PASSWORD'] ?? 'admin',
    },
  };
}

/** Environment naming the local identity provider, and the client credentials of `clientId`. */
export function identityEnv(clientId?: string): Record<string, string> {
  const { issuer, tokenUrl } = identityEndpoints();
  return {
    AUTH_ISSUER: issuer,
    ...(clientId
      ? {
          AUTH_TOKEN_URL: tokenUrl,
          AUTH_CLIENT_ID: clientId,
          AUTH_CLIENT_SECRET: `dev-secret-${clientId}`,
        }
      : {}),
  };
}

/** Password of the users tests create (local realm only). */
export const TEST_PASSWORD = 'jh-test-password';

async function form(url: string, fields: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  return {
    status: res.status,
    body: (await res.json().catch(() => ({}))) as Record<string, unknown>,
  };
}

let adminToken: { value: string; until: number } | undefined;
async function admin(): Promise<string> {
  if (adminToken && Date.now() < adminToken.until) return adminToken.value;
  const { base, admin: creds } = identityEndpoints();
  const { status, body } = await form(`${base}/realms/master/protocol/openid-connect/token`, {
    grant_type: 'password',
    client_id: 'admin-cli',
    ...creds,
  });
  if (status !== 200) throw new Error(`Keycloak admin sign-in failed (${status}): is it up?`);
  adminToken = {
    value: String(body['access_token']),
    until: Date.now() + (Number(body['expires_in']) - 10) * 1000,
  };
  return adminToken.value;
}

/** Calls the Keycloak admin REST API (`/admin/realms/…`) as the local bootstrap admin. */
export async function adminFetch(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${identityEndpoints().base}/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${await admin()}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** A password-grant token of the test client `jh-dev`, or undefined when sign-in fails. */
export async function signIn(
  username: string,
  password: string,
  tokenUrl = identityEndpoints().tokenUrl,
): Promise<string | undefined> {
  const { status, body } = await form(tokenUrl, {
    grant_type: 'password',
    client_id: 'jh-dev',
    username,
    password,
  });
  return status === 200 ? String(body['access_token']) : undefined;
}

/** A client-credentials token of a service client of the realm (`svc-intake`, …). */
export async function serviceAccountToken(
  clientId: string,
  tokenUrl = identityEndpoints().tokenUrl,
): Promise<string> {
  const { status, body } = await form(tokenUrl, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: `dev-secret-${clientId}`,
  });
  if (status !== 200) throw new Error(`client credentials for ${clientId} refused (${status})`);
  return String(body['access_token']);
}

const matches = (token: string, actor: Actor) => {
  const c = decodeJwt(token);
  const claimed = (Array.isArray(c['roles']) ? (c['roles'] as string[]) : []).filter((r) =>
    (knownRoles as readonly string[]).includes(r),
  );
  return (
    c.sub === actor.userId &&
    [...claimed].sort().join() === [...actor.roles].sort().join() &&
    c['region_code'] === actor.regionCode &&
    c['department'] === actor.department &&
    (actor.name === undefined || c['name'] === actor.name)
  );
};

/**
 * Creates or replaces the realm user `actor.userId` (same id, roles and attributes). Answers the
 * failure text when Keycloak refused: parallel test files writing one user at the same moment
 * collide (409 or 500); the caller signs in and tries again.
 */
async function putUser(actor: Actor): Promise<string | undefined> {
  const attributes: Record<string, string[]> = {};
  if (actor.regionCode) attributes['region_code'] = [actor.regionCode];
  if (actor.department) attributes['department'] = [actor.department];
  const res = await adminFetch('/realms/jh/partialImport', {
    method: 'POST',
    body: {
      ifResourceExists: 'OVERWRITE',
      users: [
        {
          id: actor.userId,
          username: actor.userId.toLowerCase(),
          enabled: true,
          emailVerified: true,
          firstName: actor.name ?? actor.userId,
          lastName: '',
          attributes,
          realmRoles: actor.roles,
          credentials: [{ type: 'password', value: TEST_PASSWORD, temporary: false }],
          requiredActions: [],
        },
      ],
    },
  });
  return res.ok ? undefined : `Keycloak partialImport failed (${res.status}): ${await res.text()}`;
}

/**
 * A real access token from the local Keycloak for a test actor: the user is created (or replaced
 * when another test file gave the same id other roles) with `actor.userId` as its id, so `sub`
 * is the id the test names. Parallel test files may race on one id: the claims are checked.
 */
export async function keycloakToken(actor: Actor): Promise<string> {
  let refused: string | undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    const token = await signIn(actor.userId.toLowerCase(), TEST_PASSWORD);
    if (token && matches(token, actor)) return token;
    refused = await putUser(actor);
    // A collision with another writer: step aside for a random moment so the two do not meet again.
    if (refused) await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
  }
  throw new Error(`could not get a token matching ${JSON.stringify(actor)}: ${refused ?? ''}`);
}

/** The development users of the realm file (tools/local-infra/keycloak), by username. */
export function developmentUsernames(): string[] {
  const file = resolve(__dirname, '../../../../tools/local-infra/keycloak/realm-jh.json');
  const realm = JSON.parse(readFileSync(file, 'utf8')) as { users: { username: string }[] };
  return realm.users.map((u) => u.username).filter((u) => !u.startsWith('service-account-'));
}

export const DEVELOPMENT_PASSWORD = 'jh-dev-2026';

/** Every development user signed in: its token and the actor its claims make. */
export async function signInDevelopmentUsers(
  filter: (username: string) => boolean = () => true,
): Promise<{ name: string; token: string; actor: Actor }[]> {
  const out: { name: string; token: string; actor: Actor }[] = [];
  for (const name of developmentUsernames().filter(filter)) {
    const token = await signIn(name, DEVELOPMENT_PASSWORD);
    if (!token) throw new Error(`development user ${name} could not sign in`);
    const c = decodeJwt(token);
    const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    out.push({
      name,
      token,
      actor: {
        userId: String(c.sub),
        roles: (Array.isArray(c['roles']) ? (c['roles'] as string[]) : []).filter(
          (r): r is Actor['roles'][number] => (knownRoles as readonly string[]).includes(r),
        ),
        regionCode: text(c['region_code']),
        department: text(c['department']),
      },
    });
  }
  return out;
}
