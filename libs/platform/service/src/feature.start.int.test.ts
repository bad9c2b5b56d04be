import { Topics } from '@jh/contracts';
import { loadConfig, serviceEnvSchema, z } from '@jh/platform-config';
import { createKafka, dlqTopicOf } from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';
import {
  engineEndpoints,
  ManualScheduler,
  testServiceEnv,
  uniquePrefix,
  waitFor,
} from '@jh/platform-testing';
import { defineFeature, startFeatures } from './feature';

jest.setTimeout(60000);

// Issue 11 / ADR 0012: an app is a list of features; each sees its own config slice, earlier
// features' APIs, and adds routes and loops to the one service.
const counterEnv = { COUNTER_STEP: z.coerce.number().int().positive().default(2) };

const counterFeature = defineFeature({
  name: 'counter',
  env: counterEnv,
  async start({ config, every }) {
    let count = 0;
    every(100, 'count', async () => void (count += config.COUNTER_STEP));
    return {
      api: { count: () => count, seenKeys: Object.keys(config) },
      readiness: { counter: async () => undefined },
    };
  },
});

const reportFeature = defineFeature({
  name: 'report',
  env: {},
  topics: { consumes: [Topics.partReported], publishes: [Topics.partOverdue] },
  async start(_ctx, deps: { count: () => number }) {
    return {
      api: {},
      mountHttp: (app) => app.get('/count', (_req, res) => void res.json({ count: deps.count() })),
    };
  },
});

const schema = serviceEnvSchema.extend(counterEnv);
const prefix = uniquePrefix('svc-features');
const scheduler = new ManualScheduler();
let running: Awaited<ReturnType<typeof start>>;

const start = () =>
  startFeatures(
    loadConfig(schema, {
      ...testServiceEnv('svc-features', prefix, `${prefix}f`),
      COUNTER_STEP: '5',
    }),
    async (add) => {
      const counter = await add(counterFeature);
      await add(reportFeature, counter);
      return { counter };
    },
    { scheduler },
  );

beforeAll(async () => {
  running = await start();
});
afterAll(async () => {
  await running?.stop();
});

describe('startFeatures', () => {
  it('creates the topics a feature declares, with a DLQ for each consumed one', async () => {
    const kafka = createKafka({
      brokers: engineEndpoints().kafkaBrokers,
      sasl: engineEndpoints().kafkaSasl,
      clientId: 'feature-topics-check',
      logger: createLogger({ name: 'feature-topics-check', level: 'silent' }),
      topicPrefix: prefix,
    });
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      const topics = new Set(await admin.listTopics());
      const consumed = kafka.topic(Topics.partReported);
      expect(
        [consumed, dlqTopicOf(consumed), kafka.topic(Topics.partOverdue)].map((t) => topics.has(t)),
      ).toEqual([true, true, true]);
    } finally {
      await admin.disconnect();
    }
  });

  it('gives a feature only its declared config keys', () => {
    expect(running.counter.seenKeys).toEqual(['COUNTER_STEP']);
  });

  it('mounts later features’ routes with earlier features’ APIs, on the injected scheduler', async () => {
    scheduler.tick(100);
    await waitFor(async () => (running.counter.count() === 5 ? true : undefined), {
      what: 'one counter pass',
    });
    const res = await fetch(`http://127.0.0.1:${running.httpPort}/count`);
    expect(await res.json()).toEqual({ count: 5 });
  });
});
