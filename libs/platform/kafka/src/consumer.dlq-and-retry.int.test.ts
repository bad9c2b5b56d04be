import { PartDispatched, Topics } from '@jh/contracts';
import { createLogger } from '@jh/platform-logger';
import { ensureTopics } from './client';
import {
  PermanentError,
  startConsumer,
  type ConsumedEvent,
  type RunningConsumer,
} from './consumer';
import { readDlq, replayDlq } from './dlq';
import { buildEvent } from './envelope';
import { EventPublisher } from './publisher';
import { submitted, testKafka } from './test-fixtures';

jest.setTimeout(90000);

const logger = createLogger({ name: 'test' });
const handle = testKafka('kafka', logger);

async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  { what }: { what: string },
): Promise<T> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const topic = handle.topic(Topics.applicationSubmitted);
const publisher = new EventPublisher(handle, 'test-producer');
const running: RunningConsumer[] = [];

beforeAll(async () => {
  await ensureTopics(handle, [topic]);
  await publisher.connect();
});

afterAll(async () => {
  for (const r of running) await r.stop();
  await publisher.disconnect();
});

describe('consumer wrapper on real Kafka', () => {
  it('parks a poison message on <topic>.dlq with the reason, retries transient failures, and moves on', async () => {
    const handled: ConsumedEvent[] = [];
    const failuresLeft = new Map([['flaky', 2]]);
    running.push(
      await startConsumer({
        handle,
        logger,
        group: 'worker',
        types: [Topics.applicationSubmitted],
        retry: { attempts: 4, initialDelayMs: 20, maxDelayMs: 50 },
        handler: async (event) => {
          if (event.event.type !== Topics.applicationSubmitted) return;
          const id = event.event.payload.applicationId;
          const left = failuresLeft.get(id) ?? 0;
          if (left > 0) {
            failuresLeft.set(id, left - 1);
            throw new Error('transient: database busy');
          }
          if (id === 'rejected') throw new PermanentError('不可处理的申请');
          handled.push(event);
        },
      }),
    );

    // Same key so all four land on one partition, in order.
    await publisher.sendRaw(topic, 'k', Buffer.from('definitely not protobuf'));
    await publisher.publish(Topics.applicationSubmitted, submitted('flaky'), {
      key: 'k',
      correlationId: 'flaky',
    });
    await publisher.publish(Topics.applicationSubmitted, submitted('rejected'), {
      key: 'k',
      correlationId: 'rejected',
    });
    const lastId = await publisher.publish(Topics.applicationSubmitted, submitted('fine'), {
      key: 'k',
      correlationId: 'fine',
      causationId: 'cause-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });

    await waitFor(async () => handled.some((e) => e.envelope.eventId === lastId), {
      what: 'last message handled',
    });
    expect(handled.map((e) => e.envelope.correlationId)).toEqual(['flaky', 'fine']);
    const fine = handled[1];
    expect(fine?.envelope.causationId).toBe('cause-1');
    expect(fine?.envelope.traceparent).toContain('0af7651916cd43dd8448eb211c80319c');
    expect(fine?.envelope.occurredAt).toBeInstanceOf(Date);

    const parked = await waitFor(
      async () => {
        const m = await readDlq(handle, topic);
        return m.length >= 2 ? m : undefined;
      },
      { what: 'two DLQ messages' },
    );
    expect(parked).toHaveLength(2);
    expect(parked[0]?.headers['x-error-reason']).toMatch(/^DECODE_FAILED/);
    expect(parked[0]?.headers['x-original-topic']).toBe(topic);
    expect(parked[1]?.headers['x-error-reason']).toBe('PermanentError: 不可处理的申请');
    expect(parked[1]?.headers['x-attempts']).toBe('1');
  });

  it('replays DLQ messages onto the original topic', async () => {
    const seen: string[] = [];
    running.push(
      await startConsumer({
        handle,
        logger,
        group: 'replay-reader',
        types: [Topics.applicationSubmitted],
        handler: async (event) => {
          seen.push(event.envelope.correlationId);
        },
      }),
    );
    await waitFor(async () => (seen.includes('fine') ? true : undefined), {
      what: 'reader caught up',
    });
    const replayed = await replayDlq(
      handle,
      topic,
      (m) => !m.headers['x-error-reason']?.startsWith('DECODE_FAILED'),
    );
    expect(replayed).toBe(1);
    await waitFor(
      async () => (seen.filter((c) => c === 'rejected').length === 2 ? true : undefined),
      {
        what: 'replayed message consumed',
      },
    );
  });

  // Issue 18 (consumer fuzzing): bytes of another event type decode, and a data-shape failure
  // fails again on every retry; both are parked at once.
  it('parks an event of another type (TYPE_MISMATCH) and a data-shape failure without retrying', async () => {
    const attemptsOf = new Map<string, number>();
    const handled: string[] = [];
    running.push(
      await startConsumer({
        handle,
        logger,
        group: 'shape-checker',
        types: [Topics.applicationSubmitted],
        retry: { attempts: 4, initialDelayMs: 20, maxDelayMs: 50 },
        handler: async (event) => {
          if (event.event.type !== Topics.applicationSubmitted) {
            handled.push(`wrong type ${event.event.type}`);
            return;
          }
          const id = event.event.payload.applicationId;
          attemptsOf.set(id, (attemptsOf.get(id) ?? 0) + 1);
          if (id === 'shapeless') {
            const invalid = new Error(
              'Timeline validation failed: service: Path `service` is required.',
            );
            invalid.name = 'ValidationError';
            throw invalid;
          }
          handled.push(id);
        },
      }),
    );
    const other = buildEvent(
      Topics.partDispatched,
      PartDispatched.fromPartial({ partId: 'p-1', caseId: 'c-1' }),
      { key: 'k3', correlationId: 'other' },
      'test-producer',
    );
    await publisher.sendRaw(topic, 'k3', other.bytes);
    await publisher.publish(Topics.applicationSubmitted, submitted('shapeless'), {
      key: 'k3',
      correlationId: 'shapeless',
    });
    await publisher.publish(Topics.applicationSubmitted, submitted('after'), {
      key: 'k3',
      correlationId: 'after',
    });
    await waitFor(async () => handled.includes('after'), { what: 'the next message handled' });
    expect(handled.filter((h) => h.startsWith('wrong type'))).toEqual([]);
    expect(attemptsOf.get('shapeless')).toBe(1);
    const parked = await waitFor(
      async () => {
        const m = (await readDlq(handle, topic)).filter(
          (p) => p.key === 'k3' && p.headers['x-consumer-group']?.endsWith('shape-checker'),
        );
        return m.length >= 2 ? m : undefined;
      },
      { what: 'two parked messages of the shape checker' },
    );
    expect(parked.map((p) => p.headers['x-error-reason'])).toEqual([
      `TYPE_MISMATCH: ${Topics.partDispatched} on ${topic}`,
      'ValidationError: Timeline validation failed: service: Path `service` is required.',
    ]);
    expect(parked[1]?.headers['x-attempts']).toBe('1');
  });

  // Issue 18 (chaos, seed 3, concurrency 48): during a FerretDB restart intake.progress parked 25
  // events with "MongoServerSelectionError" after its 5 attempts (about 3 s): a database that is
  // down is no fault of the message. Now it waits for the database, then handles the message.
  it('waits for a database that is down instead of parking: more failures than attempts, then handled, nothing on the DLQ', async () => {
    const failures = 9;
    let calls = 0;
    const handled: string[] = [];
    running.push(
      await startConsumer({
        handle,
        logger,
        group: 'db-restart',
        types: [Topics.applicationSubmitted],
        retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 40 },
        handler: async (event) => {
          if (event.event.type !== Topics.applicationSubmitted) return;
          const id = event.event.payload.applicationId;
          if (id === 'during-restart' && ++calls <= failures) {
            const down = new Error('connection 5 to 127.0.0.1:27037 closed');
            down.name = 'MongoServerSelectionError';
            throw down;
          }
          handled.push(id);
        },
      }),
    );
    for (const id of ['during-restart', 'after-restart'])
      await publisher.publish(Topics.applicationSubmitted, submitted(id), {
        key: 'k4',
        correlationId: id,
      });
    await waitFor(async () => (handled.includes('after-restart') ? true : undefined), {
      what: 'both messages handled',
    });
    // The group starts at the topic's beginning: earlier tests' messages come first.
    expect(handled.filter((id) => id.endsWith('-restart'))).toEqual([
      'during-restart',
      'after-restart',
    ]);
    expect(calls).toBe(failures + 1);
    // Earlier tests' poison is parked by this group too; nothing of the restart.
    const parked = (await readDlq(handle, topic)).filter(
      (p) => p.headers['x-consumer-group']?.endsWith('db-restart') && p.key === 'k4',
    );
    expect(parked).toEqual([]);
  });
});
