// Our producer/consumer path against raw kafkajs on the same broker, same message count and size.
// Used by bench:intake and on its own by bench:kafka.
import { Kafka, logLevel, Partitioners, type SASLOptions } from 'kafkajs';
import { Topics, type ApplicationSubmitted } from '@jh/contracts';
import {
  EventPublisher,
  buildEvent,
  createKafka,
  ensureTopics,
  startConsumer,
  type KafkaSasl,
} from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import { idFor, round } from './bench-util';

export interface KafkaPhaseOptions {
  brokers: string[];
  /** The broker's login (the local engines refuse clients without one). */
  sasl?: KafkaSasl;
  /** Topic/group prefix of this run. */
  prefix: string;
  messages: number;
  logger: Logger;
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

const WINDOW = 100; // sends in flight per producer, same for both paths

async function untilCount(count: () => number, n: number) {
  while (count() < n) await new Promise((r) => setTimeout(r, 5));
}

/** Ours: typed envelope + batching idempotent publisher, consumer wrapper with decode and commit. */
async function oursPath(
  { brokers, sasl }: Pick<KafkaPhaseOptions, 'brokers' | 'sasl'>,
  prefix: string,
  n: number,
  logger: Logger,
) {
  const handle = createKafka({
    brokers,
    ...(sasl ? { sasl } : {}),
    clientId: 'bench-ours',
    logger,
    topicPrefix: prefix,
  });
  await ensureTopics(handle, [handle.topic(Topics.applicationSubmitted)]);
  const publisher = new EventPublisher(handle, 'bench');
  await publisher.connect();
  let t = performance.now();
  for (let i = 0; i < n; i += WINDOW) {
    await Promise.all(
      Array.from({ length: Math.min(WINDOW, n - i) }, (_, k) =>
        publisher.publish(Topics.applicationSubmitted, sampleEvent(i + k), {
          key: String(i + k),
          correlationId: String(i + k),
        }),
      ),
    );
  }
  const produce = n / ((performance.now() - t) / 1000);
  await publisher.disconnect();
  let consumed = 0;
  t = performance.now();
  const c = await startConsumer({
    handle,
    logger,
    group: 'bench',
    types: [Topics.applicationSubmitted],
    handler: async () => void consumed++,
  });
  await untilCount(() => consumed, n);
  const consume = n / ((performance.now() - t) / 1000);
  await c.stop();
  return { produce, consume };
}

/** Raw kafkajs: same bytes per message, same idempotent producer settings, default consumer. */
async function rawPath(
  { brokers, sasl }: Pick<KafkaPhaseOptions, 'brokers' | 'sasl'>,
  prefix: string,
  n: number,
  size: number,
) {
  const raw = new Kafka({
    clientId: 'bench-raw',
    brokers,
    ...(sasl ? { sasl: sasl as SASLOptions } : {}),
    logLevel: logLevel.ERROR,
  });
  const topic = `${prefix}${Topics.applicationSubmitted}`;
  const admin = raw.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
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
  let t = performance.now();
  for (let i = 0; i < n; i += WINDOW) {
    await Promise.all(
      Array.from({ length: Math.min(WINDOW, n - i) }, (_, k) =>
        producer.send({ topic, acks: -1, messages: [{ key: String(i + k), value: payload }] }),
      ),
    );
  }
  const produce = n / ((performance.now() - t) / 1000);
  await producer.disconnect();
  let consumed = 0;
  // Timed from connect, as ours is timed from startConsumer (which connects and subscribes).
  t = performance.now();
  const consumer = raw.consumer({ groupId: `${prefix}raw` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => void consumed++ });
  await untilCount(() => consumed, n);
  const consume = n / ((performance.now() - t) / 1000);
  await consumer.disconnect();
  return { produce, consume };
}

export async function kafkaPhase({ brokers, sasl, prefix, messages, logger }: KafkaPhaseOptions) {
  const conn = { brokers, sasl };
  const n = messages;
  const size = buildEvent(
    Topics.applicationSubmitted,
    sampleEvent(1),
    { key: 'k', correlationId: 'k' },
    'bench',
  ).bytes.length;
  // Both paths share kafkajs: an unmeasured warm-up of each first, so that neither is timed
  // while the JIT compiles code the other then gets warm.
  const warm = Math.min(n, 2000);
  await oursPath(conn, `${prefix}warm-ours-`, warm, logger);
  await rawPath(conn, `${prefix}warm-raw-`, warm, size);
  const ours = await oursPath(conn, `${prefix}ours-`, n, logger);
  const raw = await rawPath(conn, `${prefix}raw-`, n, size);
  return {
    messages: n,
    messageBytes: size,
    warmupMessages: warm,
    oursProducePerSec: round(ours.produce),
    rawProducePerSec: round(raw.produce),
    produceRatio: round(ours.produce / raw.produce, 3),
    oursConsumePerSec: round(ours.consume),
    rawConsumePerSec: round(raw.consume),
    consumeRatio: round(ours.consume / raw.consume, 3),
  };
}
