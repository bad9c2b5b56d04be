import { officialCalendar } from '@jh/domain-calendar';
import { waitFor } from '@jh/platform-testing';
import { startHarness, type Harness } from './testing/harness';

jest.setTimeout(60000);

// Tuesday 2026-03-10 10:00 Asia/Shanghai.
const now = new Date('2026-03-10T02:00:00Z');
let h: Harness;
let officer: string;

beforeAll(async () => {
  h = await startHarness('dept-worklist', now);
  officer = await h.token({ userId: 'edu-1', department: 'education' });
});
afterAll(() => h?.stop());

const list = async (query = '') =>
  (await h.http().get(`/parts${query}`).set('authorization', `Bearer ${officer}`).expect(200))
    .body as { items: { id: string; status: string; sla: unknown }[]; total: number };

const ids = (page: { items: { id: string }[] }) => page.items.map((p) => p.id);

const waitForPart = (id: string, status = 'pending') =>
  waitFor(
    async () =>
      (await list(`?status=${status}&pageSize=100`)).items.find((p) => p.id === id) ?? undefined,
    { what: `part ${id} ${status} in the worklist` },
  );

describe('department worklist fed by PartDispatched / PartCancelled (real engines)', () => {
  it('R-JH-1/R-JH-2: keeps only its own parts, once each even when the event is delivered twice', async () => {
    const applicationId = 'app-shared-key';
    const other = await h.dispatch({ applicationId, department: 'housing' });
    const { part, eventId } = await h.dispatch({ applicationId });
    await h.redeliver(part, eventId);
    const marker = await h.dispatch({ applicationId });
    await waitForPart(marker.part.partId);
    // Same key → same partition, in order: once the marker is in, everything before it was handled.
    const parts = await h.collection();
    expect(await parts.find({ _id: part.partId })).toHaveLength(1);
    expect(await parts.find({ _id: other.part.partId })).toHaveLength(0);
    const [stored] = await parts.find({ _id: part.partId });
    expect(stored?.['audit']).toHaveLength(1);
    expect(stored?.['dispatchEventId']).toBe(eventId);
  });

  it('R-JH-1: an officer finds a part by the number the applicant holds (exact, case and blanks ignored)', async () => {
    const wanted = await h.dispatch({ applicationNumber: 'JH-2026-004711' });
    const other = await h.dispatch({ applicationNumber: 'JH-2026-004712' });
    await waitForPart(other.part.partId);
    const found = await list('?q=%20jh-2026-004711%20');
    expect(ids(found)).toEqual([wanted.part.partId]);
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({ applicationNumber: 'JH-2026-004711' });
    expect((await list('?q=JH-2026-999999')).total).toBe(0);
    const refused = await h
      .http()
      .get('/parts?q=4711')
      .set('authorization', `Bearer ${officer}`)
      .expect(400);
    expect(refused.body.error.details[0]).toMatchObject({
      path: 'q',
      code: 'APPLICATION_NUMBER_INVALID',
    });
  });

  it('R-JH-3: due dates from the event are kept; a missing handling date uses the department limit and the official calendar', async () => {
    const reportDueAt = new Date('2026-03-20T15:59:59.999Z');
    const withDates = await h.dispatch({
      reportDueAt,
      handlingDueAt: new Date('2026-03-19T15:59:59.999Z'),
    });
    const beforeHoliday = new Date('2026-09-30T02:00:00Z');
    const withoutDates = await h.dispatch({ dispatchedAt: beforeHoliday });
    await waitForPart(withoutDates.part.partId);
    const a = await waitForPart(withDates.part.partId);
    expect(a).toMatchObject({ reportDueAt: reportDueAt.toISOString() });
    const b = (await waitForPart(withoutDates.part.partId)) as unknown as { handlingDueAt: string };
    const expected = officialCalendar.addWorkingDays(beforeHoliday, 5);
    expect(b.handlingDueAt).toBe(expected.dueAt.toISOString());
    // 国庆 2026 moves five working days from 30 September past the holiday week.
    expect(expected.dueDate > '2026-10-07').toBe(true);
  });

  it('lists overdue and at-risk parts by a fixed clock, nearest due date first, with pagination', async () => {
    const overdue = await h.dispatch({
      dispatchedAt: new Date('2026-03-02T02:00:00Z'),
      handlingDueAt: new Date('2026-03-06T15:59:59.999Z'),
      reportDueAt: new Date('2026-03-09T15:59:59.999Z'),
    });
    // 135 h span, due tonight: inside the last 20 % (domain-sla at_risk).
    const atRisk = await h.dispatch({
      dispatchedAt: new Date('2026-03-05T01:00:00Z'),
      handlingDueAt: new Date('2026-03-10T15:59:59.999Z'),
      reportDueAt: new Date('2026-03-11T15:59:59.999Z'),
    });
    const onTrack = await h.dispatch({
      dispatchedAt: new Date('2026-03-09T01:00:00Z'),
      handlingDueAt: new Date('2026-03-30T15:59:59.999Z'),
      reportDueAt: new Date('2026-03-31T15:59:59.999Z'),
    });
    for (const p of [overdue, atRisk, onTrack]) await waitForPart(p.part.partId);

    const overdueList = await list('?overdue=true');
    expect(ids(overdueList)).toContain(overdue.part.partId);
    expect(ids(overdueList)).not.toContain(atRisk.part.partId);
    expect(ids(overdueList)).not.toContain(onTrack.part.partId);
    expect(overdueList.items.find((p) => p.id === overdue.part.partId)?.sla).toEqual({
      report: 'breached',
      handling: 'breached',
    });

    const atRiskList = await list('?atRisk=true');
    expect(ids(atRiskList)).toEqual([atRisk.part.partId]);
    expect(atRiskList.items[0]?.sla).toEqual({ report: 'on_track', handling: 'at_risk' });

    const all = ids(await list('?pageSize=100'));
    expect(all.indexOf(overdue.part.partId)).toBeLessThan(all.indexOf(atRisk.part.partId));
    expect(all.indexOf(atRisk.part.partId)).toBeLessThan(all.indexOf(onTrack.part.partId));
    const page2 = await list('?pageSize=2&page=2');
    expect(page2.total).toBe(all.length);
    expect(ids(page2)).toEqual(all.slice(2, 4));

    // Once reported, a part past its dates is no longer overdue.
    const auth = `Bearer ${officer}`;
    const id = overdue.part.partId;
    await h.http().post(`/parts/${id}/accept`).set('authorization', auth).expect(200);
    await h
      .http()
      .post(`/parts/${id}/report`)
      .set('authorization', auth)
      .send({ outcome: 'granted', amountFen: 50000, note: '' })
      .expect(200);
    expect(ids(await list('?overdue=true'))).not.toContain(id);
    const descriptor = await h.http().get('/department').set('authorization', auth).expect(200);
    expect(descriptor.body).toMatchObject({
      code: 'education',
      handlingLimitWorkingDays: 5,
      atRiskPercent: 20,
    });
    const either = ids(await list('?overdue=true&atRisk=true&pageSize=100'));
    expect(either).toContain(atRisk.part.partId);
    expect(either).not.toContain(onTrack.part.partId);
    await h.http().get('/parts?overdue=maybe').set('authorization', auth).expect(400);
  });

  it('a cancelled part leaves the active list and keeps the note; reporting it answers 409', async () => {
    const { part } = await h.dispatch({});
    await waitForPart(part.partId);
    await h.cancel({
      partId: part.partId,
      applicationId: part.applicationId,
      note: '转至住建部门办理',
    });
    const cancelled = await waitForPart(part.partId, 'cancelled');
    expect(cancelled).toMatchObject({
      cancellation: { reason: 'transferred', note: '转至住建部门办理' },
    });
    expect(ids(await list('?pageSize=100'))).not.toContain(part.partId);
    const res = await h
      .http()
      .post(`/parts/${part.partId}/report`)
      .set('authorization', `Bearer ${officer}`)
      .send({ outcome: 'not_applicable' })
      .expect(409);
    expect(res.body.error.code).toBe('PART_CANCELLED');
  });

  it('a cancellation that overtakes its dispatch keeps the part cancelled when the dispatch arrives', async () => {
    const partId = '7f1e8c4a-0000-4000-8000-00000000c0de';
    await h.cancel({ partId, applicationId: 'app-early', note: '申请已撤回' });
    const parts = await h.collection();
    await waitFor(async () => (await parts.find({ _id: partId }))[0], {
      what: 'cancelled placeholder',
    });
    await h.dispatch({ partId, applicationId: 'app-early' });
    const done = await waitFor(
      async () => (await parts.find({ _id: partId, placeholder: false }))[0],
      { what: 'placeholder completed by the late dispatch' },
    );
    expect(done['status']).toBe('cancelled');
    expect(ids(await list('?pageSize=100'))).not.toContain(partId);
  });
});
