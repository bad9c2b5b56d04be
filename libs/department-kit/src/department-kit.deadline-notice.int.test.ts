import { waitFor } from '@jh/platform-testing';
import { startHarness, type Harness } from './testing/harness';

jest.setTimeout(60000);

let h: Harness;
let officer: string;

beforeAll(async () => {
  h = await startHarness('dept-deadline-notice', new Date('2026-12-30T02:00:00Z'));
  officer = await h.token({ userId: 'edu-1', department: 'education' });
});
afterAll(() => h?.stop());

const part = (id: string) =>
  waitFor(
    async () => {
      const res = await h.http().get(`/parts/${id}`).set('authorization', `Bearer ${officer}`);
      return res.status === 200 ? (res.body as Record<string, unknown>) : undefined;
    },
    { what: `part ${id}` },
  );

describe('§10 the department worklist says when a deadline was counted Monday–Friday only', () => {
  it('R-JH-3: a handling deadline in 2027 (no holiday data) shows the flag and the explanation', async () => {
    // Dispatched Wed 30 Dec 2026 with no handling date: 5 working days run into January 2027.
    const late = await h.dispatch({ reportDueAt: new Date('2026-12-31T15:59:59.999Z') });
    const view = await part(late.part.partId);
    expect(String(view['handlingDueAt']).slice(0, 4)).toBe('2027');
    expect(view['deadlineNotice']).toEqual({
      assumedWeekdaysOnly: true,
      yearsWithoutData: [2027],
      message: '2027年节假日安排尚未发布，期限暂按周一至周五计算',
    });
    const inYear = await h.dispatch({
      reportDueAt: new Date('2026-12-31T15:59:59.999Z'),
      handlingDueAt: new Date('2026-12-31T15:59:59.999Z'),
    });
    expect((await part(inYear.part.partId))['deadlineNotice']).toEqual({
      assumedWeekdaysOnly: false,
      yearsWithoutData: [],
    });
  });
});
