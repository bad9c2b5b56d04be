import { randomBytes } from 'node:crypto';
import { identityEnv } from './identity';
import { createLogger } from '@jh/platform-logger';
import type { EventType } from '@jh/contracts';
import {
  createKafka,
  startConsumer,
  type ConsumedEvent,
  type KafkaHandle,
  type KafkaSasl,
} from '@jh/platform-kafka';

/**
 * Development users of tools/local-infra (its lib/config.mjs; also LOCAL_ENGINE_USERS of
 * platform-config, which this lib must not import: tools/local-infra/engine-auth.int.test.ts
 * checks that the copies agree).
 */
export const LOCAL_TEST_ENGINE_USERS = {
  kafka: { mechanism: 'scram-sha-512', username: 'jh', password: 'jh-dev-kafka' },
  mongo: { username: 'jh', password: 'jh-dev-mongo', authSource: 'admin' },
} as const;

/**
 * Endpoints of the real engines started by tools/local-infra (the test command exports them), with
 * the credentials they require: KAFKA_SASL_MECHANISM/KAFKA_USERNAME/KAFKA_PASSWORD, and the user
 * inside MONGO_URL; by default the local development users.
 */
export function engineEndpoints(): {
  kafkaBrokers: string[];
  kafkaSasl: KafkaSasl;
  mongoBaseUrl: string;
} {
  const local = LOCAL_TEST_ENGINE_USERS.kafka;
  const { username, password, authSource } = LOCAL_TEST_ENGINE_USERS.mongo;
  const mongoPort = process.env['JH_MONGO_PORT'] ?? '27027';
  return {
    kafkaBrokers: (
      process.env['KAFKA_BROKERS'] ?? `127.0.0.1:${process.env['JH_KAFKA_PORT'] ?? '19092'}`
    ).split(','),
    kafkaSasl: {
      mechanism: (process.env['KAFKA_SASL_MECHANISM'] ?? local.mechanism) as KafkaSasl['mechanism'],
      username: process.env['KAFKA_USERNAME'] ?? local.username,
      password: process.env['KAFKA_PASSWORD'] ?? local.password,
    },
    mongoBaseUrl:
      process.env['MONGO_URL'] ??
      `mongodb://${username}:${password}@127.0.0.1:${mongoPort}/?authSource=${authSource}`,
  };
}

/** A prefix unique to one test file, so parallel test files never share topics, groups or databases. */
export function uniquePrefix(label: string): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}-${label}-`;
}

/** The engine's URL (credentials and options kept) with `database` as its path. */
export function mongoUrlFor(database: string): string {
  return withDatabase(engineEndpoints().mongoBaseUrl, database.replace(/[^\w]/g, '_').slice(0, 60));
}

/** Replaces the database of a mongodb:// URL, keeping user, hosts and ?options (authSource…). */
export function withDatabase(url: string, database: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?([^?]*)(\?.*)?$/.exec(url);
  if (!m) throw new Error('MONGO_URL must be a mongodb:// URL');
  return `${m[1]}/${database}${m[3] ?? ''}`;
}

export function testKafka(prefix: string): KafkaHandle {
  const { kafkaBrokers, kafkaSasl } = engineEndpoints();
  return createKafka({
    brokers: kafkaBrokers,
    sasl: kafkaSasl,
    clientId: `${prefix}test`,
    logger: createLogger({ name: 'test' }),
    topicPrefix: prefix,
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 20000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Environment for a service under test: its own topic prefix and database on the real engines. */
export function testServiceEnv(
  serviceName: string,
  prefix: string,
  database: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    SERVICE_NAME: serviceName,
    HTTP_PORT: '0',
    KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
    ...kafkaCredentialEnv(),
    MONGO_URL: mongoUrlFor(database),
    ...identityEnv(`svc-${serviceName}`),
    TOPIC_PREFIX: prefix,
    OUTBOX_SWEEP_MS: '1000',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** The Kafka login of the test engines as service configuration variables. */
export function kafkaCredentialEnv(): Record<string, string> {
  const { mechanism, username, password } = engineEndpoints().kafkaSasl;
  return { KAFKA_SASL_MECHANISM: mechanism, KAFKA_USERNAME: username, KAFKA_PASSWORD: password };
}

/** A consumer that records every event of the given types a service publishes. */
export async function probeEvents(
  prefix: string,
  types: EventType[],
): Promise<{ events: ConsumedEvent[]; stop(): Promise<void> }> {
  const events: ConsumedEvent[] = [];
  const consumer = await startConsumer({
    handle: testKafka(prefix),
    logger: createLogger({ name: 'probe', level: 'silent' }),
    // Its own group per probe: two probes sharing a group would split the partitions between them.
    group: `probe-${randomBytes(4).toString('hex')}`,
    types,
    handler: async (event) => {
      events.push(event);
    },
  });
  return { events, stop: () => consumer.stop() };
}

/** A stored document without what the outbox relay changes on its own (ADR 0014). */
export function withoutRelayBookkeeping<T extends { outbox?: unknown; outboxPending?: unknown }>(
  doc: T,
): Omit<T, 'outbox' | 'outboxPending'> {
  const { outbox: _outbox, outboxPending: _pending, ...rest } = doc;
  return rest;
}
