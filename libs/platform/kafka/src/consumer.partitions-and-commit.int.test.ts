import { Topics } from '@jh/contracts';
import { createLogger } from '@jh/platform-logger';
import { ensureTopics } from './client';
import { startConsumer, type ConsumedEvent, type RunningConsumer } from './consumer';
import { EventPublisher } from './publisher';
import { submitted, testKafka, waitUntil } from './test-fixtures';

jest.setTimeout(90000);

const logger = createLogger({ name: 'test', level: 'warn' });
const handle = testKafka('kcons', logger);
const topic = handle.topic(Topics.applicationSubmitted);
const publisher = new EventPublisher(handle, 'test-producer');
const admin = handle.kafka.admin();
const running: RunningConsumer[] = [];

const waitFor = waitUntil;

const gates: (() => void)[] = [];
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  gates.push(open);
  return { open, opened };
}

/** Publishes `keys` × `perKey` events, sequence by sequence; the correlation id is "key:seq". */
async function publishAll(tag: string, keys: number, perKey: number): Promise<void> {
  const calls: Promise<string>[] = [];
  for (let seq = 0; seq < perKey; seq++)
    for (let k = 0; k < keys; k++)
      calls.push(
        publisher.publish(Topics.applicationSubmitted, submitted(`${tag}${k}`), {
          key: `${tag}${k}`,
          correlationId: `${tag}${k}:${seq}`,
        }),
      );
  await Promise.all(calls);
}

async function highWatermarks(): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

async function committed(groupName: string): Promise<Map<number, number>> {
  const [t] = await admin.fetchOffsets({ groupId: handle.group(groupName), topics: [topic] });
  return new Map((t?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
}

interface Seen {
  partition: number;
  offset: number;
  key: string;
  seq: number;
}
const seen = (e: ConsumedEvent): Seen => ({
  partition: e.partition,
  offset: Number(e.offset),
  key: e.key,
  seq: Number(e.envelope.correlationId.split(':')[1]),
});

beforeAll(async () => {
  await ensureTopics(handle, [topic]);
  await admin.connect();
});

afterAll(async () => {
  // A failed test may leave a handler waiting; stopping waits for handlers.
  for (const open of gates) open();
  for (const r of running) await r.stop();
  await publisher.disconnect();
  await admin.disconnect();
});

describe('consumer wrapper: partitions and commits on real Kafka', () => {
  it('handles all partitions at once, each in offset order, and commits only handled offsets', async () => {
    await publishAll('a', 30, 5);
    const high = await highWatermarks();
    expect(high.size).toBe(3);
    const handled: Seen[] = [];
    // Each partition's first message waits until every partition has one in hand: with one
    // partition at a time this never opens.
    const allStarted = gate();
    const started = new Set<number>();
    const release = gate();
    let held: Seen | undefined;
    running.push(
      await startConsumer({
        handle,
        logger,
        group: 'concurrent',
        types: [Topics.applicationSubmitted],
        handler: async (event) => {
          const s = seen(event);
          if (!started.has(s.partition)) {
            started.add(s.partition);
            if (started.size === high.size) allStarted.open();
            await allStarted.opened;
          }
          // One message mid-partition waits until the test has checked the commits.
          if (s.key === 'a0' && s.seq === 2) {
            held = s;
            await release.opened;
          }
          handled.push(s);
        },
      }),
    );
    await waitFor(() => started.size === high.size, 'every partition in hand at the same time');
    await waitFor(() => held !== undefined, 'the held message reached');
    const heldAt = held as Seen;
    const others = [...high.keys()].filter((p) => p !== heldAt.partition);
    await waitFor(async () => {
      const c = await committed('concurrent');
      return others.every((p) => c.get(p) === high.get(p));
    }, 'the other partitions committed to their end');
    // The held partition is committed at most up to the held message: never past it.
    expect((await committed('concurrent')).get(heldAt.partition) ?? -1).toBeLessThanOrEqual(
      heldAt.offset,
    );

    release.open();
    await waitFor(async () => {
      const c = await committed('concurrent');
      return [...high].every(([p, h]) => c.get(p) === h);
    }, 'every partition committed to its end');
    const total = [...high.values()].reduce((a, b) => a + b, 0);
    expect(handled).toHaveLength(total);
    for (const p of high.keys()) {
      const offsets = handled.filter((s) => s.partition === p).map((s) => s.offset);
      expect(offsets).toEqual(Array.from({ length: high.get(p) ?? 0 }, (_, i) => i));
    }
    for (let k = 0; k < 30; k++)
      expect(handled.filter((s) => s.key === `a${k}`).map((s) => s.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a consumer stopped mid-batch commits what it handled, and the next one resumes right after', async () => {
    const before = await highWatermarks();
    await publishAll('b', 12, 5);
    const after = await highWatermarks();
    const fresh = (s: Seen) => s.offset >= (before.get(s.partition) ?? 0);
    const first: Seen[] = [];
    const reached = gate();
    const stopRequested = gate();
    const a = await startConsumer({
      handle,
      logger,
      group: 'resume',
      types: [Topics.applicationSubmitted],
      handler: async (event) => {
        const s = seen(event);
        if (!fresh(s)) return;
        first.push(s);
        if (first.length === 10) {
          reached.open();
          await stopRequested.opened;
        }
      },
    });
    await reached.opened;
    const stopping = a.stop();
    stopRequested.open();
    await stopping;
    const stoppedAt = first.length;
    expect(stoppedAt).toBeLessThan(60);

    const second: Seen[] = [];
    running.push(
      await startConsumer({
        handle,
        logger,
        group: 'resume',
        types: [Topics.applicationSubmitted],
        handler: async (event) => {
          const s = seen(event);
          if (fresh(s)) second.push(s);
        },
      }),
    );
    const total = [...after].reduce((n, [p, h]) => n + h - (before.get(p) ?? 0), 0);
    await waitFor(() => first.length + second.length >= total, 'all messages handled');
    // Nothing handled twice, nothing lost: the second consumer starts where the first stopped.
    const id = (s: Seen) => `${s.partition}@${s.offset}`;
    expect(new Set([...first, ...second].map(id)).size).toBe(total);
    expect(first.length + second.length).toBe(total);
  });
});
