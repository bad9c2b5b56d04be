import {
  SignJWT,
  UnsecuredJWT,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { bearerToken, createTokenVerifier, type VerifierSettings } from './tokens';

const settings: VerifierSettings = {
  issuer: 'https://idp.example/realms/jh',
  audience: 'jh-platform',
  algorithms: ['RS256'],
  clockSkewS: 30,
  maxLifetimeS: 3600,
  claims: { roles: 'roles', region: 'region_code', department: 'department' },
};
const T0 = Date.parse('2026-11-30T02:00:00Z');

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, publicKey, jwk, kid };
}

describe('token verifier (JWKS, algorithm pinned)', () => {
  let k1: Awaited<ReturnType<typeof keyPair>>;
  let k2: Awaited<ReturnType<typeof keyPair>>;
  let published: JSONWebKeySet;
  let fetches: number;
  let now: number;
  const clock = { now: () => now };
  const source = {
    fetch: async () => {
      fetches += 1;
      return published;
    },
  };

  beforeAll(async () => {
    k1 = await keyPair('k1');
    k2 = await keyPair('k2');
  });
  beforeEach(() => {
    published = { keys: [k1.jwk] };
    fetches = 0;
    now = T0;
  });

  const sign = (
    claims: Record<string, unknown> = {},
    {
      key = k1,
      iat = now / 1000,
      exp = now / 1000 + 900,
      iss = settings.issuer,
      aud = 'jh-platform',
    } = {},
  ) =>
    new SignJWT({ roles: ['window_clerk'], region_code: '330106001', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setSubject('u-1')
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt(Math.floor(iat))
      .setExpirationTime(Math.floor(exp))
      .sign(key.privateKey);

  it('returns the actor from a valid token, keeping only known roles', async () => {
    const verifier = createTokenVerifier(settings, source, clock);
    const token = await sign({
      roles: ['department_officer', 'superuser'],
      department: 'education',
      region_code: '330106',
      name: '李老师',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      userId: 'u-1',
      name: '李老师',
      roles: ['department_officer'],
      department: 'education',
      regionCode: '330106',
    });
  });

  it('names a Chinese user family name first, as Keycloak\'s "given family" name does not', async () => {
    const verifier = createTokenVerifier(settings, source, clock);
    const named = async (claims: Record<string, unknown>) =>
      (await verifier.verify(await sign({ roles: ['window_clerk'], ...claims }))).name;
    expect(await named({ name: '洋艳 刘', given_name: '洋艳', family_name: '刘' })).toBe('刘洋艳');
    expect(await named({ name: 'Ann Lee', given_name: 'Ann', family_name: 'Lee' })).toBe('Ann Lee');
    expect(await named({ given_name: '洋艳', preferred_username: 'clerk.1' })).toBe('clerk.1');
  });

  it('refuses expired, not-yet-valid, wrong-issuer and wrong-audience tokens with 401', async () => {
    const verifier = createTokenVerifier(settings, source, clock);
    const cases = [
      await sign({}, { iat: now / 1000 - 1000, exp: now / 1000 - 60 }),
      await sign({ nbf: Math.floor(now / 1000) + 600 }),
      await sign({}, { iss: 'https://elsewhere/realms/jh' }),
      await sign({}, { aud: 'account' }),
    ];
    for (const token of cases)
      await expect(verifier.verify(token)).rejects.toMatchObject({ kind: 'unauthenticated' });
    await expect(verifier.verify(cases[0]!)).rejects.toMatchObject({
      message: '登录已过期，请重新登录',
    });
  });

  it('accepts small clock skew only', async () => {
    const verifier = createTokenVerifier(settings, source, clock);
    const justExpired = await sign({}, { iat: now / 1000 - 900, exp: now / 1000 - 20 });
    await expect(verifier.verify(justExpired)).resolves.toMatchObject({ userId: 'u-1' });
    const longExpired = await sign({}, { iat: now / 1000 - 900, exp: now / 1000 - 40 });
    await expect(verifier.verify(longExpired)).rejects.toMatchObject({ kind: 'unauthenticated' });
  });

  it('refuses a forged signature, alg none and HS256 keyed with the public key', async () => {
    const verifier = createTokenVerifier(settings, source, clock);
    // Signed by another key but claiming the published kid.
    const forged = await sign({}, { key: { ...k2, kid: 'k1' } });
    const none = new UnsecuredJWT({ roles: ['city_bureau'] })
      .setSubject('u-1')
      .setIssuer(settings.issuer)
      .setAudience('jh-platform')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 900)
      .encode();
    const pem = new TextEncoder().encode(await exportSPKI(k1.publicKey));
    const hs256 = await new SignJWT({ roles: ['city_bureau'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('u-1')
      .setIssuer(settings.issuer)
      .setAudience('jh-platform')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 900)
      .sign(pem);
    for (const token of [forged, none, hs256, 'not-a-jwt'])
      await expect(verifier.verify(token)).rejects.toMatchObject({
        kind: 'unauthenticated',
        message: '令牌无效',
      });
  });

  it('refuses tokens without exp, without subject, or living longer than the maximum', async () => {
    const verifier = createTokenVerifier(settings, source, clock);
    const noExp = await new SignJWT({ roles: ['approver'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('u-1')
      .setIssuer(settings.issuer)
      .setAudience('jh-platform')
      .setIssuedAt(now / 1000)
      .sign(k1.privateKey);
    const noSub = await new SignJWT({ roles: ['approver'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(settings.issuer)
      .setAudience('jh-platform')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 900)
      .sign(k1.privateKey);
    const century = await sign({}, { exp: now / 1000 + 100 * 365 * 86400 });
    // iat back-dated to look short-lived: the remaining life still counts.
    const backdated = await sign(
      {},
      { iat: now / 1000 + 86400 * 30 - 600, exp: now / 1000 + 86400 * 30 },
    );
    for (const token of [noExp, noSub, century, backdated])
      await expect(verifier.verify(token)).rejects.toMatchObject({ kind: 'unauthenticated' });
  });

  it('re-reads the keys once when a rotated key appears, without a restart; forged kids are rate-limited', async () => {
    const verifier = createTokenVerifier(settings, source, clock);
    await verifier.verify(await sign());
    expect(fetches).toBe(1);
    published = { keys: [k1.jwk, k2.jwk] };
    now += 11_000;
    await expect(verifier.verify(await sign({}, { key: k2 }))).resolves.toMatchObject({
      userId: 'u-1',
    });
    expect(fetches).toBe(2);
    const unknown = await sign({}, { key: { ...k2, kid: 'k9' } });
    for (let i = 0; i < 5; i++)
      await expect(verifier.verify(unknown)).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(fetches).toBe(2);
  });

  it('answers 503, not 401, when the provider cannot be reached for its keys', async () => {
    const verifier = createTokenVerifier(
      settings,
      { fetch: () => Promise.reject(new Error('ECONNREFUSED')) },
      clock,
    );
    await expect(verifier.verify(await sign())).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
  });

  it('parses bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
