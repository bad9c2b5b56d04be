import { types } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { SyncKeyWrapper } from './master-key';
import { b64url, cipherSuite, type SuiteName } from './suites';
import { formatSealed, isSealed, parseSealed } from './sealed-value';

/** Event fields that carry personal data; sealed wherever they occur in a payload. */
export const SENSITIVE_EVENT_FIELDS: ReadonlySet<string> = new Set([
  'idNumber',
  'phone',
  'address',
  'citizenCardNo',
  'hardshipDescription',
  // Officers' free text (a refusal, a transfer or cancellation reason) can describe a household.
  'note',
  'reason',
  // A reporter's account of a household and how to reach them (HardshipSignal, R-PD-1).
  'observation',
  'contact',
]);

const TRANSIT_PREFIX = 't.';
const HOUR_MS = 3_600_000;

/**
 * Seals personal fields of event payloads so Kafka's log segments hold no clear text. Each value
 * carries its data key wrapped by the master key (`t.<master id>.<wrapped>`), so any service with
 * the master key opens it without a shared key store; the data key changes every hour.
 */
export class TransitCipher {
  private current?: { key: Buffer; keyId: string; until: number };
  private readonly opened = new Map<string, Buffer>();

  constructor(
    private readonly master: SyncKeyWrapper,
    private readonly suiteName: SuiteName,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A copy of `payload` with every sensitive string field sealed (synchronous). */
  sealPayload<T>(payload: T): T {
    return transform(payload, (field, value) => this.sealValue(field, value)) as T;
  }

  /** A copy of `payload` with every sealed field opened; throws TamperedError on a changed value. */
  openPayload<T>(payload: T): T {
    return transform(payload, (field, value) => this.openValue(field, value)) as T;
  }

  sealValue(field: string, value: string): string {
    if (value === '' || isSealed(value)) return value;
    const { key, keyId } = this.dataKey();
    const suite = cipherSuite(this.suiteName);
    return formatSealed(suite, keyId, suite.seal(key, Buffer.from(value), aadOf(field)));
  }

  openValue(field: string, value: string): string {
    if (!isSealed(value)) return value;
    const parts = parseSealed(value);
    return parts.suite
      .open(this.keyOf(parts.keyId, parts.suite.name), parts.body, aadOf(field))
      .toString();
  }

  private dataKey() {
    const now = this.clock().getTime();
    if (!this.current || now >= this.current.until) {
      const key = randomBytes(32);
      const { masterKeyId, wrapped } = this.master.wrapSync(key);
      const keyId = `${TRANSIT_PREFIX}${masterKeyId}.${b64url.encode(wrapped)}`;
      this.current = { key, keyId, until: now + HOUR_MS };
      this.opened.set(keyId, key);
    }
    return this.current;
  }

  private keyOf(keyId: string, suite: SuiteName): Buffer {
    const hit = this.opened.get(keyId);
    if (hit) return hit;
    const [, masterKeyId = '', wrapped = ''] = keyId.split('.');
    const key = this.master.unwrapSync(masterKeyId, b64url.decode(wrapped), suite);
    if (this.opened.size > 1000) this.opened.clear();
    this.opened.set(keyId, key);
    return key;
  }
}

const aadOf = (field: string) => Buffer.from(`transit|${field}`);

// Realm-safe checks: payloads cloned with structuredClone (or built under jest) fail `instanceof`.
const isPlainObject = (node: unknown): node is Record<string, unknown> =>
  Object.prototype.toString.call(node) === '[object Object]';

function transform(node: unknown, fn: (field: string, value: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => transform(item, fn));
  if (!isPlainObject(node) || types.isDate(node) || ArrayBuffer.isView(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = typeof v === 'string' && SENSITIVE_EVENT_FIELDS.has(k) ? fn(k, v) : transform(v, fn);
  }
  return out;
}
