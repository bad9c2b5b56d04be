import { randomUUID } from 'node:crypto';
import { AssistanceItem, Topics } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { application, startHarness, type Harness, clientFor } from '../test-harness';

jest.setTimeout(60000);

let h: Harness;
let api: Awaited<ReturnType<typeof clientFor>>;
// The harness application's applicant.
const APPLICANT_ID = '11010519491231002X';
const OPENED = new Date('2026-10-12T02:00:00Z'); // Mon 10:00 Shanghai

beforeAll(async () => {
  h = await startHarness('oversight-flow');
  api = await clientFor(h);
});
afterAll(async () => {
  await h?.stop();
});

async function newCase(items: AssistanceItem[]): Promise<string> {
  h.clock.now = OPENED;
  const id = randomUUID();
  await h.publish(Topics.applicationSubmitted, application(id, items, OPENED), id);
  await waitFor(
    async () => ((await api.get(`/cases/${id}`, 'clerk')).status === 200 ? true : undefined),
    { what: `case ${id}` },
  );
  return id;
}

describe('R-AP-8 and R-AP-7 on reviews opened through the review API', () => {
  it("R-AP-8 a 低保 review of a registered relative is flagged at opening; R-AP-7 draws it among the month's new cases", async () => {
    const filed = await api.post('/oversight/relatives', 'county', {
      staffId: 'staff-zhao',
      staffName: '赵经办',
      staffRole: 'assistance_staff',
      post: '社会救助经办员',
      relativeName: '王小明',
      relativeIdNumber: APPLICANT_ID,
      relation: 'sibling',
    });
    expect(filed.status).toBe(201);

    const caseId = await newCase([
      AssistanceItem.ASSISTANCE_ITEM_DIBAO,
      AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
    ]);
    const dibao = await api.post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    expect(dibao.status).toBe(201);
    expect(dibao.body.relatives.flagged).toBe(true);
    expect(dibao.body.relatives.matches).toEqual([
      expect.objectContaining({ staffName: '赵经办', relation: '兄弟姐妹' }),
    ]);
    expect(JSON.stringify(dibao.body.relatives)).not.toContain(APPLICANT_ID);
    // 临时救助 is not an item R-AP-8 covers (configuration: 低保).
    const temporary = await api.post('/reviews', 'reviewer', {
      caseId,
      item: 'temporary',
      kind: 'expenditure',
    });
    expect(temporary.status).toBe(201);
    expect(temporary.body.relatives.flagged).toBe(false);

    h.clock.now = new Date('2026-11-03T02:00:00Z');
    const drawn = await api.post('/oversight/spot-checks/2026-10/draw', 'county', {
      checkerIds: ['clerk-1', 'chk-a'],
    });
    expect(drawn.status).toBe(201);
    expect(drawn.body.totals).toEqual(expect.objectContaining({ newCases: 2, sampled: 2 }));
    expect(
      drawn.body.tasks.map((t: { reviewId: string; caseId: string; checkerId: string }) => [
        t.reviewId,
        t.caseId,
        t.checkerId,
      ]),
    ).toEqual([
      [dibao.body.id, caseId, 'chk-a'],
      [temporary.body.id, caseId, 'chk-a'],
    ]);
    // The intake owner (clerk-1) did 受理 on both, so is never their checker.
    expect(drawn.body.tasks[0].handledBy).toContain('clerk-1');

    // 初审 done after the draw still counts: chk-r may not check the case it reviewed.
    const reviewed = await api.post(`/reviews/${dibao.body.id}/first-review`, 'reviewerChecker', {
      opinion: '材料齐全',
    });
    expect(reviewed.status).toBe(200);
    const task1 = '/oversight/spot-checks/2026-10/tasks/1';
    const refused = await api.post(`${task1}/assign`, 'county', { checkerId: 'chk-r' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CHECKER_HANDLED_CASE');
    const unchanged = await api.get('/oversight/spot-checks/2026-10', 'county');
    expect(unchanged.body.tasks[0].checkerId).toBe('chk-a');
    expect(unchanged.body.audit).toHaveLength(1);
  });
});
