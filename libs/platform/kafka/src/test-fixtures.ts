// Shared by this lib's integration tests only. @jh/platform-testing builds on this lib, so the
// tests cannot import it without a cycle.
import { randomBytes } from 'node:crypto';
import type { ApplicationSubmitted } from '@jh/contracts';
import { createLogger, type Logger } from '@jh/platform-logger';
import { createKafka, type KafkaHandle, type KafkaSasl } from './client';

/** A handle on the local broker with a topic/group prefix of its own. */
export function testKafka(label: string, logger?: Logger): KafkaHandle {
  const prefix = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}-${label}-`;
  return createKafka({
    brokers: (
      process.env['KAFKA_BROKERS'] ?? `127.0.0.1:${process.env['JH_KAFKA_PORT'] ?? '19092'}`
    ).split(','),
    sasl: {
      // tools/local-infra's development user (this lib may not import platform-config/-testing).
      mechanism: (process.env['KAFKA_SASL_MECHANISM'] ?? 'scram-sha-512') as KafkaSasl['mechanism'],
      username: process.env['KAFKA_USERNAME'] ?? 'jh',
      password: process.env['KAFKA_PASSWORD'] ?? 'jh-dev-kafka',
    },
    clientId: `${prefix}test`,
    logger: logger ?? createLogger({ name: 'test' }),
    topicPrefix: prefix,
  });
}

/** A minimal application-submitted event. */
export function submitted(id: string): ApplicationSubmitted {
  return {
    applicationId: id,
    applicationNumber: `JH-2026-${id}`,
    applicant: undefined,
    householdMembers: [],
    hardshipDescription: '',
    requestedItems: [],
    channel: 0,
    owner: undefined,
    missingDocuments: [],
    declarationSigned: true,
    submittedAt: new Date('2026-04-30T02:00:00Z'),
  };
}

/** Polls `probe` every 20 ms until it holds; fails after 30 s naming `what`. */
export async function waitUntil(
  probe: () => Promise<boolean> | boolean,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 30000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
