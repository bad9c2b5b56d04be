import { randomUUID } from 'node:crypto';
import { AssistanceItem, Topics } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { application } from '../test-harness';
import { startReviewKit, type ReviewKit } from '../test-harness.review';

jest.setTimeout(60000);

let kit: ReviewKit;

beforeAll(async () => {
  kit = await startReviewKit('civil-deadline-notice');
});

afterAll(async () => {
  await kit?.stop();
});

/** A case accepted at `at` (the review clock starts at acceptance). */
async function caseAcceptedAt(at: Date, items: AssistanceItem[]): Promise<string> {
  kit.h.clock.now = at;
  const id = randomUUID();
  await kit.h.publish(Topics.applicationSubmitted, application(id, items, at), id);
  await waitFor(
    async () => ((await kit.get(`/cases/${id}`, 'clerk')).status === 200 ? true : undefined),
    { what: `case ${id}` },
  );
  return id;
}

const MISSING_2027 = {
  assumedWeekdaysOnly: true,
  yearsWithoutData: [2027],
  message: '2027年节假日安排尚未发布，期限暂按周一至周五计算',
};

describe('§10 deadlines shown by civil affairs say when they were counted Monday–Friday only', () => {
  it('R-AP-2: a review deadline running into 2027 (no holiday data) shows the flag and the explanation', async () => {
    // Accepted Mon 7 Dec 2026 (Shanghai): the 20th working day is in January 2027.
    const caseId = await caseAcceptedAt(new Date('2026-12-07T02:00:00Z'), [
      AssistanceItem.ASSISTANCE_ITEM_DIBAO,
      AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
    ]);
    const opened = await kit.post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    expect(opened.status).toBe(201);
    expect(opened.body.deadline.dueAt.slice(0, 4)).toBe('2027');
    expect(opened.body.deadlineNotice).toEqual(MISSING_2027);
    const read = await kit.get(`/reviews/${opened.body.id}`);
    expect(read.body.deadlineNotice).toEqual(MISSING_2027);
  });

  it('R-AP-2: a review deadline inside 2026 carries the flag false and no explanation', async () => {
    const caseId = await caseAcceptedAt(new Date('2026-11-02T02:00:00Z'), [
      AssistanceItem.ASSISTANCE_ITEM_DIBAO,
    ]);
    const opened = await kit.post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    expect(opened.body.deadlineNotice).toEqual({
      assumedWeekdaysOnly: false,
      yearsWithoutData: [],
    });
  });

  it('R-JH-3: a department part dispatched on 31 Dec 2026 shows its report/handling deadlines as weekday-only', async () => {
    const caseId = await caseAcceptedAt(new Date('2026-12-31T02:00:00Z'), [
      AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
    ]);
    const view = await kit.get(`/cases/${caseId}`, 'clerk');
    expect(view.body.parts).toHaveLength(1);
    expect(view.body.parts[0].reportDueAt.slice(0, 4)).toBe('2027');
    expect(view.body.parts[0].deadlineNotice).toEqual(MISSING_2027);
  });
});
