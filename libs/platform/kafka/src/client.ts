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

/** Creates topics if missing (idempotent); 3 partitions keyed by application id by default. */
export async function ensureTopics(
  handle: KafkaHandle,
  topics: string[],
  numPartitions = 3,
): Promise<void> {
  const admin = handle.kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

export { Partitioners };
