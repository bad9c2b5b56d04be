import { randomUUID } from 'node:crypto';
import {
  AssistanceItem,
  Topics,
  AssistanceApproved,
  type ApplicationSubmitted,
} from '@jh/contracts';
import { sampleIdNumber } from '@jh/domain-application';
import { issueToken, type Role } from '@jh/platform-auth';
import { startConsumer, type ConsumedEvent } from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, testAuth, testKafka, waitFor } from '@jh/platform-testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { application, isBarrier, startHarness } from '../test-harness';

/** A valid 18-digit ID number (GB 11643 check character) from a serial. */
export const validIdNumber = sampleIdNumber;

export const users = {
  clerk: { userId: 'clerk-1', roles: ['window_clerk'] },
  reviewer: { userId: 'rev-1', roles: ['first_reviewer'] },
  street: { userId: 'appr-1', roles: ['approver'] },
  street2: { userId: 'appr-2', roles: ['approver'] },
  county: { userId: 'cty-1', roles: ['county_bureau'] },
  county2: { userId: 'cty-2', roles: ['county_bureau'] },
  /** rev-1 again, now acting as county bureau. */
  reviewerAsCounty: { userId: 'rev-1', roles: ['county_bureau'] },
  coordinator: { userId: 'coord-1', roles: ['coordinator'] },
} satisfies Record<string, { userId: string; roles: Role[] }>;
export type User = keyof typeof users;

export const OPENED = new Date('2026-11-02T02:00:00Z'); // Mon 10:00 Shanghai

/** Harness + HTTP client per user + AssistanceApproved probe + raw reads of the stored documents. */
export async function startReviewKit(label: string, env: Record<string, string> = {}) {
  const h = await startHarness(label, env);
  const approvals: ConsumedEvent[] = [];
  const probe = await startConsumer({
    handle: testKafka(h.prefix),
    logger: createLogger({ name: 'approval-probe', level: 'silent' }),
    group: 'approval-probe',
    types: [Topics.assistanceApproved],
    handler: async (event) => {
      approvals.push(event);
    },
  });
  const db = await mongoose.createConnection(mongoUrlFor(`${h.prefix}civil`)).asPromise();
  const tokens = {} as Record<User, string>;
  for (const [name, user] of Object.entries(users)) {
    tokens[name as User] = await issueToken(testAuth, user);
  }
  const auth = (who: User) => `Bearer ${tokens[who]}`;
  const post = (path: string, who: User, body: object = {}) =>
    request(h.base).post(path).set('authorization', auth(who)).send(body);
  const put = (path: string, who: User, body: object = {}) =>
    request(h.base).put(path).set('authorization', auth(who)).send(body);
  const get = (path: string, who: User = 'coordinator') =>
    request(h.base).get(path).set('authorization', auth(who));
  const approvedFor = (key: string): AssistanceApproved[] =>
    approvals
      .filter((e) => e.key === key && !isBarrier(e))
      .map((e) => e.event.payload as AssistanceApproved);

  return {
    h,
    post,
    put,
    get,
    approvedFor,
    /** The stored document, outbox included. */
    raw: (collection: string, id: string) =>
      db.collection<{ _id: string; outbox?: unknown[] }>(collection).findOne({ _id: id }),
    /**
     * The review's outbox without the step announcements (jh.review.progressed.v1, one per step
     * done): a refused request must have added nothing here (no AssistanceApproved).
     */
    async outboxBeyondSteps(id: string): Promise<unknown[]> {
      const doc = await db
        .collection<{ _id: string; outbox?: { type: string }[] }>('reviews')
        .findOne({ _id: id });
      return (doc?.outbox ?? []).filter((e) => e.type !== Topics.reviewProgressed);
    },
    count: (collection: string, filter: object) => db.collection(collection).countDocuments(filter),
    async newCase(
      items: AssistanceItem[],
      patch: (app: ApplicationSubmitted) => void = () => undefined,
    ): Promise<string> {
      h.clock.now = OPENED;
      const id = randomUUID();
      const app = application(id, items, OPENED);
      patch(app);
      await h.publish(Topics.applicationSubmitted, app, id);
      await waitFor(
        async () => ((await get(`/cases/${id}`, 'clerk')).status === 200 ? true : undefined),
        { what: `case ${id}` },
      );
      return id;
    },
    async approvedEvents(key: string, count = 1): Promise<AssistanceApproved[]> {
      return waitFor(
        async () => {
          const got = approvedFor(key);
          return got.length >= count ? got : undefined;
        },
        { what: `${count} AssistanceApproved for ${key}` },
      );
    },
    /** Every event published for `key` so far (a barrier, not a sleep; refusals must have produced none). */
    async settledEvents(key: string): Promise<AssistanceApproved[]> {
      await h.barrier(
        Topics.assistanceApproved,
        AssistanceApproved.fromPartial({ approvalId: `barrier-${randomUUID()}` }),
        key,
        () => approvals,
      );
      return approvedFor(key);
    },
    async stop() {
      await probe.stop();
      await db.close();
      await h.stop();
    },
  };
}
export type ReviewKit = Awaited<ReturnType<typeof startReviewKit>>;

/** Opens a review and takes it through 初审, 核对 and 入户调查 (optionally with extra visit fields). */
export async function throughChecks(
  kit: ReviewKit,
  open: object,
  visit: object = {},
): Promise<string> {
  const opened = await kit.post('/reviews', 'reviewer', open);
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  expect((await kit.post(`/reviews/${id}/first-review`, 'reviewer', {})).status).toBe(200);
  kit.h.clock.now = new Date('2026-11-06T02:00:00Z');
  const checked = await kit.post(`/reviews/${id}/economic-check`, 'reviewer', {
    startedOn: '2026-11-03',
    completedOn: '2026-11-05',
  });
  expect(checked.status).toBe(200);
  const visited = await kit.post(`/reviews/${id}/home-visit`, 'reviewer', {
    visitedOn: '2026-11-06',
    ...visit,
  });
  expect(visited.status).toBe(200);
  expect(visited.body.status).toBe('awaiting_confirmation');
  return id;
}
