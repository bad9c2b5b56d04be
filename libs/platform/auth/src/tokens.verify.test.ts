import { SignJWT } from 'jose';
import { bearerToken, createTokenVerifier, issueToken } from './tokens';

const settings = {
  secret: 'test-secret-test-secret-test-secret-123',
  issuer: 'jh-platform',
  audience: 'jh-platform',
};

describe('token verifier', () => {
  const verifier = createTokenVerifier(settings);

  it('returns the actor from a valid token', async () => {
    const token = await issueToken(settings, {
      userId: 'u-1',
      roles: ['department_officer'],
      department: 'education',
      regionCode: '330106',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      userId: 'u-1',
      name: undefined,
      roles: ['department_officer'],
      department: 'education',
      regionCode: '330106',
    });
  });

  it('rejects a token signed with another secret, another audience, or expired', async () => {
    const other = await issueToken(
      { ...settings, secret: 'x'.repeat(40) },
      { userId: 'u', roles: [] },
    );
    await expect(verifier.verify(other)).rejects.toMatchObject({ kind: 'unauthenticated' });
    const aud = await issueToken(
      { ...settings, audience: 'elsewhere' },
      { userId: 'u', roles: [] },
    );
    await expect(verifier.verify(aud)).rejects.toMatchObject({ kind: 'unauthenticated' });
    const expired = await issueToken(
      settings,
      { userId: 'u', roles: [] },
      Math.floor(Date.now() / 1000) - 60,
    );
    await expect(verifier.verify(expired)).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: '登录已过期，请重新登录',
    });
  });

  it('drops unknown roles and refuses tokens without subject', async () => {
    const key = new TextEncoder().encode(settings.secret);
    const noSub = await new SignJWT({ roles: ['approver'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .sign(key);
    await expect(verifier.verify(noSub)).rejects.toMatchObject({ kind: 'unauthenticated' });
    const odd = await new SignJWT({ roles: ['approver', 'superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-2')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .sign(key);
    await expect(verifier.verify(odd)).resolves.toMatchObject({ roles: ['approver'] });
  });

  it('parses bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
