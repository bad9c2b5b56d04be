import { randomUUID } from 'node:crypto';
import {
  AssistanceItem,
  PartCancelReason,
  PartOutcome,
  Topics,
  type PartDispatched,
} from '@jh/contracts';
import { officialCalendar } from '@jh/domain-calendar';

import { readDlq } from '@jh/platform-kafka';
import { testKafka, waitFor, keycloakToken } from '@jh/platform-testing';
import request from 'supertest';
import { application, startHarness, type Harness } from './test-harness';

jest.setTimeout(60000);

let h: Harness;

beforeAll(async () => {
  h = await startHarness('civil-dispatch', {
    DEPARTMENT_HANDLING_LIMITS_JSON: JSON.stringify({ education: 3, housing: 10 }),
  });
});
afterAll(async () => {
  await h?.stop();
});

const getCase = (id: string) =>
  request(h.base).get(`/cases/${id}`).set('authorization', `Bearer ${h.clerkToken}`);

async function dispatchedParts(caseId: string, count: number): Promise<PartDispatched[]> {
  return waitFor(
    async () => {
      const parts = h.of(Topics.partDispatched, caseId);
      return parts.length >= count ? parts : undefined;
    },
    { what: `${count} PartDispatched for ${caseId}` },
  );
}

describe('civil affairs dispatch (real Kafka + MongoDB-wire engine)', () => {
  it('R-JH-1/R-JH-2: three departments → one case and three PartDispatched; a redelivered ApplicationSubmitted creates nothing more', async () => {
    h.clock.now = new Date('2026-11-03T02:00:00Z'); // Tue 10:00 Shanghai
    const id = randomUUID();
    const app = application(
      id,
      [
        AssistanceItem.ASSISTANCE_ITEM_DIBAO,
        AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
        AssistanceItem.ASSISTANCE_ITEM_HOUSING,
        AssistanceItem.ASSISTANCE_ITEM_MEDICAL,
      ],
      h.clock.now,
    );
    const eventId = await h.publish(Topics.applicationSubmitted, app, id);
    const parts = await dispatchedParts(id, 3);

    // Same event id twice more (redelivery), then an acceptance on the same key: once the
    // acceptance shows, the redeliveries before it on the partition have been handled.
    await h.publish(Topics.applicationSubmitted, app, id, eventId);
    await h.publish(Topics.applicationSubmitted, app, id, eventId);
    const education = parts.find((p) => p.department === 'education');
    if (!education) throw new Error('no education part');
    await h.publish(
      Topics.partAccepted,
      {
        partId: education.partId,
        caseId: id,
        applicationId: id,
        department: 'education',
        officerId: 'edu-officer-7',
        acceptedAt: h.clock.now,
      },
      id,
    );
    const view = await waitFor(
      async () => {
        const res = await getCase(id);
        return res.body.parts?.some((p: { status: string }) => p.status === 'accepted')
          ? res.body
          : undefined;
      },
      { what: 'acceptance recorded' },
    );

    expect(parts.map((p) => p.department).sort()).toEqual(['education', 'housing', 'medical']);
    for (const p of parts) {
      expect(p.caseId).toBe(id);
      expect(p.applicationId).toBe(id);
      // R-JH-3: report back within 1 working day → end of Wed 2026-11-04, Shanghai.
      expect(p.reportDueAt?.toISOString()).toBe('2026-11-04T15:59:59.999Z');
    }
    expect(education.items).toEqual([AssistanceItem.ASSISTANCE_ITEM_EDUCATION]);
    // Handling limits come from configuration (education 3, housing 10, medical default 5).
    const due = (n: number) => officialCalendar.addWorkingDays(h.clock.now, n).dueAt.toISOString();
    const handling = Object.fromEntries(
      parts.map((p) => [p.department, p.handlingDueAt?.toISOString()]),
    );
    expect(handling).toEqual({ education: due(3), housing: due(10), medical: due(5) });

    expect(h.of(Topics.partDispatched, id)).toHaveLength(3);
    expect(view.id).toBe(id);
    expect(view.status).toBe('dispatched');
    expect(view.parts).toHaveLength(3);
    expect(view.ownItems).toEqual(['dibao']);
    // R-JH-5: the case keeps its first receiver; the accepted part is now held by the officer.
    expect(view.owner.userId).toBe('clerk-1');
    expect(view.currentOwners).toContainEqual({
      partId: education.partId,
      department: 'education',
      officerId: 'edu-officer-7',
    });

    const list = await request(h.base)
      .get('/cases?department=housing&status=dispatched&page=1&pageSize=10')
      .set('authorization', `Bearer ${h.clerkToken}`)
      .expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('R-JH-3: a part dispatched on 2026-09-30, the day before 国庆, reports back after the holiday and the explanation names 国庆节', async () => {
    h.clock.now = new Date('2026-09-30T02:00:00Z'); // Wed 10:00 Shanghai
    const id = randomUUID();
    await h.publish(
      Topics.applicationSubmitted,
      application(id, [AssistanceItem.ASSISTANCE_ITEM_EDUCATION], h.clock.now),
      id,
    );
    const [part] = await dispatchedParts(id, 1);
    if (!part) throw new Error('no part');
    // 10-01..10-07 are 国庆节 holidays: the first working day after 09-30 is Thu 10-08.
    expect(part.reportDueAt?.toISOString()).toBe('2026-10-08T15:59:59.999Z');
    // 3 working days: 10-08, 10-09, Sat 10-10 (调休上班).
    expect(part.handlingDueAt?.toISOString()).toBe('2026-10-10T15:59:59.999Z');

    const res = await request(h.base)
      .get(`/cases/${id}/parts/${part.partId}/due-explanation`)
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .expect(200);
    expect(res.body.report.dueDate).toBe('2026-10-08');
    expect(res.body.report.weekdaysOnlyDueDate).toBe('2026-10-01');
    expect(res.body.report.groups.map((g: { name: string }) => g.name)).toContain('国庆节');
    expect(res.body.report.summaryZh).toContain('国庆节');
    expect(res.body.report.assumedWeekdaysOnly).toBe(false);
    expect(res.body.handling.groups).toContainEqual({
      kind: 'make_up_working_day',
      name: '国庆节',
      dates: ['2026-10-10'],
    });
  });

  it('R-JH-1: reports from every department complete the case; a redelivered report changes nothing', async () => {
    h.clock.now = new Date('2026-11-09T02:00:00Z');
    const id = randomUUID();
    await h.publish(
      Topics.applicationSubmitted,
      application(
        id,
        [AssistanceItem.ASSISTANCE_ITEM_EDUCATION, AssistanceItem.ASSISTANCE_ITEM_HOUSING],
        h.clock.now,
      ),
      id,
    );
    const parts = await dispatchedParts(id, 2);
    const report = (department: string, outcome: PartOutcome, eventId?: string) => {
      const part = parts.find((p) => p.department === department);
      if (!part) throw new Error(`no ${department} part`);
      return h.publish(
        Topics.partReported,
        {
          partId: part.partId,
          caseId: id,
          applicationId: id,
          department,
          outcome,
          amountFen: outcome === PartOutcome.PART_OUTCOME_GRANTED ? 120000 : 0,
          note: '已办结',
          officerId: `${department}-officer`,
          reportedAt: new Date('2026-11-09T08:00:00Z'),
        },
        id,
        eventId,
      );
    };
    const first = await report('education', PartOutcome.PART_OUTCOME_GRANTED);
    const partial = await waitFor(
      async () => {
        const res = await getCase(id);
        return res.body.status === 'partially_reported' ? res.body : undefined;
      },
      { what: 'partially reported' },
    );
    expect(
      partial.parts.find((p: { department: string }) => p.department === 'education').result,
    ).toMatchObject({ outcome: 'granted', amountFen: 120000, officerId: 'education-officer' });

    // Redelivery of the first report carrying a different body: the event id was already applied.
    await report('education', PartOutcome.PART_OUTCOME_REJECTED, first);
    await report('housing', PartOutcome.PART_OUTCOME_NOT_APPLICABLE);
    const done = await waitFor(
      async () => {
        const res = await getCase(id);
        return res.body.status === 'completed' ? res.body : undefined;
      },
      { what: 'case completed' },
    );
    expect(done.parts.map((p: { status: string }) => p.status)).toEqual(['reported', 'reported']);
    expect(done.parts[0].result.outcome).toBe('granted');
    const completed = await request(h.base)
      .get('/cases?status=completed')
      .set('authorization', `Bearer ${h.clerkToken}`)
      .expect(200);
    expect(completed.body.items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('转办/转介 (R-JH-1): transfer publishes PartCancelled(TRANSFERRED) and a fresh PartDispatched; a referral is recorded', async () => {
    h.clock.now = new Date('2026-11-10T02:00:00Z');
    const id = randomUUID();
    await h.publish(
      Topics.applicationSubmitted,
      application(id, [AssistanceItem.ASSISTANCE_ITEM_HOUSING], h.clock.now),
      id,
    );
    const [housing] = await dispatchedParts(id, 1);
    if (!housing) throw new Error('no housing part');
    await h.publish(
      Topics.partTransferRequested,
      {
        partId: housing.partId,
        caseId: id,
        applicationId: id,
        department: 'housing',
        suggestedDepartment: 'medical',
        reason: '属医疗救助范围',
        officerId: 'housing-officer',
        requestedAt: h.clock.now,
      },
      id,
    );
    await waitFor(
      async () => (await getCase(id)).body.parts?.[0]?.transferRequest?.suggestedDepartment,
      { what: 'transfer request recorded' },
    );

    const path = `/cases/${id}/parts/${housing.partId}/transfer`;
    await request(h.base)
      .post(path)
      .set('authorization', `Bearer ${h.clerkToken}`)
      .send({ toDepartment: 'medical', reason: 'x' })
      .expect(403);
    const unknown = await request(h.base)
      .post(path)
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .send({ toDepartment: 'nowhere', reason: '属医疗救助范围' })
      .expect(400);
    expect(unknown.body.error.details[0].code).toBe('UNKNOWN_DEPARTMENT');

    h.clock.now = new Date('2026-11-11T02:00:00Z');
    const res = await request(h.base)
      .post(path)
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .send({ toDepartment: 'medical', reason: '属医疗救助范围' })
      .expect(201);
    const replacementId: string = res.body.replacement.partId;
    expect(res.body.cancelled.status).toBe('cancelled');
    expect(res.body.replacement.reportDueAt).toBe('2026-11-12T15:59:59.999Z');

    const [cancelled] = await waitFor(
      async () => {
        const c = h.of(Topics.partCancelled, id);
        return c.length > 0 ? c : undefined;
      },
      { what: 'PartCancelled' },
    );
    expect(cancelled).toMatchObject({
      partId: housing.partId,
      department: 'housing',
      reason: PartCancelReason.PART_CANCEL_REASON_TRANSFERRED,
      replacementPartId: replacementId,
      note: '属医疗救助范围',
    });
    const dispatched = await dispatchedParts(id, 2);
    expect(dispatched.find((p) => p.partId === replacementId)).toMatchObject({
      department: 'medical',
      items: [AssistanceItem.ASSISTANCE_ITEM_HOUSING],
    });

    await request(h.base)
      .post(path)
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .send({ toDepartment: 'education', reason: '再次转办' })
      .expect(409);

    const referred = await request(h.base)
      .post(`/cases/${id}/referrals`)
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .send({ organisation: '区慈善总会', kind: 'charity', reason: '政策外困难' })
      .expect(201);
    expect(referred.body.referrals).toMatchObject([
      { organisation: '区慈善总会', kind: 'charity', reason: '政策外困难', byUserId: 'coord-1' },
    ]);
    expect(referred.body.currentOwners).toEqual([
      { partId: replacementId, department: 'medical', officerId: null },
    ]);
  });

  it('an application with only civil affairs’ own items opens a case without parts; a report for an unknown case goes to the DLQ and later events still apply', async () => {
    h.clock.now = new Date('2026-11-12T02:00:00Z');
    const ghost = randomUUID();
    await h.publish(
      Topics.partReported,
      {
        partId: randomUUID(),
        caseId: ghost,
        applicationId: ghost,
        department: 'education',
        outcome: PartOutcome.PART_OUTCOME_GRANTED,
        amountFen: 0,
        note: '',
        officerId: 'x',
        reportedAt: h.clock.now,
      },
      ghost,
    );
    const id = randomUUID();
    await h.publish(
      Topics.applicationSubmitted,
      application(
        id,
        [AssistanceItem.ASSISTANCE_ITEM_DIBAO, AssistanceItem.ASSISTANCE_ITEM_TEKUN],
        h.clock.now,
      ),
      id,
    );
    const view = await waitFor(
      async () => {
        const res = await getCase(id);
        return res.status === 200 ? res.body : undefined;
      },
      { what: 'case opened' },
    );
    expect(view).toMatchObject({
      status: 'civil_affairs_only',
      parts: [],
      ownItems: ['dibao', 'tekun'],
    });
    expect(h.of(Topics.partDispatched, id)).toEqual([]);

    const kafka = testKafka(h.prefix);
    const parked = await waitFor(
      async () => {
        const m = await readDlq(kafka, kafka.topic(Topics.partReported));
        return m.length > 0 ? m : undefined;
      },
      { what: 'report parked on the DLQ' },
    );
    expect(parked[0]?.key).toBe(ghost);
    expect(parked[0]?.headers['x-error-reason']).toContain('PermanentError');

    const officer = await keycloakToken({
      userId: 'edu-1',
      roles: ['department_officer'],
      department: 'education',
    });
    await request(h.base).get(`/cases/${id}`).set('authorization', `Bearer ${officer}`).expect(403);
  });
});
