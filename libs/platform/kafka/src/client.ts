import { readFileSync } from 'node:fs';
import { Kafka, logLevel, Partitioners, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Logger } from '@jh/platform-logger';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Prepended to every topic and group name; isolates tests and environments on one cluster. */
  topicPrefix?: string;
  /** SASL login (SCRAM in every environment; the local engines refuse clients without it). */
  sasl?: KafkaSasl;
  /** TLS to the brokers: true for the system CAs, or `{ ca }` for a private one. */
  ssl?: boolean | { ca: string[] };
}

export interface KafkaSasl {
  mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain';
  username: string;
  password: string;
}

/** The connection keys of the service configuration (libs/platform/config). */
export interface KafkaAuthConfig {
  KAFKA_SASL_MECHANISM?: KafkaSasl['mechanism'] | undefined;
  KAFKA_USERNAME?: string | undefined;
  KAFKA_PASSWORD?: string | undefined;
  KAFKA_SSL?: boolean | undefined;
  KAFKA_SSL_CA_FILE?: string | undefined;
}

/** `sasl` and `ssl` for createKafka from the configuration; no SASL when no user is configured. */
export function kafkaAuth(config: KafkaAuthConfig): Pick<KafkaSettings, 'sasl' | 'ssl'> {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_USERNAME: username } = config;
  const password = config.KAFKA_PASSWORD;
  const sasl = mechanism && username && password ? { mechanism, username, password } : undefined;
  const ssl = config.KAFKA_SSL_CA_FILE
    ? { ca: [readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8')] }
    : config.KAFKA_SSL === true;
  return { ...(sasl ? { sasl } : {}), ...(ssl ? { ssl } : {}) };
}

export interface KafkaHandle {
  kafka: Kafka;
  settings: KafkaSettings;
  topic(name: string): string;
  group(name: string): string;
  /**
   * Called after a consumer of this handle handled an event (the service's audit trail records
   * the system's state changes there); a failure makes the handler run again, never drops it.
   */
  onHandled?: (event: HandledEvent) => Promise<void>;
  /**
   * Groups started on this handle, their (prefixed) topics and membership: what the lag metrics
   * and /ready read.
   */
  consumers?: RegisteredConsumer[];
}

export interface RegisteredConsumer {
  groupId: string;
  topics: string[];
  membership: ConsumerMembership;
}

/** What the broker's group coordinator last told this member (kafkajs instrumentation events). */
export interface ConsumerMembership {
  state: 'joining' | 'joined' | 'rebalancing' | 'crashed' | 'stopped';
  memberId?: string;
  /** Partitions assigned to this member at its last join. */
  partitions: number;
  since: Date;
  /** The error's name after a crash (its message may quote a payload). */
  error?: string;
}

/** What the audit trail needs of a handled event: no payload, so nothing personal. */
export interface HandledEvent {
  group: string;
  type: string;
  eventId: string;
  key: string;
  correlationId: string;
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
    // A copy: kafkajs caches its authenticator on the object it is given (authenticationProvider),
    // so a caller's object reused with another password would still log in with the first one.
    ...(settings.sasl ? { sasl: { ...settings.sasl } as SASLOptions } : {}),
    ...(settings.ssl ? { ssl: settings.ssl } : {}),
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
