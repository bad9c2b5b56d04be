import {
  startHarness,
  type Harness,
  clientFor,
  seedReviews,
  type SeededReview,
} from '../test-harness';

jest.setTimeout(60000);

let h: Harness;
let api: Awaited<ReturnType<typeof clientFor>>;

// October 2026 in Asia/Shanghai is [2026-09-30T16:00Z, 2026-10-31T16:00Z).
const IN_OCT = new Date('2026-10-15T02:00:00Z');
const OCT_FIRST_INSTANT = new Date('2026-09-30T16:00:00Z');
const OCT_LAST_INSTANT = new Date('2026-10-31T15:59:59.999Z');
const NOV_FIRST_INSTANT = new Date('2026-10-31T16:00:00Z');
const SEP_LAST_INSTANT = new Date('2026-09-30T15:59:59.999Z');

const october: SeededReview[] = [
  // 低保/低边/特困: 7 new → 30 % = 2.1 → 3.
  { id: 'c01:dibao', item: 'dibao', openedAt: OCT_FIRST_INSTANT },
  { id: 'c02:dibao', item: 'dibao', openedAt: IN_OCT },
  { id: 'c03:dibao', item: 'dibao', openedAt: IN_OCT },
  { id: 'c04:dibao', item: 'dibao', openedAt: OCT_LAST_INSTANT },
  { id: 'c05:dibian', item: 'dibian', openedAt: IN_OCT },
  { id: 'c06:dibian', item: 'dibian', openedAt: IN_OCT, intake: 'chk-a' },
  { id: 'c07:tekun', item: 'tekun', openedAt: IN_OCT, intake: 'chk-a' },
  // 临时救助: 6 new → 20 % = 1.2 → 2.
  ...[1, 2, 3, 4, 5, 6].map((i) => ({
    id: `t0${i}:temporary`,
    item: 'temporary',
    openedAt: IN_OCT,
    intake: i % 2 === 0 ? 'chk-a' : 'clerk-1',
  })),
  // Not new in October, or an item no rate applies to.
  { id: 'x01:dibao', item: 'dibao', openedAt: NOV_FIRST_INSTANT },
  { id: 'x02:dibao', item: 'dibao', openedAt: SEP_LAST_INSTANT },
  { id: 'x03:medical', item: 'medical', openedAt: IN_OCT },
];

beforeAll(async () => {
  h = await startHarness('oversight-spot');
  api = await clientFor(h);
  await seedReviews(h, october);
});
afterAll(async () => {
  await h?.stop();
});

const DRAW = '/oversight/spot-checks/2026-10/draw';

