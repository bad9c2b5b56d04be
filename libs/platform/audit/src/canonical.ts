import { createHash } from 'node:crypto';

export type AuditHash = 'sha256' | 'sm3';

/** prevHash of the first record of a chain that was never pruned. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted, `undefined` members left out, dates as ISO-8601 (UTC,
 * milliseconds: what BSON keeps), no whitespace. The database may return fields in any order and
 * dates as Date objects; the text hashed is the same either way.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: unsupported ${typeof value}`);
  }
}

export function digestHex(hash: AuditHash, data: string | Buffer): string {
  return createHash(hash).update(data).digest('hex');
}

/** H(prevHash || canonical JSON of the record without `hash`). */
export function recordHash(
  hash: AuditHash,
  record: { prevHash: string; hash?: unknown } & Record<string, unknown>,
): string {
  const { hash: _ignored, ...rest } = record;
  return createHash(hash).update(record.prevHash, 'utf8').update(canonicalJson(rest)).digest('hex');
}
