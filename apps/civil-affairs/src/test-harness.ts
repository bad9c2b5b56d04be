import {
  AssistanceItem,
  Channel,
  Topics,
  type ApplicationSubmitted,
  type EventPayloads,
  type EventType,
} from '@jh/contracts';
import { issueToken } from '@jh/platform-auth';
import { buildEvent, EventPublisher } from '@jh/platform-kafka';
import {
  mongoUrlFor,
  testAuth,
  testKafka,
  uniquePrefix,
  testServiceEnv,
  probeEvents,
} from '@jh/platform-testing';
import mongoose from 'mongoose';
import { startCivilAffairs, type CivilAffairsService } from './app';
import { loadCivilAffairsConfig } from './env';

/** One civil-affairs instance on its own topic prefix and database, with a controllable clock. */
export async function startHarness(label: string, env: Record<string, string> = {}) {
  const prefix = uniquePrefix(label);
  const database = `${prefix}civil`;
  const clock = { now: new Date('2026-11-02T02:00:00Z') };
  const service: CivilAffairsService = await startCivilAffairs(
    loadCivilAffairsConfig(
      testServiceEnv('civil-affairs', prefix, database, {
        INTAKE_GRPC_URL: '127.0.0.1:1',
        SLA_SCAN_INTERVAL_MS: '0',
        ...env,
      }),
    ),
    { clock: () => clock.now },
  );
  const kafka = testKafka(prefix);
  const probe = await probeEvents(prefix, [
    Topics.partDispatched,
    Topics.partCancelled,
    Topics.partOverdue,
  ]);
  const received = probe.events;
  const publisher = new EventPublisher(kafka, 'test');
  await publisher.connect();
  const coordinatorToken = await issueToken(testAuth, {
    userId: 'coord-1',
    roles: ['coordinator'],
  });
  const clerkToken = await issueToken(testAuth, { userId: 'clerk-1', roles: ['window_clerk'] });

  return {
    prefix,
    clock,
    service,
    received,
    coordinatorToken,
    clerkToken,
    base: `http://127.0.0.1:${service.httpPort}`,
    /** Publishes an event as another service would; pass eventId to simulate a redelivery. */
    async publish<K extends EventType>(
      type: K,
      payload: EventPayloads[K],
      key: string,
      eventId?: string,
    ): Promise<string> {
      const built = buildEvent(type, payload, { key, correlationId: key, eventId }, 'test');
      await publisher.send(type, built.key, built.bytes);
      return built.eventId;
    },
    of<K extends EventType>(type: K, caseId: string): EventPayloads[K][] {
      return received
        .filter((e) => e.event.type === type && e.key === caseId)
        .map((e) => e.event.payload as EventPayloads[K]);
    },
    async stop() {
      await probe.stop();
      await publisher.disconnect();
      await service.stop();
      const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
      await conn.dropDatabase();
      await conn.close();
    },
  };
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;

export function application(
  id: string,
  items: AssistanceItem[],
  submittedAt: Date,
): ApplicationSubmitted {
  return {
    applicationId: id,
    applicationNumber: `JH-2026-${id.slice(-6)}`,
    applicant: {
      name: '王小明',
      idNumber: '11010519491231002X',
      phone: '13800138000',
      citizenCardNo: '3301061234567890',
      address: '',
      regionCode: '330106',
    },
    householdMembers: [],
    hardshipDescription: '家庭主要劳动力因病丧失劳动能力',
    requestedItems: items,
    channel: Channel.CHANNEL_WINDOW,
    owner: { userId: 'clerk-1', officeId: '', regionCode: '330106' },
    missingDocuments: [],
    declarationSigned: true,
    submittedAt,
  };
}
