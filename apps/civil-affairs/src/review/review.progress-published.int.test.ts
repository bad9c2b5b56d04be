import {
  AssistanceItem,
  ReviewStatus,
  ReviewStep,
  Topics,
  type ReviewProgressed,
} from '@jh/contracts';
import { createLogger } from '@jh/platform-logger';
import { startConsumer, type ConsumedEvent, type RunningConsumer } from '@jh/platform-kafka';
import { testKafka, waitFor } from '@jh/platform-testing';
import { startReviewKit, type ReviewKit } from '../test-harness.review';

jest.setTimeout(60000);

let kit: ReviewKit;
let probe: RunningConsumer;
const steps: ConsumedEvent[] = [];

beforeAll(async () => {
  kit = await startReviewKit('review-progress');
  probe = await startConsumer({
    handle: testKafka(kit.h.prefix),
    logger: createLogger({ name: 'review-progress-probe', level: 'silent' }),
    group: 'review-progress-probe',
    types: [Topics.reviewProgressed],
    handler: async (event) => {
      steps.push(event);
    },
  });
});
afterAll(async () => {
  await probe?.stop();
  await kit?.stop();
});

const stepsOf = (applicationId: string) =>
  steps
    .filter((e) => e.key === applicationId)
    .map((e) => e.event.payload as ReviewProgressed)
    .sort((a, b) => a.sequence - b.sequence);

describe('civil affairs announces review steps to the window (real Kafka + MongoDB-wire engine)', () => {
  it('R-JH-5: every review step is published as jh.review.progressed.v1 from the outbox written with the step; a refused step publishes nothing; no personal data', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const opened = await kit.post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect((await kit.post(`/reviews/${id}/first-review`, 'reviewer', {})).status).toBe(200);
    // 初审 cannot be done twice: refused, nothing written, nothing published.
    expect((await kit.post(`/reviews/${id}/first-review`, 'reviewer', {})).status).toBe(409);

    const published = await waitFor(
      async () => (stepsOf(caseId).length >= 2 ? stepsOf(caseId) : undefined),
      { what: `two review steps of ${caseId}` },
    );
    expect(published).toEqual([
      expect.objectContaining({
        reviewId: id,
        caseId,
        applicationId: caseId,
        item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
        step: ReviewStep.REVIEW_STEP_OPENED,
        status: ReviewStatus.REVIEW_STATUS_ACCEPTED,
        sequence: 1,
        summary: '最低生活保障：已受理，等待初审',
      }),
      expect.objectContaining({
        step: ReviewStep.REVIEW_STEP_FIRST_REVIEW,
        status: ReviewStatus.REVIEW_STATUS_UNDER_CHECK,
        sequence: 2,
        summary: '最低生活保障：初审完成',
      }),
    ]);
    // They come from the review document's own outbox: one entry per step done, none for the refusal.
    const raw = (await kit.raw('reviews', id)) as unknown as {
      outbox: { type: string; sentAt: Date | null }[];
      applicantIdNumber: string;
      applicantName: string;
    };
    expect(raw.outbox.map((e) => e.type)).toEqual([
      Topics.reviewProgressed,
      Topics.reviewProgressed,
    ]);
    const events = steps.filter((e) => e.key === caseId);
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.envelope.producer).toBe('civil-affairs');
      const text = JSON.stringify(e.event.payload);
      expect(text).not.toContain(raw.applicantIdNumber);
      expect(text).not.toContain(raw.applicantName);
    }
  });
});
