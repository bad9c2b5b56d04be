import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@jh/platform-config';
import { auditSignerFromEnv, devSigningKeyPem } from './env';
import { generateSigningKeyPair, signerFromPem, verifierFromPem } from './signers';

// Reference arithmetic (GB/T 32918 / GM/T 0003 SM2 over its recommended curve), written out here
// so the test can tell a real SM2 signature from ECDSA-with-SM3 on the same curve.
const P = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF');
const A = P - 3n;
const B = BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93');
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
const G: Point = [
  BigInt('0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7'),
  BigInt('0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0'),
];
type Point = [bigint, bigint] | null;
const mod = (x: bigint, m: bigint) => ((x % m) + m) % m;
function inv(x: bigint, m: bigint): bigint {
  let [a, b, s, t] = [mod(x, m), m, 1n, 0n];
  while (b) [a, b, s, t] = [b, a % b, t, s - (a / b) * t];
  return mod(s, m);
}
function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p[0] === q[0] && mod(p[1] + q[1], P) === 0n) return null;
  const l =
    p[0] === q[0]
      ? mod((3n * p[0] * p[0] + A) * inv(2n * p[1], P), P)
      : mod((q[1] - p[1]) * inv(q[0] - p[0], P), P);
  const x = mod(l * l - p[0] - q[0], P);
  return [x, mod(l * (p[0] - x) - p[1], P)];
}
function mul(k: bigint, p: Point): Point {
  let r: Point = null;
  for (; k; k >>= 1n, p = add(p, p)) if (k & 1n) r = add(r, p);
  return r;
}
const int = (b: Buffer) => BigInt(`0x${b.toString('hex')}`);
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
function rs(der: Buffer): [bigint, bigint] {
  const rl = der[3]!;
  const r = int(der.subarray(4, 4 + rl));
  const sl = der[5 + rl]!;
  return [r, int(der.subarray(6 + rl, 6 + rl + sl))];
}
function publicPoint(pem: string): [bigint, bigint] {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  const xy = der.subarray(der.length - 64);
  return [int(xy.subarray(0, 32)), int(xy.subarray(32))];
}
function sm2Valid(pem: string, msg: Buffer, sig: Buffer, id: string): boolean {
  const q = publicPoint(pem);
  const idb = Buffer.from(id);
  const z = createHash('sm3')
    .update(Buffer.from([(idb.length * 8) >> 8, (idb.length * 8) & 255]))
    .update(idb)
    .update(Buffer.concat([A, B, G![0], G![1], q[0], q[1]].map(be32)))
    .digest();
  const e = int(createHash('sm3').update(z).update(msg).digest());
  const [r, s] = rs(sig);
  const pt = add(mul(s, G), mul(mod(r + s, N), q));
  return !!pt && mod(e + pt[0], N) === r;
}
function ecdsaValid(pem: string, msg: Buffer, sig: Buffer): boolean {
  const q = publicPoint(pem);
  const e = int(createHash('sm3').update(msg).digest());
  const [r, s] = rs(sig);
  const w = inv(s, N);
  const pt = add(mul(mod(e * w, N), G), mul(mod(r * w, N), q));
  return !!pt && mod(pt[0], N) === r;
}

describe('checkpoint signers', () => {
  const data = Buffer.from('jh-audit-v1|checkpoint|intake|100|ab|2026-11-30T00:00:00.000Z|k');

  it('Ed25519: signs, verifies, refuses other data and other keys; keyId from the public key', () => {
    const pair = generateSigningKeyPair('ed25519');
    const signer = signerFromPem(pair.privatePem);
    const verifier = verifierFromPem(pair.publicPem);
    expect(signer.algorithm).toBe('ed25519');
    expect(verifier.keyId).toBe(signer.keyId);
    expect(signer.keyId).toMatch(/^[0-9a-f]{16}$/);
    const sig = signer.sign(data);
    expect(verifier.verify(data, sig)).toBe(true);
    expect(verifier.verify(Buffer.concat([data, Buffer.from('x')]), sig)).toBe(false);
    const other = signerFromPem(generateSigningKeyPair('ed25519').privatePem);
    expect(other.verify(data, sig)).toBe(false);
    expect(() => verifier.sign(data)).toThrow(/仅有公钥/);
  });

  it('SM2: the signature is a real SM2-with-SM3 signature, not ECDSA over the SM2 curve', () => {
    const pair = generateSigningKeyPair('sm2-sm3');
    const signer = signerFromPem(pair.privatePem);
    expect(signer.algorithm).toBe('sm2-sm3');
    const sig = signer.sign(data);
    expect(verifierFromPem(pair.publicPem).verify(data, sig)).toBe(true);
    // OpenSSL 3.0 through Node computes Z with an empty distinguishing ID (Node cannot set one).
    expect(sm2Valid(pair.publicPem, data, sig, '')).toBe(true);
    expect(sm2Valid(pair.publicPem, Buffer.from('other'), sig, '')).toBe(false);
    expect(ecdsaValid(pair.publicPem, data, sig)).toBe(false);
  });

  it('refuses a key that is neither Ed25519 nor SM2', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => signerFromPem(p256)).toThrow(/不受支持/);
  });

  it('from configuration: dev key only in development/test, suite and key must match', () => {
    expect(auditSignerFromEnv({ NODE_ENV: 'test', AUDIT_HASH: 'sm3' }).algorithm).toBe('sm2-sm3');
    expect(auditSignerFromEnv({ NODE_ENV: 'development', AUDIT_HASH: 'sha256' }).algorithm).toBe(
      'ed25519',
    );
    expect(() => auditSignerFromEnv({ NODE_ENV: 'production', AUDIT_HASH: 'sha256' })).toThrow(
      ConfigError,
    );
    expect(() =>
      auditSignerFromEnv({
        NODE_ENV: 'production',
        AUDIT_HASH: 'sm3',
        AUDIT_SIGNING_KEY: devSigningKeyPem('sha256'),
      }),
    ).toThrow(/AUDIT_SIGNING_KEY/);
    const pem = generateSigningKeyPair('sm2-sm3').privatePem;
    const fromEnv = auditSignerFromEnv({
      NODE_ENV: 'production',
      AUDIT_HASH: 'sm3',
      AUDIT_SIGNING_KEY: pem.replace(/\n/g, '\\n'),
    });
    expect(fromEnv.keyId).toBe(signerFromPem(pem).keyId);
  });
});
