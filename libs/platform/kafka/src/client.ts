import { Kafka, logLevel, Partitioners, type LogEntry } from 'kafkajs';
import type { Logger } from '@jh/platform-logger';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Prepended to every topic and group name; isolates tests and environments on one cluster. */
  topicPrefix?: string;
}

export interface KafkaHandle {
  kafka: Kafka;
  settings: KafkaSettings;
  topic(name: string): string;
  group(name: string): string;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka(settings: KafkaSettings): KafkaHandle {
  const log = settings.logger.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[levels[level] ?? 'info'](rest, message);
      },
  });
  const prefix = settings.topicPrefix ?? '';
  return {
    kafka,
    settings,
    topic: (name) => `${prefix}${name}`,
    group: (name) => `${prefix}${name}`,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates topics if missing (idempotent); 3 partitions keyed by application id by default.
 * On a freshly started broker metadata can lag behind creation ("does not host this
 * topic-partition"), so it waits until every partition has a leader, retrying transient errors.
 */
export async function ensureTopics(
  handle: KafkaHandle,
  topics: string[],
  numPartitions = 3,
): Promise<void> {
  const admin = handle.kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((t) => !existing.has(t));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: false,
            topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
          });
        }
        const { topics: meta } = await admin.fetchTopicMetadata({ topics });
        const ready = meta.every(
          (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
        );
        if (ready) return;
        throw new Error('topic partitions have no leader yet');
      } catch (e) {
        if (attempt >= 20) throw e;
        await sleep(Math.min(250 * attempt, 2000));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export { Partitioners };
