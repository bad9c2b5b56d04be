import { randomUUID } from 'node:crypto';
import {
  AssistanceApproved,
  AssistanceItem,
  Topics,
  type ApplicationSubmitted,
} from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { application, clientFor, isBarrier, startHarness } from './test-harness';

export const OPENED = new Date('2026-11-02T02:00:00Z'); // Mon 10:00 Shanghai

/** The one harness seen from review: a client per user, AssistanceApproved and raw documents. */
export async function startReviewKit(
  label: string,
  env: Record<string, string> = {},
  seed?: Parameters<typeof startHarness>[2],
) {
  const h = await startHarness(label, env, seed);
  const { post, put, get } = await clientFor(h);
  const approvedFor = (key: string): AssistanceApproved[] =>
    h.received
      .filter((e) => e.event.type === Topics.assistanceApproved && e.key === key && !isBarrier(e))
      .map((e) => e.event.payload as AssistanceApproved);

  return {
    h,
    post,
    put,
    get,
    approvedFor,
    /** The stored document, outbox included. */
    raw: (collection: string, id: string) =>
      h.db.collection<{ _id: string; outbox?: unknown[] }>(collection).findOne({ _id: id }),
    /**
     * The review's outbox without the step announcements (jh.review.progressed.v1, one per step
     * done): a refused request must have added nothing here (no AssistanceApproved).
     */
    async outboxBeyondSteps(id: string): Promise<unknown[]> {
      const doc = await h.db
        .collection<{ _id: string; outbox?: { type: string }[] }>('reviews')
        .findOne({ _id: id });
      return (doc?.outbox ?? []).filter((e) => e.type !== Topics.reviewProgressed);
    },
    count: (collection: string, filter: object) =>
      h.db.collection(collection).countDocuments(filter),
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
        () => h.received,
      );
      return approvedFor(key);
    },
    stop: () => h.stop(),
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
