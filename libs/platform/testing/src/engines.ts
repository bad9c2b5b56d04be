import { randomBytes } from 'node:crypto';
import { identityEnv } from './identity';
import { createLogger } from '@jh/platform-logger';
import type { EventType } from '@jh/contracts';
import {
  createKafka,
  startConsumer,
  type ConsumedEvent,
  type KafkaHandle,
} from '@jh/platform-kafka';

/** Endpoints of the real engines started by tools/local-infra (the test command exports them). */
export function engineEndpoints() {
  return {
    kafkaBrokers: (
      process.env['KAFKA_BROKERS'] ?? `127.0.0.1:${process.env['JH_KAFKA_PORT'] ?? '19092'}`
    ).split(','),
    mongoBaseUrl:
      process.env['MONGO_URL'] ?? `mongodb://127.0.0.1:${process.env['JH_MONGO_PORT'] ?? '27027'}/`,
  };
}

/** A prefix unique to one test file, so parallel test files never share topics, groups or databases. */
export function uniquePrefix(label: string): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}-${label}-`;
}

export function mongoUrlFor(database: string): string {
  const base = engineEndpoints().mongoBaseUrl.replace(/\/[^/]*$/, '/');
  return `${base}${database.replace(/[^\w]/g, '_').slice(0, 60)}`;
}

export function testKafka(prefix: string): KafkaHandle {
  return createKafka({
    brokers: engineEndpoints().kafkaBrokers,
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
    MONGO_URL: mongoUrlFor(database),
    ...identityEnv(`svc-${serviceName}`),
    TOPIC_PREFIX: prefix,
    OUTBOX_SWEEP_MS: '1000',
    LOG_LEVEL: 'silent',
    ...extra,
  };
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
