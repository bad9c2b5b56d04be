import { AssistanceItem, PartOutcome, Topics, type PartDispatched } from '@jh/contracts';
import { keycloakToken, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { startHarness, type Harness, openCase } from '../test-harness';

jest.setTimeout(90_000);

let h: Harness;
let cityBureau: string;
let countyCoordinator: string;
let officer: string;

beforeAll(async () => {
  h = await startHarness('ca-calendar');
  cityBureau = await keycloakToken({
    userId: 'city-1',
    roles: ['city_bureau'],
    regionCode: '330100',
  });
  countyCoordinator = await keycloakToken({
    userId: 'coord-330106',
    roles: ['coordinator'],
    regionCode: '330106',
  });
  officer = await keycloakToken({ userId: 'off-1', roles: ['department_officer'] });
});
afterAll(async () => {
  await h?.stop();
});

/** Test data shaped like a State Council notice for 2027 (not the official one). */
const year2027 = {
  year: 2027,
  source: { title: '测试用 2027 年部分节假日安排（非官方数据）' },
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  makeUpWorkingDays: [],
};

const open = (items: AssistanceItem[]) => openCase(h, items);
const as = (token: string) => ({
  get: (path: string) => request(h.base).get(path).set('authorization', `Bearer ${token}`),
  post: (path: string, body: unknown) =>
    request(h.base)
      .post(path)
      .set('authorization', `Bearer ${token}`)
      .send(body as object),
  put: (path: string, body: unknown) =>
    request(h.base)
      .put(path)
      .set('authorization', `Bearer ${token}`)
      .send(body as object),
});

describe('holiday data loaded at run time (real engines, fixed clock)', () => {
  it('ADR 0003 / §10: status names 2027, the preview lists exactly the open parts that move, a bad file stores nothing, loading it changes new computations', async () => {
    // An early part: every deadline in 2026, never moves.
    h.clock.now = new Date('2026-11-02T02:00:00Z');
    const early = await open([AssistanceItem.ASSISTANCE_ITEM_HOUSING]);
    // Mon 2026-12-28: report due Tue 12-29 (stays), handling reaches into 2027 (moves).
    h.clock.now = new Date('2026-12-28T02:00:00Z');
    const late = await open([AssistanceItem.ASSISTANCE_ITEM_EDUCATION]);
    // Also into 2027, but reported: not open, not listed.
    const done = await open([AssistanceItem.ASSISTANCE_ITEM_MEDICAL]);
    const donePart = done.parts[0] as PartDispatched;
    await h.publish(
      Topics.partReported,
      {
        partId: donePart.partId,
        caseId: done.id,
        applicationId: done.id,
        department: donePart.department,
        outcome: PartOutcome.PART_OUTCOME_GRANTED,
        amountFen: 0,
        note: '',
        officerId: 'm-off',
        reportedAt: h.clock.now,
      },
      done.id,
    );
    await waitFor(
      async () => {
        const r = await as(h.coordinatorToken).get(`/cases/${done.id}`);
        return r.body.parts?.[0]?.status === 'reported' ? true : undefined;
      },
      { what: 'report applied' },
    );

    const status = await as(officer).get('/calendar/status').expect(200);
    expect(status.body).toMatchObject({
      loadedYears: [],
      bundledYears: [2025, 2026],
      missingYears: [2027],
    });
    expect(status.body.openDeadlinesInMissingYears).toBeGreaterThanOrEqual(1);

    const latePart = late.parts[0] as PartDispatched;
    const preview = await as(h.coordinatorToken)
      .post('/calendar/years/preview', year2027)
      .expect(200);
    expect(preview.body.year).toBe(2027);
    const mine = preview.body.moves.filter((m: { caseId: string }) =>
      [early.id, late.id, done.id].includes(m.caseId),
    );
    expect(mine).toEqual([
      {
        caseId: late.id,
        partId: latePart.partId,
        department: 'education',
        clock: 'handling',
        before: latePart.handlingDueAt?.toISOString(),
        after: expect.stringMatching(/^2027-01-/),
      },
    ]);
    expect(mine[0].after > mine[0].before).toBe(true);

    // A bad file: 400 naming the field, nothing stored, the calendar unchanged.
    const bad = await as(cityBureau)
      .put('/calendar/years/2027', {
        ...year2027,
        holidays: [{ name: '元旦', from: '2027-01-03', to: '2027-01-01' }],
        makeUpWorkingDays: [{ date: '2027-02-30', name: '春节' }],
      })
      .expect(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['holidays.0', 'makeUpWorkingDays.0.date']));
    expect(
      bad.body.error.details.every((d: { message: string }) => /[\u4e00-\u9fa5]/.test(d.message)),
    ).toBe(true);
    const outside = await as(cityBureau)
      .put('/calendar/years/2027', {
        ...year2027,
        makeUpWorkingDays: [{ date: '2026-12-26', name: '元旦' }],
      })
      .expect(400);
    expect(outside.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'makeUpWorkingDays.0.date', code: 'DATE_OUTSIDE_YEAR' }),
    );
    await as(cityBureau).put('/calendar/years/2028', year2027).expect(400);
    expect(await h.db.collection('calendar_years').countDocuments({})).toBe(0);

    // Roles: a county coordinator and an officer may read but not load.
    await as(countyCoordinator).put('/calendar/years/2027', year2027).expect(403);
    await as(officer).post('/calendar/years/preview', year2027).expect(403);

    const before = await as(officer)
      .get('/calendar/explain?from=2026-12-31&workingDays=1')
      .expect(200);
    expect(before.body).toMatchObject({ dueDate: '2027-01-01', assumedWeekdaysOnly: true });

    const loaded = await as(cityBureau).put('/calendar/years/2027', year2027).expect(200);
    expect(loaded.body).toMatchObject({ year: 2027, loadedYears: [2027] });
    expect(await h.db.collection('calendar_years').countDocuments({})).toBe(1);

    const after = await as(officer)
      .get('/calendar/explain?from=2026-12-31&workingDays=1')
      .expect(200);
    expect(after.body).toMatchObject({ dueDate: '2027-01-04', assumedWeekdaysOnly: false });
    expect(after.body.summaryZh).toContain('元旦');
    const now = await as(officer).get('/calendar/status').expect(200);
    expect(now.body).toMatchObject({ loadedYears: [2027], missingYears: [] });

    // A part dispatched now counts with 2027: Thu 12-31 → report due Mon 01-04, not Fri 01-01.
    h.clock.now = new Date('2026-12-31T02:00:00Z');
    const next = await open([AssistanceItem.ASSISTANCE_ITEM_HOUSING]);
    expect(next.parts[0]?.reportDueAt?.toISOString()).toBe('2027-01-04T15:59:59.999Z');

    const badExplain = await as(officer)
      .get('/calendar/explain?from=2026-13-01&workingDays=1')
      .expect(400);
    expect(badExplain.body.error.details[0].path).toBe('from');
  });
});
