import { randomBytes } from 'node:crypto';
import { BlindIndexer } from './blind-index';
import { keyMaterialFrom, VaultConfigError } from './vault';
import { DEVELOPMENT_KEYS } from './env';
import { LocalMasterKeys, parseMasterKeys } from './master-key';
import { cipherSuite, SUITE_NAMES, TamperedError } from './suites';
import { parseSealed } from './sealed-value';
import { TransitCipher } from './transit';

const aad = Buffer.from('applications|applicant.idNumber');
const idNumber = '330106199001011234';

describe.each(SUITE_NAMES)('cipher suite %s', (name) => {
  const suite = cipherSuite(name);
  const key = randomBytes(32);

  it('opens what it sealed; two seals of one value differ (random IV)', () => {
    const a = suite.seal(key, Buffer.from(idNumber), aad);
    const b = suite.seal(key, Buffer.from(idNumber), aad);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from(idNumber))).toBe(false);
    expect(suite.open(key, a, aad).toString()).toBe(idNumber);
  });

  it('detects a flipped bit anywhere: IV, ciphertext or tag', () => {
    const sealed = suite.seal(key, Buffer.from(idNumber), aad);
    for (let i = 0; i < sealed.length; i += 1) {
      const tampered = Buffer.from(sealed);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(() => suite.open(key, tampered, aad)).toThrow(TamperedError);
    }
  });

  it('refuses the wrong key, another field (aad) and a truncated value', () => {
    const sealed = suite.seal(key, Buffer.from(idNumber), aad);
    expect(() => suite.open(randomBytes(32), sealed, aad)).toThrow(TamperedError);
    expect(() => suite.open(key, sealed, Buffer.from('applications|applicant.phone'))).toThrow(
      TamperedError,
    );
    expect(() => suite.open(key, sealed.subarray(0, 20), aad)).toThrow(TamperedError);
  });
});

it('the national suite is SM4-CTR with HMAC-SM3, not AES: the two suites never open each other', () => {
  const key = randomBytes(32);
  const sm = cipherSuite('sm4-ctr-hmac-sm3');
  const aes = cipherSuite('aes-256-gcm');
  expect(sm.hash).toBe('sm3');
  const sealed = sm.seal(key, Buffer.from(idNumber), aad);
  // 16-byte IV + 18-byte body (CTR keeps the length) + 32-byte HMAC-SM3 tag.
  expect(sealed.length).toBe(16 + idNumber.length + 32);
  expect(() => aes.open(key, sealed, aad)).toThrow(TamperedError);
});

describe('blind index', () => {
  const key = randomBytes(32);
  it('is keyed, per kind, per hash, and normalises case and spaces', () => {
    const sha = new BlindIndexer(key, 'sha256');
    const sm3 = new BlindIndexer(key, 'sm3');
    expect(sha.of('id-number', idNumber)).toBe(sha.of('id-number', ` ${idNumber} `));
    expect(sha.of('id-number', '33010619900101123x')).toBe(
      sha.of('id-number', '33010619900101123X'),
    );
    expect(sha.of('id-number', idNumber)).not.toBe(sha.of('card-no', idNumber));
    expect(sha.of('id-number', idNumber)).not.toBe(sm3.of('id-number', idNumber));
    expect(sha.of('id-number', idNumber)).not.toBe(
      new BlindIndexer(randomBytes(32), 'sha256').of('id-number', idNumber),
    );
    expect(sha.of('id-number', idNumber)).toMatch(/^[0-9a-f]{32}$/);
  });
  it('refuses a short key', () => {
    expect(() => new BlindIndexer(randomBytes(16), 'sha256')).toThrow('at least 32 bytes');
  });
});

