import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  SignJWT,
  UnsecuredJWT,
  decodeJwt,
  decodeProtectedHeader,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  type CryptoKey,
} from 'jose';
import { IntakeServiceClient } from '@jh/contracts';
import { callUnary, createGrpcClient } from '@jh/platform-grpc';
import {
  adminFetch,
  engineEndpoints,
  identityEndpoints,
  mongoUrlFor,
  serviceAccountToken,
  signIn,
  uniquePrefix,
} from '@jh/platform-testing';
import { buildApps, freePort, repoRoot, startApp, type AppProcess } from './processes';

// Issue 13: every service verifies access tokens of the real Keycloak against its JWKS. The test
// runs in its own copy of the development realm, so rotating a key cannot disturb other tests.
jest.setTimeout(300000);

const prefix = uniquePrefix('idp');
const realmName = `jh-${prefix.slice(1, 12).toLowerCase()}`;
const issuer = `${identityEndpoints().base}/realms/${realmName}`;
const tokenUrl = `${issuer}/protocol/openid-connect/token`;
const realmFile = JSON.parse(
  readFileSync(resolve(repoRoot, 'tools/local-infra/keycloak/realm-jh.json'), 'utf8'),
) as {
  realm: string;
  users: { id?: string; username: string }[];
  clients: { clientId: string; serviceAccountsEnabled?: boolean }[];
};
const devUsers = realmFile.users
  .map((u) => u.username)
  .filter((u) => !u.startsWith('service-account-'));
const serviceClients = realmFile.clients
  .filter((c) => c.serviceAccountsEnabled)
  .map((c) => c.clientId);

/** One authenticated list endpoint per service: any answer but 401 shows the token was accepted. */
const services = {
  intake: '/applications',
  'civil-affairs': '/cases',
  payment: '/orders',
  education: '/parts',
  housing: '/parts',
  medical: '/parts',
  employment: '/parts',
} as const;
type Service = keyof typeof services;
const names = Object.keys(services) as Service[];
const ports = {} as Record<Service, number>;
const running: AppProcess[] = [];
let intakeGrpc: number;
let ourKey: { privateKey: CryptoKey; publicKey: CryptoKey; kid: string };

/** 200 or 403 (a role check) both mean the token itself was accepted. */
const accepted = (status: number) => status === 200 || status === 403;

const call = async (service: Service, token: string | undefined) => {
  const res = await fetch(`http://127.0.0.1:${ports[service]}${services[service]}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
};

/** Adds an RSA key of ours to the realm (published in its JWKS); answers its `kid`. */
async function addRealmKey(privateKey: CryptoKey, priority: number): Promise<string> {
  const realm = (await (await adminFetch(`/realms/${realmName}`)).json()) as { id: string };
  const res = await adminFetch(`/realms/${realmName}/components`, {
    method: 'POST',
    body: {
      name: `test-key-${priority}`,
      providerId: 'rsa',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: realm.id,
      config: {
        priority: [String(priority)],
        enabled: ['true'],
        active: ['true'],
        algorithm: ['RS256'],
        privateKey: [await exportPKCS8(privateKey)],
      },
    },
  });
  if (res.status !== 201) throw new Error(`adding a realm key answered ${res.status}`);
  const componentId = String(res.headers.get('location')).split('/').pop();
  const keys = (await (await adminFetch(`/realms/${realmName}/keys`)).json()) as {
    keys: { kid: string; providerId: string }[];
  };
  return keys.keys.find((k) => k.providerId === componentId)!.kid;
}

beforeAll(async () => {
  const copy = {
    ...realmFile,
    realm: realmName,
    users: realmFile.users.map(({ id: _id, ...u }) => u),
  };
  const created = await adminFetch('/realms', { method: 'POST', body: copy });
  if (created.status !== 201) throw new Error(`creating realm answered ${created.status}`);
  const pair = await generateKeyPair('RS256', { extractable: true });
  ourKey = { ...pair, kid: await addRealmKey(pair.privateKey, 10) };

  buildApps(names);
  for (const s of names) ports[s] = await freePort();
  intakeGrpc = await freePort();
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
    TOPIC_PREFIX: prefix,
    AUTH_ISSUER: issuer,
    // A rotated key is picked up at the next token that names it (the default waits 10 s).
    AUTH_JWKS_COOLDOWN_MS: '0',
  };
  const extra: Partial<Record<Service, Record<string, string>>> = {
    intake: { GRPC_PORT: String(intakeGrpc) },
    'civil-affairs': {
      INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}`,
      SLA_SCAN_INTERVAL_MS: '0',
      AUTH_TOKEN_URL: tokenUrl,
      AUTH_CLIENT_ID: 'svc-civil-affairs',
      AUTH_CLIENT_SECRET: 'dev-secret-svc-civil-affairs',
    },
    payment: {
      CARD_PLATFORM_URL: `127.0.0.1:${await freePort()}`,
      CARD_PLATFORM_CALLBACK_TOKEN: 'identity-test-callback-token',
    },
  };
  const apps = await Promise.all(
    names.map((s) =>
      startApp(
        s,
        { ...common, SERVICE_NAME: s, MONGO_URL: mongoUrlFor(`${prefix}${s}`), ...extra[s] },
        ports[s],
      ),
    ),
  );
  running.push(...apps);
});

