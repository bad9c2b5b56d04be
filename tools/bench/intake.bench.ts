// Benchmark (not a test): applications through intake → Kafka → civil-affairs dispatch, plus our
// producer/consumer path against raw kafkajs on the same broker, same message count and size.
//   npm run bench:intake -- [--count 2000] [--concurrency 16] [--kafka-messages 20000]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Topics, type ApplicationSubmitted } from '@jh/contracts';
import { issueToken } from '@jh/platform-auth';
import {
  EventPublisher,
  buildEvent,
  createKafka,
  ensureTopics,
  startConsumer,
} from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    'kafka-messages': { type: 'string', default: '20000' },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const kafkaMessages = Number(values['kafka-messages']);
const root = resolve(__dirname, '../..');
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const mongoBase = (process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27027/').replace(
  /\/[^/]*$/,
  '/',
);
const prefix = `bench${Date.now().toString(36)}-`;
const secret = 'benchmark-secret-0123456789-abcdefghijkl';
const logger = createLogger({ name: 'bench', level: 'error' });

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function startApp(name: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(root, 'dist/apps', name, 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      AUTH_JWT_SECRET: secret,
      TOPIC_PREFIX: prefix,
      KAFKA_BROKERS: brokers.join(','),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${env['HTTP_PORT']}/ready`)).ok) return child;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not become ready`);
}

const idFor = (i: number) => {
  const base = `3301061990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, k) => acc + w * Number(base.charAt(k)), 0);
  return base + '10X98765432'.charAt(sum % 11);
};

async function intakePhase() {
  execFileSync(
    process.execPath,
    [resolve(root, 'tools/run/build.mjs'), 'intake', 'civil-affairs'],
    { stdio: 'inherit' },
  );
  const intakeHttp = await freePort();
  const intakeGrpc = await freePort();
  const civilHttp = await freePort();
  const apps = [
    await startApp('intake', {
      SERVICE_NAME: 'intake',
      HTTP_PORT: String(intakeHttp),
      GRPC_PORT: String(intakeGrpc),
      MONGO_URL: `${mongoBase}${prefix.replace(/-/g, '_')}intake`,
    }),
    await startApp('civil-affairs', {
      SERVICE_NAME: 'civil-affairs',
      HTTP_PORT: String(civilHttp),
      GRPC_PORT: String(await freePort()),
      INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}`,
      MONGO_URL: `${mongoBase}${prefix.replace(/-/g, '_')}civil`,
    }),
  ];
  const handle = createKafka({ brokers, clientId: 'bench', logger, topicPrefix: prefix });
  await ensureTopics(handle, [handle.topic(Topics.partDispatched)]);
  const submittedAt = new Map<string, number>();
  const partsSeen = new Map<string, number>();
  const dispatchLatency: number[] = [];
  const partsPerApplication = 3;
  const probe = await startConsumer({
    handle,
    logger,
    group: 'bench-probe',
    types: [Topics.partDispatched],
    handler: async (event) => {
      const app = event.envelope.correlationId;
      const n = (partsSeen.get(app) ?? 0) + 1;
      partsSeen.set(app, n);
      const t0 = submittedAt.get(app);
      if (n === partsPerApplication && t0 !== undefined)
        dispatchLatency.push(performance.now() - t0);
    },
  });
  const token = await issueToken(
    { secret, issuer: 'jh-platform', audience: 'jh-platform' },
    { userId: 'bench-clerk', roles: ['window_clerk'], regionCode: '330106' },
  );
  const latencies: number[] = [];
  const progress = setInterval(() => {
    process.stdout.write(
      `  … accepted ${latencies.length}/${count}, fully dispatched ${dispatchLatency.length}\n`,
    );
  }, 5000);
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${intakeHttp}/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            applicant: { name: `申请人${i}`, idNumber: idFor(i), regionCode: '330106' },
            items: ['education', 'housing', 'medical'],
            channel: 'window',
            declarationSigned: true,
          }),
        });
        const t1 = performance.now();
        if (res.status !== 201) {
          failures++;
          await res.text();
          continue;
        }
        const body = (await res.json()) as { id: string };
        submittedAt.set(body.id, t0);
        latencies.push(t1 - t0);
      }
    }),
  );
  const acceptElapsed = (performance.now() - started) / 1000;
  const deadline = Date.now() + 300000;
  while (dispatchLatency.length < latencies.length && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  const allDispatchedElapsed = (performance.now() - started) / 1000;
  clearInterval(progress);
  await probe.stop();
  for (const app of apps) app.kill('SIGTERM');
  latencies.sort((a, b) => a - b);
  dispatchLatency.sort((a, b) => a - b);
  return {
    applications: count,
    concurrency,
    accepted: latencies.length,
    failed: failures,
    acceptedPerSec: round(latencies.length / acceptElapsed),
    intakeP50Ms: round(percentile(latencies, 50)),
    intakeP95Ms: round(percentile(latencies, 95)),
    intakeP99Ms: round(percentile(latencies, 99)),
    fullyDispatched: dispatchLatency.length,
    dispatchP50Ms: round(percentile(dispatchLatency, 50)),
    dispatchP95Ms: round(percentile(dispatchLatency, 95)),
    dispatchP99Ms: round(percentile(dispatchLatency, 99)),
    allDispatchedSec: round(allDispatchedElapsed, 2),
  };
}

