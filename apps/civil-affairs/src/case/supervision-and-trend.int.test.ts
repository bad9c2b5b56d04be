import {
  AssistanceItem,
  EscalationLevel,
  PartOutcome,
  SlaClockType,
  Topics,
  type PartDispatched,
} from '@jh/contracts';
import { keycloakToken, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { startHarness, type Harness, openCase } from '../test-harness';

jest.setTimeout(90_000);

let h: Harness;
let otherCounty: string;

beforeAll(async () => {
  h = await startHarness('ca-supervise');
  otherCounty = await keycloakToken({
    userId: 'coord-330105',
    roles: ['coordinator'],
    regionCode: '330105',
  });
});
afterAll(async () => {
  await h?.stop();
});

const open = (items: AssistanceItem[]) => openCase(h, items);
const as = (token: string) => ({
  post: (path: string, body: object, key?: string) => {
    const r = request(h.base).post(path).set('authorization', `Bearer ${token}`);
    return (key ? r.set('idempotency-key', key) : r).send(body);
  },
  get: (path: string) => request(h.base).get(path).set('authorization', `Bearer ${token}`),
});

describe('督办 and the weekly SLA trend (real engines, fixed clock)', () => {
  it('R-JH-4: a remind is recorded on the part, published as PartOverdue, listed with its history, and a retry with the same Idempotency-Key publishes nothing more', async () => {
    h.clock.now = new Date('2026-11-02T02:00:00Z');
    const coord = as(h.coordinatorToken);
    const { id, parts } = await open([AssistanceItem.ASSISTANCE_ITEM_EDUCATION]);
    const partId = parts[0]?.partId as string;
    h.clock.now = new Date('2026-11-04T04:00:00Z'); // report overdue
    const path = `/cases/${id}/parts/${partId}/supervision`;

    const bad = await coord.post(path, { action: 'shout', note: 'x'.repeat(201) }).expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'action',
      'note',
    ]);
    await as(otherCounty).post(path, { action: 'remind' }).expect(404);
    await as(h.clerkToken).post(path, { action: 'remind' }).expect(403);
    expect(h.of(Topics.partOverdue, id)).toHaveLength(0);

    const first = await coord
      .post(path, { action: 'remind', note: '请尽快反馈' }, 'dub-0001')
      .expect(201);
    expect(first.body.supervision).toMatchObject({
      action: 'remind',
      note: '请尽快反馈',
      clock: 'report',
      byUserId: 'coord-1',
      at: '2026-11-04T04:00:00.000Z',
    });
    const again = await coord
      .post(path, { action: 'remind', note: '请尽快反馈' }, 'dub-0001')
      .expect(200);
    expect(again.body.supervision.supervisionId).toBe(first.body.supervision.supervisionId);
    const reused = await coord.post(path, { action: 'escalate' }, 'dub-0001').expect(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await coord.post(path, { action: 'escalate' }).expect(201);

    const events = await waitFor(
      async () => {
        const e = h.of(Topics.partOverdue, id);
        return e.length >= 2 ? e : undefined;
      },
      { what: 'two PartOverdue' },
    );
    expect(events.map((e) => [SlaClockType[e.clock], EscalationLevel[e.level]])).toEqual([
      ['SLA_CLOCK_TYPE_REPORT', 'ESCALATION_LEVEL_REMINDER'],
      ['SLA_CLOCK_TYPE_REPORT', 'ESCALATION_LEVEL_COORDINATOR'],
    ]);

    const overdue = await coord.get('/coordination/overdue?pageSize=200').expect(200);
    const row = overdue.body.items.find((r: { partId: string }) => r.partId === partId);
    expect(row).toMatchObject({
      caseId: id,
      department: 'education',
      regionCode: '330106',
      reportDueAt: '2026-11-03T15:59:59.999Z',
    });
    expect(row.supervisions.map((s: { action: string }) => s.action)).toEqual([
      'remind',
      'escalate',
    ]);
    // The timeline names the coordinator who acted.
    const lines = await waitFor(
      async () => {
        const res = await coord.get(`/cases/${id}/timeline`).expect(200);
        const s = res.body.items.filter((i: { kind: string }) => i.kind === 'part.supervised');
        return s.length === 2 ? s : undefined;
      },
      { what: 'supervision lines' },
    );
    // Both at the same (fixed) instant: compare as a set.
    expect(
      lines.map((l: { actor: string; title: string }) => `${l.actor} ${l.title}`).sort(),
    ).toEqual([
      'coord-1 协调员督办：升级督办教育局（反馈时限）',
      'coord-1 协调员督办：提醒教育局（反馈时限）',
    ]);
  });

  it('R-JH-4: the trend counts per ISO week and department, in the caller’s region only', async () => {
    h.clock.now = new Date('2026-12-01T02:00:00Z'); // Tue, week 2026-W49; report due Wed 12-02
    const coord = as(h.coordinatorToken);
    const a = await open([AssistanceItem.ASSISTANCE_ITEM_HOUSING]);
    const b = await open([AssistanceItem.ASSISTANCE_ITEM_HOUSING]);
    const report = (caseId: string, part: PartDispatched | undefined, at: string) =>
      h.publish(
        Topics.partReported,
        {
          partId: part?.partId as string,
          caseId,
          applicationId: caseId,
          department: 'housing',
          outcome: PartOutcome.PART_OUTCOME_GRANTED,
          amountFen: 0,
          note: '',
          officerId: 'h-off',
          reportedAt: new Date(at),
        },
        caseId,
      );
    await report(a.id, a.parts[0], '2026-12-02T03:00:00Z'); // on time
    await report(b.id, b.parts[0], '2026-12-04T03:00:00Z'); // late
    await waitFor(
      async () => {
        const r = await coord.get(`/cases/${b.id}`);
        return r.body.parts?.[0]?.status === 'reported' ? true : undefined;
      },
      { what: 'reports applied' },
    );
    h.clock.now = new Date('2026-12-07T02:00:00Z'); // Mon of W50
    const res = await coord
      .get('/coordination/trend?weeks=2&department=housing&region=')
      .expect(200);
    expect(res.body.weeks).toEqual([
      { week: '2026-W49', from: '2026-11-30', to: '2026-12-06' },
      { week: '2026-W50', from: '2026-12-07', to: '2026-12-13' },
    ]);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        week: '2026-W49',
        department: 'housing',
        due: 2,
        reported: 2,
        onTime: 1,
        overdue: 1,
        onTimeRate: 0.5,
      }),
    ]);
    const other = await as(otherCounty).get('/coordination/trend?weeks=2').expect(200);
    expect(other.body.items).toEqual([]);
    const narrowed = await coord.get('/coordination/trend?weeks=2&region=330105').expect(200);
    expect(narrowed.body.items).toEqual([]);
    const bad = await coord.get('/coordination/trend?weeks=99').expect(400);
    expect(bad.body.error.details[0].path).toBe('weeks');
  });
});
