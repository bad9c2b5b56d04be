import { canonicalJson, requestHash } from './request-hash';

describe('idempotency request hash (Mojaloop duplicate check)', () => {
  it('is independent of key order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(requestHash('clerk-1', { a: 1, b: 'x' })).toBe(requestHash('clerk-1', { b: 'x', a: 1 }));
  });

  it('differs for another body or another caller with the same body', () => {
    const hash = requestHash('clerk-1', { items: ['dibao'] });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash('clerk-1', { items: ['medical'] })).not.toBe(hash);
    expect(requestHash('clerk-2', { items: ['dibao'] })).not.toBe(hash);
  });

  it('renders dates as ISO instants and refuses values JSON cannot carry', () => {
    expect(canonicalJson({ at: new Date('2026-01-01T00:00:00Z'), n: null })).toBe(
      '{"at":"2026-01-01T00:00:00.000Z","n":null}',
    );
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
