import { randomUUID } from 'node:crypto';
import {
  AssistanceItem,
  Channel,
  Topics,
  type ApplicationSubmitted,
  type EventPayloads,
  type EventType,
  type PartDispatched,
} from '@jh/contracts';
import { sampleIdNumber } from '@jh/domain-application';
import { type Role } from '@jh/platform-auth';
import { keyMaterialFrom, Vault } from '@jh/platform-crypto';
import { buildEvent, EventPublisher, type ConsumedEvent } from '@jh/platform-kafka';
import {
  mongoUrlFor,
  testKafka,
  uniquePrefix,
  testServiceEnv,
  probeEvents,
  waitFor,
  keycloakToken,
  releaseTestDatabase,
} from '@jh/platform-testing';
import { timerScheduler, type Scheduler } from '@jh/platform-service';
import mongoose from 'mongoose';
import request from 'supertest';
import { startCivilAffairs, type CivilAffairsService } from './app';
import { loadCivilAffairsConfig } from './env';
import { sealedCollections, type SealedCollection } from './sealed-fields';

/** A valid 18-digit ID number (GB 11643 check character) from a serial. */
export const validIdNumber = sampleIdNumber;

/** The users the tests act as, by name; ids matter for separation of duties (R-AP-1). */
export const users = {
  clerk: { userId: 'clerk-1', roles: ['window_clerk'], regionCode: '330106' },
  /** The acceptor also holding the office-head role (R-AP-1 refusal). */
  clerkAsHead: { userId: 'clerk-1', roles: ['first_reviewer'], regionCode: '330106' },
  reviewer: { userId: 'rev-1', roles: ['first_reviewer'], regionCode: '330106' },
  /** rev-1 again, now acting as county bureau. */
  reviewerAsCounty: { userId: 'rev-1', roles: ['county_bureau'], regionCode: '330106' },
  reviewerChecker: { userId: 'chk-r', roles: ['first_reviewer', 'auditor'], regionCode: '330106' },
  investigator: { userId: 'inv-1', roles: ['first_reviewer'], regionCode: '330106' },
  head: { userId: 'head-1', roles: ['first_reviewer'], regionCode: '330106' },
  /** The office head also holding the leadership role (R-AP-1 refusal). */
  headAsLeader: { userId: 'head-1', roles: ['approver'], regionCode: '330106' },
  leader: { userId: 'lead-1', roles: ['approver'], regionCode: '330106' },
  street: { userId: 'appr-1', roles: ['approver'], regionCode: '330106' },
  street2: { userId: 'appr-2', roles: ['approver'], regionCode: '330106' },
  county: { userId: 'cty-1', roles: ['county_bureau'], regionCode: '330106' },
  county2: { userId: 'cty-2', roles: ['county_bureau'], regionCode: '330106' },
  checkerA: { userId: 'chk-a', roles: ['county_bureau'], regionCode: '330106' },
  /** A second checker of the county bureau (auditors change nothing, issue 13). */
  checkerB: { userId: 'chk-b', roles: ['county_bureau'], regionCode: '330106' },
  auditor: { userId: 'aud-1', roles: ['auditor'], regionCode: '330106' },
  officer: { userId: 'off-1', roles: ['department_officer'] },
  coordinator: { userId: 'coord-1', roles: ['coordinator'], regionCode: '330100' },
} satisfies Record<string, { userId: string; roles: Role[]; regionCode?: string }>;
export type User = keyof typeof users;

/** HTTP client acting as one of `users`; the acting user always comes from the token. */
export async function clientFor(h: { base: string }) {
  const tokens = {} as Record<User, string>;
  for (const [name, user] of Object.entries(users)) {
    tokens[name as User] = await keycloakToken(user);
  }
  const auth = (who: User) => `Bearer ${tokens[who]}`;
  return {
    post: (path: string, who: User, body: object = {}) =>
      request(h.base).post(path).set('authorization', auth(who)).send(body),
    put: (path: string, who: User, body: object = {}) =>
      request(h.base).put(path).set('authorization', auth(who)).send(body),
    get: (path: string, who: User = 'coordinator') =>
      request(h.base).get(path).set('authorization', auth(who)),
  };
}

