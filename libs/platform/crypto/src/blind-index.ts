import { createHmac } from 'node:crypto';

/** What a blind index is computed over; the kind is mixed in so equal strings of two kinds differ. */
export type BlindKind = 'id-number' | 'card-no' | 'phone';

/**
 * Keyed blind index (HMAC with its own key, SHA-256 or SM3): equality search without storing the
 * value, and no unkeyed hash anyone could reverse by trying every ID number.
 */
export class BlindIndexer {
  constructor(
    private readonly key: Buffer,
    private readonly hash: 'sha256' | 'sm3',
  ) {
    if (key.length < 32) throw new Error('blind index key must be at least 32 bytes');
  }

  /** A keyed digest of any text that contains personal data (request fingerprints, keys). */
  keyed(label: string, text: string): string {
    return createHmac(this.hash, this.key).update(`${label}|`).update(text).digest('hex');
  }

  of(kind: BlindKind, value: string): string {
    const normalized = value.trim().toUpperCase();
    return createHmac(this.hash, this.key)
      .update(`${kind}|${normalized}`)
      .digest()
      .subarray(0, 16)
      .toString('hex');
  }
}
