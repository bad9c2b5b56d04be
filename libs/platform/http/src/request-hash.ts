import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level and `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = normalise(member);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  throw new TypeError(`cannot canonicalise a ${typeof value}`);
}

/**
 * Hash a request is remembered by (Mojaloop duplicate check): the caller and the parsed body, so
 * another user replaying someone's key gets a conflict rather than their application.
 */
export function requestHash(actorId: string, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ actor: actorId, body }))
    .digest('hex');
}

/**
 * {@link requestHash} keyed with a secret (`keyed` is an HMAC, e.g. the vault's `keyedDigest`):
 * for requests holding personal data, whose unkeyed hash could be confirmed by guessing.
 */
export function keyedRequestHash(
  keyed: (text: string) => string,
  actorId: string,
  body: unknown,
): string {
  return keyed(canonicalJson({ actor: actorId, body }));
}

/** Stored results without a hash (written before it was kept) are taken as the same request. */
export function isSameRequest(stored: string | null | undefined, hash: string): boolean {
  return !stored || stored === hash;
}
