/** Where the throttle reads the time: `Date` in a service, a hand-driven clock in tests. */
export interface Clock {
  now(): number;
}

export interface FailureThrottleOptions {
  /** Authentication failures from one source within `windowMs` that start a block (default 20). */
  maxFailures?: number;
  /** Length of the counting window, from the first failure (default 60 s). */
  windowMs?: number;
  /** How long a source is refused once blocked (default 60 s). */
  blockMs?: number;
  /** Most sources remembered; the least recently seen are forgotten first (default 10,000). */
  maxSources?: number;
  clock?: Clock;
}

export const failureThrottleDefaults = {
  maxFailures: 20,
  windowMs: 60_000,
  blockMs: 60_000,
  maxSources: 10_000,
} as const;

interface Entry {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/**
 * Stale entries are swept from the LRU end once per this many failures, and the cap evicts a
 * sixteenth at a time: walking a Map from its head skips the slots of deleted entries, so doing it
 * per failure would cost O(size) each (measured ~10 µs at 10,000 sources).
 */
const SWEEP_EVERY = 256;
const EVICT_FRACTION = 16;

/**
 * Counts authentication failures per source and blocks a source that fails too often. A fixed
 * window per source, started by its first failure; a block restarts the count. The map's insertion
 * order is its LRU order, so the cap evicts in amortised O(1) and a flood of sources stays bounded.
 */
export class FailureThrottle {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly maxSources: number;
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry>();
  private sinceSweep = 0;

  constructor(options: FailureThrottleOptions = {}) {
    this.maxFailures = positive('maxFailures', options.maxFailures, failureThrottleDefaults);
    this.windowMs = positive('windowMs', options.windowMs, failureThrottleDefaults);
    this.blockMs = positive('blockMs', options.blockMs, failureThrottleDefaults);
    this.maxSources = positive('maxSources', options.maxSources, failureThrottleDefaults);
    this.clock = options.clock ?? Date;
  }

  /** Whole seconds until `source` is served again (at least 1), or undefined when not blocked. */
  blocked(source: string): number | undefined {
    const key = sourceKey(source);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.clock.now();
    if (entry.blockedUntil > now) {
      // Touched, so a source that keeps knocking is not evicted by a flood of others.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return Math.max(1, Math.ceil((entry.blockedUntil - now) / 1000));
    }
    if (this.stale(entry, now)) this.entries.delete(key);
    return undefined;
  }

  /** Counts one failed authentication from `source`; true when this failure starts a block. */
  recordFailure(source: string): boolean {
    const now = this.clock.now();
    this.sinceSweep += 1;
    if (this.sinceSweep >= SWEEP_EVERY) {
      this.sinceSweep = 0;
      this.prune(now);
    }
    const key = sourceKey(source);
    let entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry || this.stale(entry, now))
      entry = { windowStart: now, failures: 0, blockedUntil: 0 };
    let blocks = false;
    // A request already in flight when the block began does not lengthen it.
    if (entry.blockedUntil <= now) {
      entry.failures += 1;
      if (entry.failures >= this.maxFailures) {
        entry.blockedUntil = now + this.blockMs;
        entry.failures = 0;
        entry.windowStart = entry.blockedUntil;
        blocks = true;
      }
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.maxSources)
      this.evict(Math.ceil(this.maxSources / EVICT_FRACTION));
    return blocks;
  }

  /** Sources currently remembered. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops stale entries from the least recently seen end, up to the first live one. */
  prune(now = this.clock.now()): void {
    for (const [key, entry] of this.entries) {
      if (!this.stale(entry, now)) return;
      this.entries.delete(key);
    }
  }

  private evict(count: number): void {
    let left = count;
    for (const key of this.entries.keys()) {
      if (left <= 0) return;
      this.entries.delete(key);
      left -= 1;
    }
  }

  private stale(entry: Entry, now: number): boolean {
    return (
      entry.blockedUntil <= now &&
      (entry.failures === 0 || now - entry.windowStart >= this.windowMs)
    );
  }
}

function positive(
  name: keyof typeof failureThrottleDefaults,
  value: number | undefined,
  defaults: typeof failureThrottleDefaults,
): number {
  const v = value ?? defaults[name];
  if (!Number.isInteger(v) || v <= 0) throw new Error(`FailureThrottle ${name} must be > 0`);
  return v;
}

const ipv4Mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The throttling key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64,
 * since one subscriber usually holds a whole /64 and could otherwise rotate addresses freely.
 */
export function sourceKey(ip: string): string {
  const address = ip.split('%')[0] ?? ip; // zone id (fe80::1%eth0)
  const mapped = ipv4Mapped.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::', 2);
  const parts = (s: string) =>
    s === '' ? [] : s.split(':').flatMap((p) => (p.includes('.') ? ['0', '0'] : [p])); // embedded IPv4 = 2 groups
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const groups =
    tail === undefined
      ? left
      : [
          ...left,
          ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'),
          ...right,
        ];
  const prefix = groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16));
  return `${prefix.join(':')}::/64`;
}