function sampleEvent(i: number): ApplicationSubmitted {
  return {
    applicationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    applicationNumber: `JH-2026-${String(i).padStart(6, '0')}`,
    applicant: {
      name: '申请人',
      idNumber: idFor(i),
      phone: '13800138000',
      citizenCardNo: '',
      address: '杭州市西湖区某街道某社区',
      regionCode: '330106',
    },
    householdMembers: [],
    hardshipDescription: '家庭主要劳动力因病丧失劳动能力，子女在读',
    requestedItems: [5, 6, 7],
    channel: 1,
    owner: { userId: 'clerk', officeId: 'office', regionCode: '330106' },
    missingDocuments: [],
    declarationSigned: true,
    submittedAt: new Date(),
  };
}

async function kafkaPhase() {
  const n = kafkaMessages;
  const window = 100; // sends in flight per producer, same for both paths
  // Ours: typed envelope + idempotent producer, consumer wrapper with decode and manual commit.
  const oursHandle = createKafka({
    brokers,
    clientId: 'bench-ours',
    logger,
    topicPrefix: `${prefix}ours-`,
  });
  const oursTopic = oursHandle.topic(Topics.applicationSubmitted);
  await ensureTopics(oursHandle, [oursTopic]);
  const publisher = new EventPublisher(oursHandle, 'bench');
  await publisher.connect();
  const size = buildEvent(
    Topics.applicationSubmitted,
    sampleEvent(1),
    { key: 'k', correlationId: 'k' },
    'bench',
  ).bytes.length;
  let t = performance.now();
  for (let i = 0; i < n; i += window) {
    await Promise.all(
      Array.from({ length: Math.min(window, n - i) }, (_, k) =>
        publisher.publish(Topics.applicationSubmitted, sampleEvent(i + k), {
          key: String(i + k),
          correlationId: String(i + k),
        }),
      ),
    );
  }
  const oursProduce = n / ((performance.now() - t) / 1000);
  await publisher.disconnect();
  let consumed = 0;
  t = performance.now();
  const c = await startConsumer({
    handle: oursHandle,
    logger,
    group: 'bench',
    types: [Topics.applicationSubmitted],
    handler: async () => void consumed++,
  });
  while (consumed < n) await new Promise((r) => setTimeout(r, 20));
  const oursConsume = n / ((performance.now() - t) / 1000);
  await c.stop();

  // Raw kafkajs: same bytes per message, same idempotent producer settings, default consumer.
  const raw = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.ERROR });
  const rawTopic = `${prefix}raw-${Topics.applicationSubmitted}`;
  const admin = raw.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: rawTopic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = raw.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const payload = Buffer.alloc(size, 7);
  t = performance.now();
  for (let i = 0; i < n; i += window) {
    await Promise.all(
      Array.from({ length: Math.min(window, n - i) }, (_, k) =>
        producer.send({
          topic: rawTopic,
          acks: -1,
          messages: [{ key: String(i + k), value: payload }],
        }),
      ),
    );
  }
  const rawProduce = n / ((performance.now() - t) / 1000);
  await producer.disconnect();
  let rawConsumed = 0;
  const consumer = raw.consumer({ groupId: `${prefix}raw` });
  await consumer.connect();
  await consumer.subscribe({ topic: rawTopic, fromBeginning: true });
  t = performance.now();
  await consumer.run({ eachMessage: async () => void rawConsumed++ });
  while (rawConsumed < n) await new Promise((r) => setTimeout(r, 20));
  const rawConsume = n / ((performance.now() - t) / 1000);
  await consumer.disconnect();
  return {
    messages: n,
    messageBytes: size,
    oursProducePerSec: round(oursProduce),
    rawProducePerSec: round(rawProduce),
    produceRatio: round(oursProduce / rawProduce, 3),
    oursConsumePerSec: round(oursConsume),
    rawConsumePerSec: round(rawConsume),
    consumeRatio: round(oursConsume / rawConsume, 3),
  };
}

async function main() {
  execFileSync(process.execPath, [resolve(root, 'tools/local-infra/cli.mjs'), 'up'], {
    stdio: 'inherit',
  });
  const intake = await intakePhase();
  const kafka = await kafkaPhase();
  console.log('\n== bench:intake ==');
  console.table({
    'applications (accepted / sent)': `${intake.accepted} / ${intake.applications}`,
    concurrency: intake.concurrency,
    'accepted/s': intake.acceptedPerSec,
    'intake latency p50/p95/p99 ms': `${intake.intakeP50Ms} / ${intake.intakeP95Ms} / ${intake.intakeP99Ms}`,
    'submit → all 3 parts dispatched p50/p95/p99 ms': `${intake.dispatchP50Ms} / ${intake.dispatchP95Ms} / ${intake.dispatchP99Ms}`,
    'all dispatched after s': intake.allDispatchedSec,
  });
  console.log(
    `== producer/consumer path vs raw kafkajs (${kafka.messages} messages of ${kafka.messageBytes} B) ==`,
  );
  console.table({
    produce: {
      oursPerSec: kafka.oursProducePerSec,
      rawPerSec: kafka.rawProducePerSec,
      ratio: kafka.produceRatio,
    },
    consume: {
      oursPerSec: kafka.oursConsumePerSec,
      rawPerSec: kafka.rawConsumePerSec,
      ratio: kafka.consumeRatio,
    },
  });
  console.log(JSON.stringify({ benchmark: 'intake', node: process.version, ...intake, kafka }));
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
