import { startDeliberationKit, type DeliberationKit } from '../test-harness.deliberation';

jest.setTimeout(60000);

let t: DeliberationKit;

beforeAll(async () => {
  t = await startDeliberationKit('delib-deadline-notice');
});

afterAll(async () => {
  await t?.stop();
});

describe('§10 一事一议 deadlines say when they were counted Monday–Friday only', () => {
  it('§5 step 3 + §10: a 一事一议 democratic review due in January 2027 (no holiday data) shows the flag and the explanation', async () => {
    // Accepted Mon 28 Dec 2026: the 5th working day is in 2027.
    const late = await t.get(`/deliberations/${await t.openDirect('2026-12-28 10:00')}`);
    expect(late.body.deadlines.democraticReview.dueAt.slice(0, 4)).toBe('2027');
    expect(late.body.deadlineNotice).toEqual({
      assumedWeekdaysOnly: true,
      yearsWithoutData: [2027],
      message: '2027年节假日安排尚未发布，期限暂按周一至周五计算',
    });
    const inYear = await t.get(`/deliberations/${await t.openDirect('2026-11-02 10:00')}`);
    expect(inYear.body.deadlineNotice).toEqual({
      assumedWeekdaysOnly: false,
      yearsWithoutData: [],
    });
  });
});
