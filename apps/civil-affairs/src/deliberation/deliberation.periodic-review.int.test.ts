import { startDeliberationKit, type DeliberationKit } from '../test-harness.deliberation';

jest.setTimeout(60000);

let t: DeliberationKit;
beforeAll(async () => {
  t = await startDeliberationKit('civil-deliberation-ys1');
});
afterAll(async () => {
  await t?.stop();
});

/** A deliberation taken through §5.1–5.7 and approved on Mon 2026-11-16. */
async function approvedDeliberation(): Promise<string> {
  const id = await t.openDirect();
  await t.investigateAndDeliberate(id);
  await t.reviewDecideAndPost(id);
  t.setNow('2026-11-16 10:00');
  const res = await t.post(`/deliberations/${id}/approve`, 'leader');
  expect(res.status).toBe(200);
  return id;
}

const tasks = (query: string) => t.get(`/deliberation-reviews?${query}`, 'county');

describe('一事一议 R-YS-1 twice-yearly review, county 100 % (real MongoDB-wire engine)', () => {
  it('R-YS-1 generates one task per approved case and half-year (idempotent), lists due/overdue, records results and reports coverage', async () => {
    const first = await approvedDeliberation();
    const second = await approvedDeliberation();
    // Not yet approved: never gets a task.
    const open = await t.openDirect();

    // The half-year that began before approval is exempt.
    t.setNow('2026-11-20 10:00');
    const exempt = await t.post('/deliberation-reviews/generate', 'county', {
      year: 2026,
      period: 2,
    });
    expect(exempt.body).toMatchObject({ created: 0, existing: 0, notRequired: 2 });

    t.setNow('2027-01-05 10:00');
    const generated = await t.post('/deliberation-reviews/generate', 'county', {
      year: 2027,
      period: 1,
    });
    expect(generated.status).toBe(200);
    expect(generated.body).toMatchObject({ created: 2, existing: 0 });
    const again = await t.post('/deliberation-reviews/generate', 'coordinator', {
      year: 2027,
      period: 1,
    });
    expect(again.body).toMatchObject({ created: 0, existing: 2 });

    const listed = await tasks('year=2027&period=1');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [`${first}:2027:1`, `${second}:2027:1`].sort(),
    );
    expect(
      listed.body.items.map((i: { deliberationId: string }) => i.deliberationId),
    ).not.toContain(open);
    expect(listed.body.items[0]).toMatchObject({
      from: '2027-01-01',
      to: '2027-06-30',
      dueAt: '2027-06-30T15:59:59.999Z',
      status: 'due',
      overdue: false,
    });
    expect(listed.body.figures).toEqual({
      total: 2,
      due: 2,
      overdue: 0,
      done: 0,
      coveragePercent: 0,
      requiredPercent: 100,
      complete: false,
    });

    // Only the county records results; a result is recorded once.
    const taskId = `${first}:2027:1`;
    t.setNow('2027-03-10 10:00');
    const notCounty = await t.post(`/deliberation-reviews/${taskId}/result`, 'coordinator', {
      outcome: 'continue',
    });
    expect(notCounty.status).toBe(403);
    const recorded = await t.post(`/deliberation-reviews/${taskId}/result`, 'county', {
      outcome: 'continue',
      note: '困难情形仍存在，继续救助',
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      status: 'done',
      result: { outcome: 'continue', byUserId: 'cty-1' },
    });
    expect(recorded.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'generated',
      'reviewed',
    ]);
    const twice = await t.post(`/deliberation-reviews/${taskId}/result`, 'county', {
      outcome: 'terminate',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('REVIEW_TASK_DONE');
    const unchanged = await tasks('year=2027&period=1&status=done');
    expect(unchanged.body.items).toHaveLength(1);
    expect(unchanged.body.items[0].result.outcome).toBe('continue');

    // After the half-year the other task is overdue.
    t.setNow('2027-07-02 10:00');
    const overdue = await tasks('year=2027&period=1&status=overdue');
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([`${second}:2027:1`]);
    expect(overdue.body.figures).toMatchObject({
      total: 2,
      due: 1,
      overdue: 1,
      done: 1,
      coveragePercent: 50,
      complete: false,
    });

    expect(
      (
        await t.post(`/deliberation-reviews/${second}:2027:1/result`, 'county', {
          outcome: 'adjust',
          note: '调整救助金额',
        })
      ).status,
    ).toBe(200);
    const complete = await tasks('year=2027&period=1');
    expect(complete.body.figures).toMatchObject({ done: 2, coveragePercent: 100, complete: true });
  });

  it('R-YS-1 refuses a period outside the configured reviews per year and unknown tasks', async () => {
    const bad = await t.post('/deliberation-reviews/generate', 'county', { year: 2027, period: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].code).toBe('INVALID_PERIOD');
    const unknown = await t.post('/deliberation-reviews/nope:2027:1/result', 'county', {
      outcome: 'continue',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('REVIEW_TASK_NOT_FOUND');
    expect((await t.get('/deliberation-reviews?year=2027&period=1', 'clerk')).status).toBe(403);
  });
});
