import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, recordHash } from './canonical';
import { checkpointPayload, normalizeInput, recordId } from './record';

describe('canonical JSON (R-OV-1: what the chain hashes)', () => {
  it('sorts keys at every level, drops undefined, keeps array order, dates as ISO', () => {
    const a = canonicalJson({
      b: 1,
      a: { y: 'é', x: [3, 1, { d: null, c: true }] },
      u: undefined,
      at: new Date('2026-11-30T01:02:03.004Z'),
    });
    expect(a).toBe(
      '{"a":{"x":[3,1,{"c":true,"d":null}],"y":"é"},"at":"2026-11-30T01:02:03.004Z","b":1}',
    );
  });

  it('is independent of the order the database returns fields in', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(
      canonicalJson({ b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/unsupported/);
  });
});

describe('record hash', () => {
  const record = {
    _id: recordId('intake', 1),
    chain: 'intake',
    seq: 1,
    at: new Date('2026-11-30T00:00:00.000Z'),
    ...normalizeInput({
      actor: { userId: 'u1', roles: ['clerk'], regionCode: '330102' },
      action: 'application.create',
      object: { kind: 'application', id: 'A1' },
    }),
    prevHash: GENESIS_HASH,
  };

  it('is H(prevHash || canonical JSON without hash), for sha256 and sm3', () => {
    for (const alg of ['sha256', 'sm3'] as const) {
      const expected = createHash(alg)
        .update(GENESIS_HASH + canonicalJson(record))
        .digest('hex');
      expect(recordHash(alg, record)).toBe(expected);
      // The stored hash field itself is not part of what is hashed.
      expect(recordHash(alg, { ...record, hash: 'x' })).toBe(expected);
    }
    expect(recordHash('sha256', record)).not.toBe(recordHash('sm3', record));
  });

  it('changes with any field, the seq and the previous hash', () => {
    const h = recordHash('sm3', record);
    expect(recordHash('sm3', { ...record, seq: 2 })).not.toBe(h);
    expect(recordHash('sm3', { ...record, prevHash: 'f'.repeat(64) })).not.toBe(h);
    expect(
      recordHash('sm3', { ...record, actor: { ...record.actor, regionCode: '330103' } }),
    ).not.toBe(h);
  });

  it('keeps only the known input fields and pads seq in the _id', () => {
    const input = normalizeInput({
      actor: { userId: 'u', roles: [] },
      action: 'a',
      object: { kind: 'k', id: '1' },
      extra: 'dropped',
    } as never);
    expect(Object.keys(input).sort()).toEqual(['action', 'actor', 'object', 'personRefs']);
    expect(recordId('intake', 42)).toBe('intake:000000000042');
  });

  it('signs a payload naming kind, chain, seq, hash, time and key', () => {
    const at = new Date('2026-11-30T00:00:00.000Z');
    const p = checkpointPayload({
      kind: 'checkpoint',
      chain: 'intake',
      seq: 100,
      hash: 'ab',
      at,
      keyId: 'k1',
    });
    expect(p.toString()).toBe('jh-audit-v1|checkpoint|intake|100|ab|2026-11-30T00:00:00.000Z|k1');
  });
});
