import { ApplicationSubmitted, Topics, type EventPayloads, type EventType } from '@jh/contracts';
import { type Role } from '@jh/platform-auth';
import { buildEvent, EventPublisher, type ConsumedEvent } from '@jh/platform-kafka';
import {
  mongoUrlFor,
  testKafka,
  uniquePrefix,
  waitFor,
  testServiceEnv,
  probeEvents,
  keycloakToken,
  releaseTestDatabase,
} from '@jh/platform-testing';
import mongoose, { type Connection } from 'mongoose';
import { keyMaterialFrom, Vault, type DocumentCipher } from '@jh/platform-crypto';
import { sealedCollections } from './sealed-fields';
import { startIntake, type IntakeService } from './app';
import { loadIntakeConfig } from './env';

/** A running intake on the real engines, a probe consumer on its topic, and a raw DB handle. */
export interface IntakeHarness {
  base: string;
  /** Topic prefix of this instance (probes of other topics). */
  prefix: string;
  intake: IntakeService;
  received: ConsumedEvent[];
  db: Connection;
  /** The service's keys on the raw handle: opens what the service sealed, finds by blind index. */
  vault: Vault;
  /** The cipher of `applications`, as the service's store uses it. */
  cipher(): Promise<DocumentCipher>;
  token(userId: string, roles: Role[], regionCode?: string): Promise<string>;
  countApplications(): Promise<number>;
  /** Waits until the event of `applicationId` arrived on Kafka. */
  eventFor(applicationId: string): Promise<ConsumedEvent>;
  /**
   * A barrier instead of a sleep, before asserting that something was NOT published: every
   * outbox entry is sent, then a control ApplicationSubmitted published after them on `key`
   * (one partition, in order) has arrived; it is removed from `received` again.
   */
  settled(key: string): Promise<void>;
  /**
   * Publishes an event as another service would (key = application id); pass `eventId` to
   * simulate a redelivery. Resolves with the event id.
   */
  publish<K extends EventType>(
    type: K,
    payload: EventPayloads[K] & { applicationId: string },
    options?: { eventId?: string; occurredAt?: Date },
  ): Promise<string>;
  stop(): Promise<void>;
}

export interface IntakeHarnessOptions {
  /** Runs on the empty database before the service starts (documents stored by older versions). */
  seed?(db: Connection): Promise<void>;
  /** Extra service settings (e.g. the national cipher suite). */
  env?: Record<string, string>;
  /** The service's clock; the wall clock when absent. */
  clock?: () => Date;
}

export async function startIntakeHarness(
  label: string,
  options: IntakeHarnessOptions = {},
): Promise<IntakeHarness> {
  const prefix = uniquePrefix(label);
  const database = `${prefix}intake`;
  const config = loadIntakeConfig(
    testServiceEnv('intake', prefix, database, { GRPC_PORT: '0', ...options.env }),
  );
  const db = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  await options.seed?.(db);
  const intake = await startIntake(config, { clock: options.clock });
  const consumer = await probeEvents(prefix, [Topics.applicationSubmitted]);
  const received = consumer.events;
  const publisher = new EventPublisher(testKafka(prefix), 'test');
  await publisher.connect();
  const vault = new Vault(db.db!, keyMaterialFrom(config));
  return {
    base: `http://127.0.0.1:${intake.httpPort}`,
    prefix,
    intake,
    received,
    db,
    vault,
    cipher: () => vault.collection('applications', sealedCollections.applications),
    token: (userId, roles, regionCode) => keycloakToken({ userId, roles, regionCode }),
    countApplications: () => db.db!.collection('applications').countDocuments({}),
    settled: async (key) => {
      await waitFor(
        async () =>
          (await db.db!.collection('applications').countDocuments({
            'outbox.sentAt': { $type: 10 },
          })) === 0,
        { what: 'outbox sent' },
      );
      const control = buildEvent(
        Topics.applicationSubmitted,
        ApplicationSubmitted.fromPartial({ applicationId: key }),
        { key, correlationId: key },
        'barrier',
      );
      await publisher.send(Topics.applicationSubmitted, control.key, control.bytes);
      await waitFor(async () => received.some((e) => e.envelope.eventId === control.eventId), {
        what: `control event on ${key}`,
      });
      received.splice(
        received.findIndex((e) => e.envelope.eventId === control.eventId),
        1,
      );
    },
    eventFor: (applicationId) =>
      waitFor(async () => received.find((e) => e.key === applicationId), {
        what: `ApplicationSubmitted for ${applicationId}`,
      }),
    publish: async (type, payload, options = {}) => {
      const built = buildEvent(
        type,
        payload,
        { key: payload.applicationId, correlationId: payload.applicationId, ...options },
        'test',
      );
      await publisher.send(type, built.key, built.bytes);
      return built.eventId;
    },
    stop: async () => {
      await publisher.disconnect();
      await consumer.stop();
      await intake.stop();
      await releaseTestDatabase(db);
      await db.close();
    },
  };
}

/** A complete, valid intake form. */
export const validApplication = {
  applicant: {
    name: '王小明',
    idNumber: '11010519491231002X',
    phone: '13800138000',
    address: '浙江省杭州市西湖区文三路1号',
    regionCode: '330106',
  },
  householdMembers: [{ name: '王小红', relation: 'spouse', idNumber: '330106199001011221' }],
  items: ['dibao', 'education'],
  channel: 'window',
  hardshipDescription: '家庭主要劳动力因病丧失劳动能力',
  missingDocuments: ['户口簿', '残疾证'],
  declarationSigned: true,
};
