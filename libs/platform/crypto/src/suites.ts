import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export type SuiteName = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';
export const SUITE_NAMES: readonly SuiteName[] = ['aes-256-gcm', 'sm4-ctr-hmac-sm3'];

/** Raised for a value whose authentication fails: tampered, truncated or sealed under another key. */
export class TamperedError extends Error {
  constructor(what: string) {
    super(`密文校验失败（被篡改或密钥不符）/ ciphertext failed authentication: ${what}`);
    this.name = 'TamperedError';
  }
}

/**
 * One authenticated cipher. Both suites take a 32-byte key and bind `aad` (where the value lives),
 * so a value copied into another field or collection fails like a tampered one.
 */
export interface CipherSuite {
  name: SuiteName;
  /** Digest for blind indexes and the audit chain. */
  hash: 'sha256' | 'sm3';
  /** Short tag written into each sealed value. */
  tag: 'a' | 's';
  seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer;
  open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer;
}

const aes: CipherSuite = {
  name: 'aes-256-gcm',
  hash: 'sha256',
  tag: 'a',
  seal(key, plaintext, aad) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  },
  open(key, sealed, aad) {
    if (sealed.length < 28) throw new TamperedError('too short');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(12, sealed.length - 16)),
        decipher.final(),
      ]);
    } catch {
      throw new TamperedError('GCM tag mismatch');
    }
  },
};

/** SM4-CTR with HMAC-SM3 over (aad length, aad, iv, ciphertext): encrypt-then-MAC (GM/T 0054). */
const sm4: CipherSuite = {
  name: 'sm4-ctr-hmac-sm3',
  hash: 'sm3',
  tag: 's',
  seal(key, plaintext, aad) {
    const { enc, mac } = sm4Keys(key);
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-ctr', enc, iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, body, sm4Mac(mac, aad, iv, body)]);
  },
  open(key, sealed, aad) {
    if (sealed.length < 48) throw new TamperedError('too short');
    const { enc, mac } = sm4Keys(key);
    const iv = sealed.subarray(0, 16);
    const body = sealed.subarray(16, sealed.length - 32);
    const expected = sm4Mac(mac, aad, iv, body);
    if (!timingSafeEqual(expected, sealed.subarray(sealed.length - 32))) {
      throw new TamperedError('HMAC-SM3 mismatch');
    }
    const decipher = createDecipheriv('sm4-ctr', enc, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  },
};

// Separate encryption and MAC keys, derived from the one data key.
function sm4Keys(key: Buffer) {
  return {
    enc: createHmac('sm3', key).update('jh/sm4-ctr/enc').digest().subarray(0, 16),
    mac: createHmac('sm3', key).update('jh/hmac-sm3/mac').digest(),
  };
}

function sm4Mac(mac: Buffer, aad: Buffer, iv: Buffer, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(aad.length);
  return createHmac('sm3', mac).update(length).update(aad).update(iv).update(body).digest();
}

const suites: Record<SuiteName, CipherSuite> = { 'aes-256-gcm': aes, 'sm4-ctr-hmac-sm3': sm4 };

export function cipherSuite(name: SuiteName): CipherSuite {
  return suites[name];
}

export function suiteByTag(tag: string): CipherSuite | undefined {
  return tag === 'a' ? aes : tag === 's' ? sm4 : undefined;
}

export function digest(hash: 'sha256' | 'sm3', data: string | Buffer): Buffer {
  return createHash(hash).update(data).digest();
}

export const b64url = {
  encode: (b: Buffer) => b.toString('base64url'),
  decode: (s: string) => Buffer.from(s, 'base64url'),
};