describe('R-AP-7 monthly spot checks through the HTTP API', () => {
  it('R-AP-7 refuses a draw before the month has ended, a malformed month and non-county roles; nothing stored', async () => {
    h.clock.now = new Date('2026-10-31T15:00:00Z'); // 23:00 on 31 Oct in Shanghai
    const early = await api.post(DRAW, 'county', { checkerIds: ['chk-a'] });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('MONTH_NOT_ENDED');
    h.clock.now = new Date('2026-11-02T02:00:00Z');
    expect((await api.post('/oversight/spot-checks/2026-13/draw', 'county')).status).toBe(400);
    expect((await api.post(DRAW, 'county', { checkerIds: ['bad id'] })).status).toBe(400);
    expect((await api.post(DRAW, 'county', { checkerIds: [], drawnBy: 'x' })).status).toBe(400);
    expect((await api.post(DRAW, 'reviewer')).status).toBe(403);
    expect((await api.post(DRAW, 'auditor')).status).toBe(403);
    const none = await api.get('/oversight/spot-checks/2026-10', 'county');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('SPOT_CHECK_NOT_DRAWN');
  });

  it('R-AP-7 samples ≥ 30 % of new 低保/低边/特困 and ≥ 20 % of new 临时救助 of the Shanghai month, rounded up, assigned round-robin', async () => {
    h.clock.now = new Date('2026-11-02T02:00:00Z');
    const drawn = await api.post(DRAW, 'county', { checkerIds: ['chk-a', 'chk-b', 'clerk-1'] });
    expect(drawn.status).toBe(201);
    expect(drawn.body.id).toBe('spotcheck:2026-10');
    expect(drawn.body.ruleId).toBe('R-AP-7');
    expect(drawn.body.drawnBy).toBe('cty-1');
    const [subsistence, temporary] = drawn.body.categories;
    expect(subsistence).toEqual(
      expect.objectContaining({
        category: 'subsistence',
        labelZh: '低保/低边/特困',
        newCases: 7,
        requiredRatePercent: 30,
        sampled: 3,
        achievedRatePercent: 42.9,
        meetsRequiredRate: true,
        checked: 0,
      }),
    );
    expect(temporary).toEqual(
      expect.objectContaining({
        category: 'temporary',
        newCases: 6,
        requiredRatePercent: 20,
        sampled: 2,
        achievedRatePercent: 33.3,
        meetsRequiredRate: true,
      }),
    );
    expect(drawn.body.totals).toEqual(
      expect.objectContaining({ newCases: 13, sampled: 5, checked: 0, nonConform: 0 }),
    );
    const tasks = drawn.body.tasks as {
      taskNo: number;
      reviewId: string;
      category: string;
      checkerId: string | null;
      handledBy: string[];
    }[];
    expect(tasks.map((t) => t.taskNo)).toEqual([1, 2, 3, 4, 5]);
    const octoberIds = new Set(october.slice(0, 13).map((r) => r.id));
    for (const t of tasks) {
      expect(octoberIds.has(t.reviewId)).toBe(true);
      // Nobody checks a case they handled (every seeded case's 受理 was clerk-1 or chk-a).
      expect(t.checkerId).not.toBeNull();
      expect(t.handledBy).not.toContain(t.checkerId);
    }
    expect(
      tasks.filter((t) => t.category === 'temporary').every((t) => t.reviewId.startsWith('t')),
    ).toBe(true);
    expect(drawn.body.audit).toEqual([
      expect.objectContaining({ action: 'drawn', byUserId: 'cty-1' }),
    ]);
  });

  it('R-AP-7 re-drawing the same month returns the same sample and changes nothing', async () => {
    const first = await api.get('/oversight/spot-checks/2026-10', 'auditor');
    expect(first.status).toBe(200);
    h.clock.now = new Date('2026-11-20T02:00:00Z');
    const again = await api.post(DRAW, 'county2', { checkerIds: ['someone-else'] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await api.get('/oversight/spot-checks/2026-10', 'county')).body).toEqual(first.body);
  });

  it('R-AP-7 assignment refuses a checker who handled the case; only the assigned checker records a result, non-conform needs findings and corrective action', async () => {
    const base = '/oversight/spot-checks/2026-10';
    const before = (await api.get(base, 'county')).body;
    const task = before.tasks[0] as { taskNo: number; handledBy: string[]; checkerId: string };
    const own = task.handledBy[0] as string;
    const refused = await api.post(`${base}/tasks/${task.taskNo}/assign`, 'county', {
      checkerId: own,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CHECKER_HANDLED_CASE');
    expect(
      (await api.post(`${base}/tasks/99/assign`, 'county', { checkerId: 'chk-b' })).status,
    ).toBe(404);
    expect(
      (await api.post(`${base}/tasks/0/assign`, 'county', { checkerId: 'chk-b' })).status,
    ).toBe(400);
    expect(
      (await api.post(`${base}/tasks/1/assign`, 'auditor', { checkerId: 'chk-b' })).status,
    ).toBe(403);
    expect((await api.get(base, 'county')).body).toEqual(before);

    // Give task 1 to chk-b (a second county checker) unless chk-b handled it.
    const target = before.tasks.find(
      (t: { handledBy: string[] }) => !t.handledBy.includes('chk-b'),
    );
    const assigned = await api.post(`${base}/tasks/${target.taskNo}/assign`, 'county', {
      checkerId: 'chk-b',
    });
    expect(assigned.status).toBe(200);
    const path = `${base}/tasks/${target.taskNo}/result`;
    const afterAssign = (await api.get(base, 'county')).body;

    const notMine = await api.post(path, 'checkerA', { outcome: 'conform' });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('NOT_ASSIGNED_CHECKER');
    const incomplete = await api.post(path, 'checkerB', {
      outcome: 'non_conform',
      findings: '收入核算漏计',
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.details).toEqual([
      expect.objectContaining({ path: 'correctiveAction', code: 'CORRECTIVE_ACTION_REQUIRED' }),
    ]);
    expect((await api.post(path, 'checkerB', { outcome: 'maybe' })).status).toBe(400);
    expect((await api.get(base, 'county')).body).toEqual(afterAssign);

    const recorded = await api.post(path, 'checkerB', {
      outcome: 'non_conform',
      findings: '家庭收入核算漏计工资性收入',
      correctiveAction: '重新核对家庭经济状况并调整保障金额',
    });
    expect(recorded.status).toBe(200);
    const done = recorded.body.tasks.find((t: { taskNo: number }) => t.taskNo === target.taskNo);
    expect(done.result).toEqual(
      expect.objectContaining({ outcome: 'non_conform', byUserId: 'chk-b' }),
    );
    expect(recorded.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'drawn',
      'assigned',
      'result_recorded',
    ]);
    // A retry of the same result is accepted as is; a different one is refused.
    const retry = await api.post(path, 'checkerB', {
      outcome: 'non_conform',
      findings: '家庭收入核算漏计工资性收入',
      correctiveAction: '重新核对家庭经济状况并调整保障金额',
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(recorded.body);
    const changed = await api.post(path, 'checkerB', { outcome: 'conform' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('RESULT_ALREADY_RECORDED');
    const reassign = await api.post(`${base}/tasks/${target.taskNo}/assign`, 'county', {
      checkerId: 'chk-c',
    });
    expect(reassign.status).toBe(409);

    // Another task, given to chk-b too, conforms.
    const other = recorded.body.tasks.find((t: { taskNo: number }) => t.taskNo !== target.taskNo);
    const otherPath = `${base}/tasks/${other.taskNo}`;
    expect((await api.post(`${otherPath}/assign`, 'county', { checkerId: 'chk-b' })).status).toBe(
      200,
    );
    expect((await api.post(`${otherPath}/result`, 'checkerB', { outcome: 'conform' })).status).toBe(
      200,
    );

    const figures = (await api.get(base, 'auditor')).body;
    expect(figures.totals).toEqual(
      expect.objectContaining({ sampled: 5, checked: 2, conform: 1, nonConform: 1, unchecked: 3 }),
    );
  });

  it('R-AP-7 exports the month figures as CSV with Chinese headers and a UTF-8 BOM', async () => {
    const csv = await api
      .get('/oversight/spot-checks/2026-10?format=csv', 'county')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      '月份,类别,新增案件数,应抽查比例,抽查件数,实际抽查比例,是否达标,已核查件数,符合件数,不符合件数,未核查件数',
    );
    expect(lines[1]).toMatch(/^2026-10,低保\/低边\/特困,7,30%,3,42\.9%,是,/);
    expect(lines[2]).toMatch(/^2026-10,临时救助,6,20%,2,33\.3%,是,/);
    expect(lines[3]).toBe('2026-10,合计,13,,5,38.5%,是,2,1,1,3');
    expect((await api.get('/oversight/spot-checks/2026-10?format=xml', 'county')).status).toBe(400);
    expect((await api.get('/oversight/spot-checks/2026-10', 'reviewer')).status).toBe(403);
  });

  it('R-AP-7 a month without new cases draws an empty sample', async () => {
    const empty = await api.post('/oversight/spot-checks/2026-08/draw', 'county', {});
    expect(empty.status).toBe(201);
    expect(
      empty.body.categories.map(
        (c: { newCases: number; sampled: number; achievedRatePercent: null }) => [
          c.newCases,
          c.sampled,
          c.achievedRatePercent,
        ],
      ),
    ).toEqual([
      [0, 0, null],
      [0, 0, null],
    ]);
    expect(empty.body.tasks).toEqual([]);
  });
});
