// The development realm against the real local Keycloak (npm run infra:up): every development
// user and service client gets a token whose claims match realm-jh.json.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  TokenError,
  clientCredentials,
  decodeToken,
  issuerUrl,
  passwordGrant,
} from '../auth/keycloak-token';
import { keycloakToken, TEST_PASSWORD, waitFor } from '@jh/platform-testing';

interface RealmUser {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  attributes?: Record<string, string[]>;
  realmRoles: string[];
  serviceAccountClientId?: string;
}
interface RealmFile {
  realm: string;
  accessTokenLifespan: number;
  users: RealmUser[];
  clients: { clientId: string; serviceAccountsEnabled: boolean }[];
}

const realmFile = join(__dirname, 'keycloak', 'realm-jh.json');
const realm = JSON.parse(readFileSync(realmFile, 'utf8')) as RealmFile;
const issuer = issuerUrl();
const people = realm.users.filter((u) => !u.serviceAccountClientId);
const services = realm.clients.filter((c) => c.serviceAccountsEnabled).map((c) => c.clientId);

const audiences = (aud: unknown): string[] => (Array.isArray(aud) ? aud : [aud]) as string[];

describe('local Keycloak realm jh', () => {
  it('realm-jh.json is what keycloak/realm.mjs generates', () => {
    execFileSync(process.execPath, [join(__dirname, 'keycloak', 'realm.mjs'), '--check']);
  });

  it('has development users for every role in two streets of two counties', () => {
    const roles = new Set(people.flatMap((u) => u.realmRoles));
    expect([...roles].sort()).toEqual(
      [
        'approver',
        'auditor',
        'city_bureau',
        'coordinator',
        'county_bureau',
        'department_officer',
        'first_reviewer',
        'outreach_reporter',
        'payment_staff',
        'window_clerk',
      ].sort(),
    );
    const regions = new Set(people.map((u) => u.attributes?.['region_code']?.[0]));
    for (const r of ['330100', '330106', '330105', '330106001', '330106002', '330105001']) {
      expect(regions).toContain(r);
    }
    expect(regions).toContain('330105002');
  });

  it('signs every development user in with the password grant; claims carry roles, region and department', async () => {
    const results = await Promise.all(
      people.map(async (u) => ({ u, token: (await passwordGrant(u.username)).access_token })),
    );
    for (const { u, token } of results) {
      const { header, claims } = decodeToken(token);
      expect(header['alg']).toBe('RS256');
      expect(claims).toMatchObject({
        iss: issuer,
        sub: u.id,
        preferred_username: u.username,
        name: `${u.firstName} ${u.lastName}`,
        roles: u.realmRoles,
        region_code: u.attributes?.['region_code']?.[0],
      });
      expect(claims['department']).toBe(u.attributes?.['department']?.[0]);
      expect(audiences(claims.aud)).toContain('jh-platform');
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(realm.accessTokenLifespan);
    }
    // One password grant per dev user (36): hashing them took over 5 s while suites shared the cores.
  }, 60_000);

  it('gives every service client a client-credentials token with roles [service] and no region', async () => {
    expect(services).toHaveLength(8);
    const tokens = await Promise.all(services.map((c) => clientCredentials(c)));
    tokens.forEach((t, i) => {
      const { claims } = decodeToken(t.access_token);
      expect(claims).toMatchObject({ iss: issuer, azp: services[i], roles: ['service'] });
      expect(audiences(claims.aud)).toContain('jh-platform');
      expect(claims['region_code']).toBeUndefined();
    });
  });

  it('refuses a wrong password and a wrong client secret; one failure does not lock the user', async () => {
    // A user of its own: failed sign-ins of a development user would disturb tests signing it in.
    await keycloakToken({
      userId: 'kc-wrong-password-probe',
      roles: ['auditor'],
      regionCode: '330100',
    });
    const user = 'kc-wrong-password-probe';
    await expect(passwordGrant(user, 'wrong-password')).rejects.toMatchObject({
      status: 401,
      code: 'invalid_grant',
    });
    await expect(clientCredentials('svc-intake', 'wrong-secret')).rejects.toBeInstanceOf(
      TokenError,
    );
    await expect(passwordGrant(user, TEST_PASSWORD)).resolves.toHaveProperty('access_token');
  });

  it('locks a user out after 5 failed sign-ins (brute-force detection), until an admin clears it', async () => {
    const probe = 'kc-lockout-probe';
    await keycloakToken({ userId: probe, roles: ['auditor'], regionCode: '330100' });
    const id = probe;
    const base = issuer.replace(/\/realms\/[^/]+$/, '');
    const admin = await passwordGrant('admin', 'admin', {
      url: `${base}/realms/master/protocol/openid-connect/token`,
      clientId: 'admin-cli',
    });
    const clear = () =>
      fetch(`${base}/admin/realms/jh/attack-detection/brute-force/users/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin.access_token}` },
      });
    await clear();
    try {
      for (let i = 0; i < 5; i++) {
        await expect(passwordGrant(probe, 'wrong-password')).rejects.toBeInstanceOf(TokenError);
      }
      // Keycloak records failures on a queue of its own: wait until it has locked the user.
      await waitFor(
        async () => {
          const res = await fetch(
            `${base}/admin/realms/jh/attack-detection/brute-force/users/${id}`,
            { headers: { authorization: `Bearer ${admin.access_token}` } },
          );
          const state = (await res.json()) as { disabled?: boolean };
          return state.disabled ? state : undefined;
        },
        { what: 'the lockout recorded', timeoutMs: 20_000 },
      );
      await expect(passwordGrant(probe, TEST_PASSWORD)).rejects.toMatchObject({
        code: 'invalid_grant',
      });
    } finally {
      expect((await clear()).status).toBe(204);
    }
    await expect(passwordGrant(probe, TEST_PASSWORD)).resolves.toHaveProperty('access_token');
  });

  it('the console client requires PKCE (S256)', async () => {
    const auth = (extra: string) =>
      fetch(
        `${issuer}/protocol/openid-connect/auth?client_id=console&response_type=code&scope=openid` +
          `&redirect_uri=${encodeURIComponent('http://127.0.0.1:3000/callback')}${extra}`,
        { redirect: 'manual' },
      );
    const without = await auth('');
    expect(without.status).toBe(302);
    expect(without.headers.get('location')).toMatch(
      /error=invalid_request.*code[_+]challenge[_+]method/,
    );
    const plain = await auth(
      '&code_challenge_method=plain&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(plain.headers.get('location')).toMatch(
      /error=invalid_request.*code[_+]challenge[_+]method/,
    );
    const withPkce = await auth(
      '&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(withPkce.status).toBe(200);
  });
});
