import { randomBytes } from 'node:crypto';
import { Schema, type Model } from 'mongoose';
import { ApplicationSubmitted, Topics } from '@jh/contracts';
import { loadConfig, serviceEnvSchema } from '@jh/platform-config';
import {
  buildEvent,
  ensureTopics,
  EventPublisher,
  startConsumer,
  type OutboxEntry,
} from '@jh/platform-kafka';
import { outboxPlugin } from '@jh/platform-mongo';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import { ManualScheduler, testServiceEnv, uniquePrefix, waitFor } from '@jh/platform-testing';
import { startService, type RunningService } from './service';

jest.setTimeout(90_000);

// Issue 17: GET /metrics of a started service, on the real broker and engine: consumer lag per
// group and partition, dead letters, outbox backlog and age (the names alerts.yml uses).
const telemetry = startTelemetry({
  serviceName: 'svc-metrics',
  enabled: true,
  exporter: new tracing.InMemorySpanExporter(),
});
const prefix = uniquePrefix('svc-metrics');
let running: RunningService;
let Aggregate: Model<{ _id: string; outbox: OutboxEntry[] }>;
let publisher: EventPublisher;
let topic = '';
let release: () => void = () => undefined;
const gate = new Promise<void>((r) => (release = r));
let handled = 0;

beforeAll(async () => {
  const config = loadConfig(serviceEnvSchema, testServiceEnv('svc-metrics', prefix, `${prefix}m`));
  running = await startService(
    config,
    async ({ mongo, kafka, relayOutbox, logger, onStop }) => {
      Aggregate = mongo.model<{ _id: string; outbox: OutboxEntry[] }>(
        'Aggregate',
        new Schema({ _id: String }).plugin(outboxPlugin),
      );
      relayOutbox(Aggregate);
      topic = kafka.topic(Topics.applicationSubmitted);
      await ensureTopics(kafka, [topic]);
      const consumer = await startConsumer({
        handle: kafka,
        logger,
        group: 'metrics',
        types: [Topics.applicationSubmitted],
        retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10 },
        handler: async () => {
          handled += 1;
          await gate;
        },
      });
      onStop(() => consumer.stop());
      publisher = new EventPublisher(kafka, 'test');
      await publisher.connect();
      onStop(() => publisher.disconnect());
      return {};
    },
    { scheduler: new ManualScheduler() },
  );
});

afterAll(async () => {
  release();
  await Aggregate?.db.dropDatabase();
  await running?.stop();
  await telemetry.shutdown();
});

/** `name{labels} value` lines of the Prometheus text, as label maps with their values. */
async function scrape(name: string): Promise<{ labels: Record<string, string>; value: number }[]> {
  const res = await fetch(`http://127.0.0.1:${running.httpPort}/metrics`);
  expect(res.status).toBe(200);
  const rows: { labels: Record<string, string>; value: number }[] = [];
  for (const line of (await res.text()).split('\n')) {
    const m = new RegExp(`^${name}\\{(.*)\\} (\\S+)`).exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]),
    );
    rows.push({ labels, value: Number(m[2]) });
  }
  return rows;
}

const sum = (rows: { value: number }[]) => rows.reduce((n, r) => n + r.value, 0);

it('shows the lag of a stuck consumer, then none and one dead letter once it moves on', async () => {
  for (let i = 0; i < 3; i++) {
    const built = buildEvent(
      Topics.applicationSubmitted,
      ApplicationSubmitted.fromPartial({ applicationId: `m-${i}` }),
      { key: 'one-key', correlationId: 'm' },
      'test',
    );
    await publisher.send(Topics.applicationSubmitted, built.key, built.bytes);
  }
  await publisher.send(Topics.applicationSubmitted, 'one-key', randomBytes(40));
  await waitFor(async () => (handled > 0 ? true : undefined), { what: 'the first message held' });

  const lag = (await scrape('jh_kafka_consumer_lag')).filter((r) => r.labels['topic'] === topic);
  expect(lag.every((r) => r.labels['service'] === 'svc-metrics')).toBe(true);
  expect(lag.every((r) => r.labels['group']!.endsWith('metrics'))).toBe(true);
  expect(sum(lag)).toBe(4);

  release();
  await waitFor(
    async () => {
      const now = (await scrape('jh_kafka_consumer_lag')).filter(
        (r) => r.labels['topic'] === topic,
      );
      const dead = (await scrape('jh_dlq_messages')).filter((r) => r.labels['topic'] === topic);
      return sum(now) === 0 && sum(dead) === 1 ? true : undefined;
    },
    { what: 'lag 0 and one dead letter', timeoutMs: 30_000 },
  );
});

it('shows an outbox entry a crash left unsent, with its age', async () => {
  await Aggregate.collection.insertOne({
    _id: 'left-by-crash',
    outbox: [
      {
        eventId: 'e-crash',
        topic: 'jh.test.metrics.v1',
        key: 'k',
        type: 'jh.test.metrics.v1',
        payload: Buffer.from([1]),
        correlationId: 'c',
        causationId: '',
        traceparent: '',
        occurredAt: new Date(Date.now() - 120_000),
        sentAt: null,
      },
    ],
    outboxPending: true,
  } as never);
  const pending = await scrape('jh_outbox_pending');
  const mine = pending.find((r) => r.labels['collection'] === Aggregate.collection.collectionName);
  expect(mine?.value).toBe(1);
  const age = (await scrape('jh_outbox_oldest_pending_age_seconds')).find(
    (r) => r.labels['collection'] === Aggregate.collection.collectionName,
  );
  expect(age!.value).toBeGreaterThanOrEqual(120);
});