describe.each(SUITE_NAMES)('transit cipher (%s)', (suite) => {
  const master = new LocalMasterKeys(parseMasterKeys(DEVELOPMENT_KEYS.masterKeys), suite);
  let now = new Date('2026-11-30T02:00:00Z');
  const transit = new TransitCipher(master, suite, () => now);
  const payload = {
    applicationId: 'A-1',
    applicant: { name: '张三', idNumber, phone: '13800138000', address: '西湖区文三路 1 号' },
    householdMembers: [{ name: '李四', idNumber: '330106199202021235' }],
    hardshipDescription: '因病致贫',
    submittedAt: new Date('2026-11-30T01:00:00Z'),
  };

  it('seals every sensitive field, leaves the rest, and another process with the master key opens it', () => {
    const sealed = transit.sealPayload(payload);
    const json = JSON.stringify(sealed);
    for (const clear of [idNumber, '13800138000', '文三路', '330106199202021235', '因病致贫']) {
      expect(json).not.toContain(clear);
    }
    expect(sealed.applicant.name).toBe('张三');
    expect(sealed.submittedAt).toEqual(payload.submittedAt);
    const elsewhere = new TransitCipher(
      new LocalMasterKeys(parseMasterKeys(DEVELOPMENT_KEYS.masterKeys), suite),
      suite,
    );
    expect(elsewhere.openPayload(sealed)).toEqual(payload);
  });

  it('leaves dates, bytes and values cloned from another realm intact', () => {
    const cloned = structuredClone({
      at: new Date('2026-11-30T00:00:00Z'),
      bytes: new Uint8Array([1]),
    });
    const sealed = transit.sealPayload({ ...cloned, phone: '13800138000' });
    expect(sealed.at.getTime()).toBe(Date.parse('2026-11-30T00:00:00Z'));
    expect(sealed.bytes[0]).toBe(1);
  });

  it('changes its data key every hour; values under the old key still open', () => {
    const before = transit.sealValue('phone', '13800138000');
    now = new Date(now.getTime() + 3_600_000);
    const after = transit.sealValue('phone', '13800138000');
    expect(parseSealed(after).keyId).not.toBe(parseSealed(before).keyId);
    expect(transit.openValue('phone', before)).toBe('13800138000');
  });

  it('detects a tampered value and a value moved to another field', () => {
    const sealed = transit.sealValue('idNumber', idNumber);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`;
    expect(() => transit.openValue('idNumber', tampered)).toThrow(TamperedError);
    expect(() => transit.openValue('phone', sealed)).toThrow(TamperedError);
  });
});

describe('key settings', () => {
  const base = { DATA_CIPHER_SUITE: 'aes-256-gcm' as const };
  it('uses the development keys outside production only', () => {
    expect(keyMaterialFrom({ ...base, NODE_ENV: 'test' }).master.currentId).toBe('dev1');
    expect(() => keyMaterialFrom({ ...base, NODE_ENV: 'production' })).toThrow(VaultConfigError);
    expect(() =>
      keyMaterialFrom({
        ...base,
        NODE_ENV: 'production',
        DATA_MASTER_KEYS: DEVELOPMENT_KEYS.masterKeys,
        DATA_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      }),
    ).toThrow('不得使用开发密钥');
  });
  it('names the variable of a malformed key', () => {
    expect(() => keyMaterialFrom({ ...base, DATA_MASTER_KEYS: 'k1:short' })).toThrow(
      'DATA_MASTER_KEYS',
    );
    expect(() =>
      keyMaterialFrom({ ...base, DATA_BLIND_INDEX_KEY: randomBytes(8).toString('base64') }),
    ).toThrow('DATA_BLIND_INDEX_KEY');
  });
  it('takes several master keys, the first current, and unwraps under an older one', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const old = new LocalMasterKeys([{ id: 'k1', key: k1 }], 'aes-256-gcm');
    const wrapped = old.wrapSync(randomBytes(32));
    const rotated = new LocalMasterKeys(
      parseMasterKeys(`k2:${k2.toString('base64')},k1:${k1.toString('base64')}`),
      'aes-256-gcm',
    );
    expect(rotated.currentId).toBe('k2');
    expect(rotated.unwrapSync('k1', wrapped.wrapped).length).toBe(32);
    expect(() => rotated.unwrapSync('k9', wrapped.wrapped)).toThrow('unknown key');
  });
});