/** One civil-affairs instance on its own topic prefix and database, with a controllable clock. */
export async function startHarness(
  label: string,
  env: Record<string, string> = {},
  /** Writes documents before the service starts (rows stored by an older version). */
  seed?: (db: mongoose.Connection) => Promise<void>,
) {
  const prefix = uniquePrefix(label);
  const database = `${prefix}civil`;
  const clock = { now: new Date('2026-11-02T02:00:00Z') };
  // Real timers, counted: a test can wait for later ticks of a loop instead of sleeping.
  let ticks = 0;
  const scheduler: Scheduler = {
    repeat: (ms, tick) =>
      timerScheduler.repeat(ms, () => {
        ticks += 1;
        tick();
      }),
  };
  const config = loadCivilAffairsConfig(
    testServiceEnv('civil-affairs', prefix, database, {
      INTAKE_GRPC_URL: '127.0.0.1:1',
      SLA_SCAN_INTERVAL_MS: '0',
      ...env,
    }),
  );
  const db = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  await seed?.(db);
  const service: CivilAffairsService = await startCivilAffairs(config, {
    clock: () => clock.now,
    scheduler,
  });
  // The service's keys: tests open raw documents and compute blind indexes as it does.
  const keys = keyMaterialFrom(config);
  const kafka = testKafka(prefix);
  const probe = await probeEvents(prefix, [
    Topics.partDispatched,
    Topics.partCancelled,
    Topics.partOverdue,
    Topics.assistanceApproved,
  ]);
  const received = probe.events;
  const publisher = new EventPublisher(kafka, 'test');
  await publisher.connect();
  const coordinatorToken = await keycloakToken(users.coordinator);
  const clerkToken = await keycloakToken({
    userId: 'clerk-1',
    roles: ['window_clerk'],
    regionCode: '330106',
  });
  const vault = new Vault(db.db!, keys);
  /** Documents of this service whose embedded outbox still holds an unsent entry. */
  const unsentOutboxes = async () => {
    let unsent = 0;
    for (const { name } of await db.db!.listCollections({}, { nameOnly: true }).toArray()) {
      // `$type: 10` (null) as the relay's reader asks: documents with an empty outbox do not match.
      unsent += await db.db!.collection(name).countDocuments({ 'outbox.sentAt': { $type: 10 } });
    }
    return unsent;
  };

  return {
    prefix,
    clock,
    service,
    /** Every event the probe saw: parts dispatched / cancelled / overdue and AssistanceApproved. */
    received,
    /** The service's database, for raw reads and seeded rows. */
    db,
    keys,
    /** A raw stored document of `collection` opened as the service opens it (issue 14). */
    async open<T>(collection: SealedCollection, doc: T): Promise<T> {
      return (await vault.collection(collection, sealedCollections[collection])).open(doc);
    },
    coordinatorToken,
    clerkToken,
    base: `http://127.0.0.1:${service.httpPort}`,
    /** Publishes an event as another service would; pass eventId to simulate a redelivery. */
    async publish<K extends EventType>(
      type: K,
      payload: EventPayloads[K],
      key: string,
      eventId?: string,
      traceparent?: string,
    ): Promise<string> {
      const built = buildEvent(
        type,
        payload,
        { key, correlationId: key, eventId, traceparent },
        'test',
      );
      await publisher.send(type, built.key, built.bytes);
      return built.eventId;
    },
    /** Ticks the service's loops (SLA scan, spot-check draw) have received so far. */
    ticks: () => ticks,
    /**
     * A barrier instead of a sleep, before asserting that something was NOT published: waits until
     * every outbox entry of this service was sent, then publishes a control event on `key` (one
     * partition, delivered in order) and waits until `seen` has it. Every event published on `key`
     * before has arrived by then. Control events carry the producer `barrier` (see isBarrier).
     */
    async barrier<K extends EventType>(
      type: K,
      payload: EventPayloads[K],
      key: string,
      seen: () => ConsumedEvent[],
    ): Promise<void> {
      await waitFor(async () => (await unsentOutboxes()) === 0, { what: 'outboxes drained' });
      const built = buildEvent(type, payload, { key, correlationId: key }, BARRIER);
      await publisher.send(type, built.key, built.bytes);
      await waitFor(async () => seen().some((e) => e.envelope.eventId === built.eventId), {
        what: `control event on ${key}`,
      });
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
      await releaseTestDatabase(db);
      await db.close();
    },
  };
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;

const BARRIER = 'barrier';
/** True for the control events of Harness.barrier, which tests leave out of what they count. */
/** Submits an application for `items` and waits until civil affairs dispatched every part. */
export async function openCase(
  h: Harness,
  items: AssistanceItem[],
): Promise<{ id: string; parts: PartDispatched[] }> {
  const id = randomUUID();
  await h.publish(Topics.applicationSubmitted, application(id, items, h.clock.now), id);
  const parts = await waitFor(
    async () => {
      const p = h.of(Topics.partDispatched, id);
      return p.length >= items.length ? p : undefined;
    },
    { what: 'PartDispatched' },
  );
  return { id, parts };
}

export const isBarrier = (e: ConsumedEvent) => e.envelope.producer === BARRIER;

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

export interface SeededReview {
  id: string;
  item: string;
  openedAt: Date;
  intake?: string;
}

/**
 * Writes reviews as the review service stores them (the fields a spot-check draw reads), so a
 * month's new cases can be laid out precisely; the draw itself only ever reads this collection.
 */
export async function seedReviews(h: Harness, rows: readonly SeededReview[]): Promise<void> {
  await h.db.collection<{ _id: string }>('reviews').insertMany(
    rows.map((r) => ({
      _id: r.id,
      caseId: r.id.split(':')[0] ?? r.id,
      applicationId: r.id.split(':')[0] ?? r.id,
      item: r.item,
      applicantName: '王小明',
      regionCode: '330106',
      status: 'accepted',
      actors: { intake: r.intake ?? 'clerk-1', firstReview: null, confirmation: null },
      audit: [],
      openedAt: r.openedAt,
      updatedAt: r.openedAt,
      version: 0,
      outbox: [],
    })),
  );
}
