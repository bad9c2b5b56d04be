import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { EventEnvelope, eventRegistry, eventTypes, type EventType } from '@jh/contracts';
import { decodeEvent } from '@jh/platform-kafka';

// Poison messages for one consumed topic (issue 18, fuzzing, consumers): random bytes, and
// mutations of a genuine envelope read from that topic (random ones, and a few deliberate ones
// that still decode). Deterministic for a fast-check seed and a genuine message.

export const poisonKinds = [
  'empty',
  'one-byte',
  'large',
  'random-bytes',
  'truncated',
  'byte-flips',
  'wrong-type',
  'wrong-payload-type',
  'empty-event-id',
  'empty-payload',
  'huge-event-id',
  'nul-in-event-id',
] as const;
export type PoisonKind = (typeof poisonKinds)[number];

/** Kinds that are never an event: every consumer group must park them. */
export const randomKinds: readonly PoisonKind[] = ['empty', 'one-byte', 'large', 'random-bytes'];

/** A message as it was (or will be) on a topic. */
export interface RawMessage {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface Poison extends RawMessage {
  kind: PoisonKind;
  /** What a consumer decodes it to, or undefined when decoding fails (it must be parked). */
  decoded?: Decoded;
}

export interface Decoded {
  type: EventType;
  eventId: string;
  /** Envelope fields and payload fields (`payload.x`) that differ from the genuine event. */
  changed: string[];
}

const LARGE_BYTES = 100 * 1024;

/** `n` bytes from a seed (SHA-256 in counter mode): fast-check draws the seed, not 100 KB. */
function bytesFromSeed(seed: number, n: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < n; i++) {
    blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, n);
}

const json = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) =>
    Buffer.isBuffer(x) || x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x,
  );

function differences(a: Record<string, unknown>, b: Record<string, unknown>, at = ''): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => json(a[k]) !== json(b[k])).map((k) => `${at}${k}`);
}

/**
 * What `decodeEvent` (the consumers' own decoder) makes of the bytes, compared with the genuine
 * message's bytes; undefined when it throws.
 */
export function decodedOf(value: Buffer, genuine?: Buffer): Decoded | undefined {
  let got: ReturnType<typeof decodeEvent>;
  try {
    got = decodeEvent(value);
  } catch {
    return undefined;
  }
  const changed: string[] = [];
  if (genuine) {
    const was = decodeEvent(genuine);
    const { payload: _p, ...envelope } = got.envelope;
    const { payload: _q, ...wasEnvelope } = was.envelope;
    changed.push(...differences(envelope, wasEnvelope));
    changed.push(
      ...differences(
        got.event.payload as unknown as Record<string, unknown>,
        was.event.payload as unknown as Record<string, unknown>,
        'payload.',
      ),
    );
  }
  return { type: got.envelope.type as EventType, eventId: got.envelope.eventId, changed };
}

const reencode = (envelope: EventEnvelope) => Buffer.from(EventEnvelope.encode(envelope).finish());

/** The arbitrary of one topic's poison messages, one of each kind, built from `genuine`. */
export function poisonArbitrary(type: EventType, genuine: RawMessage): fc.Arbitrary<Poison[]> {
  const bytes = genuine.value;
  const envelope = EventEnvelope.decode(bytes);
  const others = eventTypes.filter((t) => t !== type);
  const ownPayloadType = eventRegistry[type].payloadType;
  const key = fc.option(
    fc.uint8Array({ maxLength: 40 }).map((k) => Buffer.from(k)),
    { nil: null },
  );
  return fc
    .record({
      keys: fc.tuple(key, key, key, key),
      oneByte: fc.uint8Array({ minLength: 1, maxLength: 1 }),
      largeSeed: fc.integer(),
      random: fc.uint8Array({ minLength: 2, maxLength: 2048 }),
      cut: fc.integer({ min: 1, max: bytes.length - 1 }),
      // Distinct positions: two flips of one byte could cancel out.
      flips: fc.uniqueArray(
        fc.record({ at: fc.nat(bytes.length - 1), mask: fc.integer({ min: 1, max: 255 }) }),
        { minLength: 1, maxLength: 4, selector: (f) => f.at },
      ),
      otherType: fc.constantFrom(...others),
      hugeId: fc.stringMatching(/^[0-9a-f]{16}$/),
      payloadType: fc
        .oneof(
          fc.constantFrom(...others.map((t) => eventRegistry[t].payloadType)),
          fc.string({ maxLength: 80 }),
        )
        .filter((p) => p !== ownPayloadType),
    })
    .map(({ keys, oneByte, largeSeed, random, cut, flips, otherType, hugeId, payloadType }) => {
      const flipped = Buffer.from(bytes);
      for (const f of flips) flipped[f.at] = flipped[f.at]! ^ f.mask;
      const mutated = (value: Buffer) => ({ key: genuine.key, value, headers: genuine.headers });
      const out: Omit<Poison, 'decoded'>[] = [
        { kind: 'empty', key: keys[0], value: Buffer.alloc(0), headers: {} },
        { kind: 'one-byte', key: keys[1], value: Buffer.from(oneByte), headers: {} },
        { kind: 'large', key: keys[2], value: bytesFromSeed(largeSeed, LARGE_BYTES), headers: {} },
        { kind: 'random-bytes', key: keys[3], value: Buffer.from(random), headers: {} },
        { kind: 'truncated', ...mutated(bytes.subarray(0, cut)) },
        { kind: 'byte-flips', ...mutated(flipped) },
        {
          kind: 'wrong-type',
          // Self-consistent: the other type's payload name, this topic's payload bytes.
          ...mutated(
            reencode({
              ...envelope,
              type: otherType,
              payloadType: eventRegistry[otherType].payloadType,
            }),
          ),
        },
        { kind: 'wrong-payload-type', ...mutated(reencode({ ...envelope, payloadType })) },
        { kind: 'empty-event-id', ...mutated(reencode({ ...envelope, eventId: '' })) },
        // Decodes: every payload field takes its default ('' ids, 0 amounts).
        { kind: 'empty-payload', ...mutated(reencode({ ...envelope, payload: Buffer.alloc(0) })) },
        // Decodes: a new event id of 64 KiB (stored by idempotent handlers and the audit trail).
        {
          kind: 'huge-event-id',
          ...mutated(
            reencode({ ...envelope, eventId: hugeId.repeat((64 * 1024) / hugeId.length) }),
          ),
        },
        // Decodes: U+0000 inside the event id (a byte flip can make one: seed 4242 did).
        {
          kind: 'nul-in-event-id',
          ...mutated(
            reencode({
              ...envelope,
              eventId: `${envelope.eventId.slice(0, 5)}\u0000${envelope.eventId.slice(6)}`,
            }),
          ),
        },
      ];
      return out.map((p) => ({ ...p, decoded: decodedOf(p.value, bytes) }));
    });
}

/** One topic's poison messages for a seed. */
export function poisonFor(type: EventType, genuine: RawMessage, seed: number): Poison[] {
  const [sample] = fc.sample(poisonArbitrary(type, genuine), { seed, numRuns: 1 });
  if (!sample) throw new Error(`no poison sampled for ${type}`);
  return sample;
}
