import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function normalise(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(normalise);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = normalise(member);
    }
    return out;
  }
  return value as Json;
}

/**
 * Hash an approval request is remembered by (the intake Idempotency-Key pattern): the caller and
 * the parsed body. Same hash on a replay → the stored result; another hash → REQUEST_REPLAY_MISMATCH.
 */
export function requestHash(actorId: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(normalise({ actor: actorId, body })))
    .digest('hex');
}

/** Stored results without a hash (written before it was kept) are taken as the same request. */
export function isSameRequest(stored: string | null | undefined, hash: string): boolean {
  return !stored || stored === hash;
}
