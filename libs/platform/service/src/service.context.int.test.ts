import { Schema, type Model } from 'mongoose';
import { loadConfig, serviceEnvSchema } from '@jh/platform-config';
import { ensureTopics, startConsumer, type OutboxEntry } from '@jh/platform-kafka';
import { outboxPlugin } from '@jh/platform-mongo';
import { ManualScheduler, testServiceEnv, uniquePrefix, waitFor } from '@jh/platform-testing';
import { startService, type RunningService } from './service';

jest.setTimeout(60000);

// Issue 11: features get `relayOutbox(model)` and `every(ms, name, fn)` from the start-up context.
interface AggregateDoc {
  _id: string;
  outbox: OutboxEntry[];
}

const entry = (eventId: string, topic: string): OutboxEntry => ({
  eventId,
  topic,
  key: 'k',
  type: topic,
  payload: Buffer.from([1, 2, 3]),
  correlationId: 'c',
  causationId: '',
  traceparent: '',
  occurredAt: new Date(),
  sentAt: null,
});

interface ReadyBody {
  checks: Record<string, string>;
  details: {
    consumers: { group: string; state: string; memberId?: string; partitions: number }[];
    outbox: { collection: string; queued: number; lastSentAt?: string; lastLagSeconds?: number }[];
  };
}

const prefix = uniquePrefix('svc-context');
const topic = 'jh.test.relay_check.v1';
const scheduler = new ManualScheduler();
let passes = 0;
let Aggregate: Model<AggregateDoc>;
let running: RunningService;
let sweepMs = 0;

beforeAll(async () => {
  const config = loadConfig(
    serviceEnvSchema,
    testServiceEnv('svc-context', prefix, `${prefix}svc`),
  );
  sweepMs = config.OUTBOX_SWEEP_MS;
  running = await startService(
    config,
    async ({ mongo, kafka, relayOutbox, every, onStop, logger }) => {
      Aggregate = mongo.model<AggregateDoc>(
        'Aggregate',
        new Schema({ _id: String }).plugin(outboxPlugin),
      );
      await ensureTopics(kafka, [kafka.topic(topic)]);
      relayOutbox(Aggregate);
      const consumer = await startConsumer({
        handle: kafka,
        logger,
        group: 'ready-check',
        types: [topic as never],
        handler: async () => undefined,
      });
      onStop(() => consumer.stop());
      every(250, 'count', async () => void (passes += 1));
      every(0, 'off', async () => void (passes += 100));
      return {};
    },
    { scheduler },
  );
});

afterAll(async () => {
  await Aggregate?.db.dropDatabase();
  await running?.stop();
});

describe('start-up context for features', () => {
  it('relayOutbox(model) publishes the model’s outbox entries and marks them sent', async () => {
    await Aggregate.create({ _id: 'a1', outbox: [entry('e1', topic)] });
    const sent = await waitFor(
      async () => (await Aggregate.findById('a1').lean())?.outbox[0]?.sentAt ?? undefined,
      { what: 'outbox entry marked sent by the relay' },
    );
    expect(sent).toBeInstanceOf(Date);
  });

  // Issue 17: /ready shows each consumer group's membership and each relay's lag, from memory.
  it('/ready reports the consumer group membership and the outbox relay', async () => {
    const ready = async () => {
      const res = await fetch(`http://127.0.0.1:${running.httpPort}/ready`);
      return { status: res.status, body: (await res.json()) as ReadyBody };
    };
    const joined = await waitFor(
      async () => {
        const r = await ready();
        return r.status === 200 ? r : undefined;
      },
      { what: '/ready once the group has joined' },
    );
    expect(joined.body.checks).toEqual({ mongo: 'ok', consumers: 'ok', outbox: 'ok' });
    const [group] = joined.body.details.consumers;
    expect(group).toMatchObject({
      group: expect.stringContaining('ready-check'),
      state: 'joined',
      memberId: expect.any(String),
    });
    expect(group?.partitions).toBeGreaterThan(0);
    await Aggregate.create({ _id: 'a-ready', outbox: [entry('e-ready', topic)] });
    await waitFor(
      async () => (await Aggregate.findById('a-ready').lean())?.outbox[0]?.sentAt ?? undefined,
      { what: 'entry sent' },
    );
    const [relay] = (await ready()).body.details.outbox;
    expect(relay).toMatchObject({ collection: 'aggregates', queued: 0 });
    expect(relay?.lastLagSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(relay?.lastSentAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('every(ms, name, fn) runs on the injected scheduler; an interval of 0 registers nothing', async () => {
    expect(scheduler.tick(0)).toBe(0);
    expect(scheduler.tick(250)).toBe(1);
    await waitFor(async () => (passes === 1 ? true : undefined), { what: 'one pass' });
    expect(passes).toBe(1);
  });

  // ADR 0014: a write kicks the relay at once; what a crash left (flagged, never kicked) waits for
  // the sweep, which runs on the injected scheduler every OUTBOX_SWEEP_MS.
  it('publishes what a crash left only when the safety-net sweep runs', async () => {
    const raw = Aggregate.collection;
    await raw.insertOne({
      _id: 'left-by-crash',
      outbox: [entry('e-crash', topic)],
      outboxPending: true,
    } as never);
    const sentAt = async () =>
      (await Aggregate.findById('left-by-crash').lean())?.outbox[0]?.sentAt ?? undefined;
    await Aggregate.create({ _id: 'a2', outbox: [entry('e2', topic)] });
    await waitFor(
      async () => (await Aggregate.findById('a2').lean())?.outbox[0]?.sentAt ?? undefined,
      {
        what: 'kicked entry sent',
      },
    );
    expect(await sentAt()).toBeUndefined();
    expect(scheduler.tick(sweepMs)).toBe(1);
    expect(await waitFor(sentAt, { what: 'swept entry sent' })).toBeInstanceOf(Date);
    expect(
      (await raw.findOne({ _id: 'left-by-crash' } as never))?.['outboxPending'],
    ).toBeUndefined();
  });
});
