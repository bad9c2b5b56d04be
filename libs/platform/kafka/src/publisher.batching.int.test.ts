import { Topics } from '@jh/contracts';
import { createLogger } from '@jh/platform-logger';
import { ensureTopics } from './client';
import { startConsumer, type ConsumedEvent, type RunningConsumer } from './consumer';
import { EventPublisher } from './publisher';
import { submitted, testKafka, waitUntil } from './test-fixtures';

jest.setTimeout(90000);

// kafkajs logs the broker errors these tests provoke at error level; they are expected.
const logger = createLogger({ name: 'test', level: 'fatal' });
const handle = testKafka('kpub', logger);
const topic = handle.topic(Topics.applicationSubmitted);
const publishers: EventPublisher[] = [];
const running: RunningConsumer[] = [];

function publisherWith(options: ConstructorParameters<typeof EventPublisher>[2] = {}) {
  const p = new EventPublisher(handle, 'test-producer', options);
  publishers.push(p);
  return p;
}

const waitFor = waitUntil;

const meta = (key: string, seq: number) => ({ key, correlationId: `${key}:${seq}` });

beforeAll(async () => {
  await ensureTopics(handle, [topic]);
});

afterAll(async () => {
  for (const r of running) await r.stop();
  for (const p of publishers) await p.disconnect();
});

describe('batching publisher on real Kafka', () => {
  it('coalesces concurrent publishes into few requests; every one arrives, each key in call order', async () => {
    const publisher = publisherWith({ maxBatchMessages: 50 });
    const keys = Array.from({ length: 12 }, (_, k) => `c${k}`);
    const calls: Promise<string>[] = [];
    for (let seq = 0; seq < 50; seq++)
      for (const key of keys)
        calls.push(publisher.publish(Topics.applicationSubmitted, submitted(key), meta(key, seq)));
    const ids = await Promise.all(calls);
    expect(new Set(ids).size).toBe(600);
    // All 600 were queued before the first request: twelve full requests of the 50 allowed.
    expect(publisher.stats).toEqual({ requests: 12, messages: 600 });

    const received: ConsumedEvent[] = [];
    running.push(
      await startConsumer({
        handle,
        logger,
        group: 'reader',
        types: [Topics.applicationSubmitted],
        handler: async (e) => {
          if (e.key.startsWith('c')) received.push(e);
        },
      }),
    );
    await waitFor(() => received.length >= 600, 'all 600 consumed');
    expect(new Set(received.map((e) => e.envelope.eventId))).toEqual(new Set(ids));
    for (const key of keys) {
      const seqs = received
        .filter((e) => e.key === key)
        .map((e) => Number(e.envelope.correlationId.split(':')[1]));
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i));
    }
  });

  it('a failed request rejects every caller in it; later sends go through', async () => {
    const publisher = publisherWith();
    // Same turn of the event loop, so one request; the broker refuses the invalid topic name.
    const results = await Promise.allSettled([
      publisher.publish(Topics.applicationSubmitted, submitted('f1'), meta('f1', 0)),
      publisher.sendRaw(handle.topic('not a valid topic!'), 'f2', Buffer.from('x')),
      publisher.publish(Topics.applicationSubmitted, submitted('f3'), meta('f3', 0)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results)
      expect((r as PromiseRejectedResult).reason).toHaveProperty(
        'message',
        expect.stringMatching(/invalid topic/),
      );
    expect(publisher.stats).toEqual({ requests: 1, messages: 0 });

    await expect(
      publisher.publish(Topics.applicationSubmitted, submitted('f4'), meta('f4', 0)),
    ).resolves.toEqual(expect.any(String));
    expect(publisher.stats).toEqual({ requests: 2, messages: 1 });
  });

  it('keeps a request within its byte limit: a message too big for the broker fails alone', async () => {
    const publisher = publisherWith({ maxBatchBytes: 64 * 1024 });
    const results = await Promise.allSettled([
      publisher.sendRaw(topic, 'b1', Buffer.alloc(1000, 1)),
      publisher.sendRaw(topic, 'b2', Buffer.alloc(1000, 2)),
      publisher.sendRaw(topic, 'big', Buffer.alloc(2 * 1024 * 1024, 3)),
      publisher.sendRaw(topic, 'b3', Buffer.alloc(1000, 4)),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    // b1+b2 together, the big one alone, then b3.
    expect(publisher.stats).toEqual({ requests: 3, messages: 3 });
  });

  it('disconnect first sends what is queued', async () => {
    const publisher = publisherWith();
    const settled: string[] = [];
    const calls = [0, 1, 2].map((seq) =>
      publisher
        .publish(Topics.applicationSubmitted, submitted('d'), meta('d', seq))
        .then(() => void settled.push(`d:${seq}`)),
    );
    await publisher.disconnect();
    expect(settled).toEqual(['d:0', 'd:1', 'd:2']);
    expect(publisher.stats).toEqual({ requests: 1, messages: 3 });
    await Promise.all(calls);
  });
});