afterAll(async () => {
  await Promise.all(running.map((a) => a.stop()));
  await adminFetch(`/realms/${realmName}`, { method: 'DELETE' });
});

const craft = (
  claims: Record<string, unknown> = {},
  opts: { exp?: number | null; iat?: number; iss?: string; aud?: string; key?: CryptoKey } = {},
) => {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ roles: ['city_bureau'], region_code: '330100', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: ourKey.kid })
    .setSubject('crafted-user')
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? 'jh-platform')
    .setIssuedAt(opts.iat ?? now);
  if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? now + 300);
  return jwt.sign(opts.key ?? ourKey.privateKey);
};

describe('sign-in through Keycloak (issue 13)', () => {
  it('every development user signs in through the token endpoint and is accepted by every service', async () => {
    expect(devUsers.length).toBeGreaterThanOrEqual(31);
    const refused: string[] = [];
    for (const username of devUsers) {
      const token = await signIn(username, 'jh-dev-2026', tokenUrl);
      if (!token) {
        refused.push(`${username}: sign-in`);
        continue;
      }
      expect(decodeJwt(token)).toMatchObject({ iss: issuer, aud: 'jh-platform' });
      for (const s of names) {
        const status = await call(s, token);
        if (![200, 403, 404].includes(status)) refused.push(`${username} → ${s}: ${status}`);
      }
    }
    expect(refused).toEqual([]);
    expect(await signIn(devUsers[0]!, 'wrong-password', tokenUrl)).toBeUndefined();
  });

  it('a token signed by a realm key with valid claims is accepted: the crafted tokens below differ in one thing each', async () => {
    const token = await craft();
    expect(await Promise.all(names.map((s) => call(s, token).then(accepted)))).toEqual(
      names.map(() => true),
    );
  });

  it('refuses missing, expired, not-yet-valid, wrong-issuer, wrong-audience, endless, forged, alg none and HS256-with-public-key tokens with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = await generateKeyPair('RS256', { extractable: true });
    const unsecured = new UnsecuredJWT({ roles: ['city_bureau'], region_code: '330100' })
      .setSubject('crafted-user')
      .setIssuer(issuer)
      .setAudience('jh-platform')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .encode();
    const hs256 = await new SignJWT({ roles: ['city_bureau'], region_code: '330100' })
      .setProtectedHeader({ alg: 'HS256', kid: ourKey.kid })
      .setSubject('crafted-user')
      .setIssuer(issuer)
      .setAudience('jh-platform')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(new TextEncoder().encode(await exportSPKI(ourKey.publicKey)));
    const bad: Record<string, string | undefined> = {
      missing: undefined,
      expired: await craft({}, { iat: now - 1200, exp: now - 600 }),
      notYetValid: await craft({ nbf: now + 600 }),
      wrongIssuer: await craft({}, { iss: `${identityEndpoints().base}/realms/other` }),
      wrongAudience: await craft({}, { aud: 'account' }),
      noExp: await craft({}, { exp: null }),
      hundredYears: await craft({}, { exp: now + 100 * 365 * 86400 }),
      forged: await craft({}, { key: other.privateKey }),
      algNone: unsecured,
      hs256WithPublicKey: hs256,
    };
    const answers: Record<string, number[]> = {};
    for (const [what, token] of Object.entries(bad))
      answers[what] = await Promise.all(names.map((s) => call(s, token)));
    expect(answers).toEqual(
      Object.fromEntries(Object.keys(bad).map((k) => [k, names.map(() => 401)])),
    );
  });

  it('accepts tokens of a rotated realm key without restarting the services', async () => {
    const before = await signIn('city.330100', 'jh-dev-2026', tokenUrl);
    const all = (token: string | undefined) =>
      Promise.all(names.map((s) => call(s, token).then(accepted)));
    expect(await all(before)).toEqual(names.map(() => true));
    const rotated = await generateKeyPair('RS256', { extractable: true });
    const newKid = await addRealmKey(rotated.privateKey, 1000);
    const after = await signIn('city.330100', 'jh-dev-2026', tokenUrl);
    expect(decodeProtectedHeader(after!).kid).toBe(newKid);
    expect(decodeProtectedHeader(before!).kid).not.toBe(newKid);
    expect(await all(after)).toEqual(names.map(() => true));
  });

  it('service-to-service gRPC needs a service account token: none → UNAUTHENTICATED, a user token → PERMISSION_DENIED', async () => {
    const client = createGrpcClient(IntakeServiceClient, `127.0.0.1:${intakeGrpc}`);
    try {
      const user = await signIn('clerk.330106001', 'jh-dev-2026', tokenUrl);
      await expect(
        callUnary(client, client.getApplication, { applicationId: 'x' }, { token: '' }),
      ).rejects.toMatchObject({ kind: 'unauthenticated' });
      await expect(
        callUnary(client, client.getApplication, { applicationId: 'x' }, { token: user! }),
      ).rejects.toMatchObject({ kind: 'not_allowed' });
      for (const clientId of serviceClients) {
        const token = await serviceAccountToken(clientId, tokenUrl);
        expect(decodeJwt(token)).toMatchObject({ roles: expect.arrayContaining(['service']) });
        await expect(
          callUnary(client, client.getApplication, { applicationId: 'x' }, { token }),
        ).rejects.toMatchObject({ kind: 'not_found' });
      }
    } finally {
      client.close();
    }
  });
});
