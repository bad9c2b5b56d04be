import {
  AssistanceItem,
  EscalationLevel,
  PartOutcome,
  SlaClockType,
  Topics,
  type PartDispatched,
} from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import { startHarness, type Harness, openCase } from './test-harness';

jest.setTimeout(60000);

let h: Harness;
// On, so GET /metrics answers (the service finds this SDK running).
const telemetry = startTelemetry({
  serviceName: 'civil-affairs',
  enabled: true,
  exporter: new tracing.InMemorySpanExporter(),
});

beforeAll(async () => {
  h = await startHarness('civil-sla', {
    DEPARTMENT_HANDLING_LIMITS_JSON: JSON.stringify({ education: 3 }),
    NOTICE_AFTER_WORKING_DAYS: '2',
  });
});
afterAll(async () => {
  await h?.stop();
  await telemetry.shutdown();
});

const open = (items: AssistanceItem[]) => openCase(h, items);

const scan = () =>
  request(h.base)
    .post('/sla/scan')
    .set('authorization', `Bearer ${h.coordinatorToken}`)
    .expect(200)
    .then((r) => r.body as { published: number });

const coordinator = (path: string) =>
  request(h.base).get(path).set('authorization', `Bearer ${h.coordinatorToken}`);

describe('SLA monitor and coordination figures (real engines, fixed clock)', () => {
  it('R-JH-3/R-JH-4: the scan publishes one PartOverdue per part, clock and level, even when run twice', async () => {
    h.clock.now = new Date('2026-11-02T02:00:00Z'); // Mon 10:00 Shanghai
    const { id, parts } = await open([AssistanceItem.ASSISTANCE_ITEM_EDUCATION]);
    const [part] = parts;
    if (!part) throw new Error('no part');
    // Report due end of Tue 11-03; handling (3 working days) due end of Thu 11-05.
    expect(part.reportDueAt?.toISOString()).toBe('2026-11-03T15:59:59.999Z');
    expect(part.handlingDueAt?.toISOString()).toBe('2026-11-05T15:59:59.999Z');

    expect((await scan()).published).toBe(0);

    h.clock.now = new Date('2026-11-03T12:00:00Z'); // last 20 % of the report clock
    expect((await scan()).published).toBe(1);
    expect((await scan()).published).toBe(0);
    const atRisk = await coordinator('/coordination/at-risk').expect(200);
    expect(atRisk.body.items).toContainEqual(
      expect.objectContaining({ caseId: id, partId: part.partId, clocks: ['report'] }),
    );

    h.clock.now = new Date('2026-11-04T04:00:00Z'); // report overdue
    expect((await scan()).published).toBe(1);
    const overdue = await coordinator('/coordination/overdue?page=1&pageSize=5').expect(200);
    expect(overdue.body).toMatchObject({ page: 1, pageSize: 5 });
    expect(overdue.body.items).toContainEqual(
      expect.objectContaining({ caseId: id, department: 'education', clocks: ['report'] }),
    );

    // Tue 11-10: report overdue by more than 2 working days (通报); handling overdue and past its
    // notice threshold (end of Mon 11-09). Two scans at once still publish each level once.
    h.clock.now = new Date('2026-11-10T04:00:00Z');
    const [a, b] = await Promise.all([scan(), h.service.monitor.scan()]);
    expect(a.published + b.published).toBe(4);
    expect((await scan()).published).toBe(0);

    const events = await waitFor(
      async () => {
        const e = h.of(Topics.partOverdue, id);
        return e.length >= 6 ? e : undefined;
      },
      { what: 'six PartOverdue events' },
    );
    const keys = events.map((e) => `${SlaClockType[e.clock]}/${EscalationLevel[e.level]}`).sort();
    expect(keys).toEqual([
      'SLA_CLOCK_TYPE_HANDLING/ESCALATION_LEVEL_COORDINATOR',
      'SLA_CLOCK_TYPE_HANDLING/ESCALATION_LEVEL_NOTICE',
      'SLA_CLOCK_TYPE_HANDLING/ESCALATION_LEVEL_REMINDER',
      'SLA_CLOCK_TYPE_REPORT/ESCALATION_LEVEL_COORDINATOR',
      'SLA_CLOCK_TYPE_REPORT/ESCALATION_LEVEL_NOTICE',
      'SLA_CLOCK_TYPE_REPORT/ESCALATION_LEVEL_REMINDER',
    ]);
    expect(events.every((e) => e.partId === part.partId && e.department === 'education')).toBe(
      true,
    );
    const view = await coordinator(`/cases/${id}`).expect(200);
    expect(view.body.parts[0].escalations).toHaveLength(6);

    const overdueCases = await coordinator('/cases?overdue=true').expect(200);
    expect(overdueCases.body.items.map((c: { id: string }) => c.id)).toContain(id);
    await request(h.base)
      .post('/sla/scan')
      .set('authorization', `Bearer ${h.clerkToken}`)
      .expect(403);
  });

  it('R-JH-4: on-time rate per department and the monthly 通报 as JSON and CSV', async () => {
    h.clock.now = new Date('2026-12-01T02:00:00Z'); // Tue; report due end of Wed 12-02
    const a = await open([
      AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
      AssistanceItem.ASSISTANCE_ITEM_HOUSING,
    ]);
    const b = await open([AssistanceItem.ASSISTANCE_ITEM_EDUCATION]);
    const c = await open([AssistanceItem.ASSISTANCE_ITEM_MEDICAL]);
    const report = async (caseId: string, part: PartDispatched | undefined, at: string) => {
      if (!part) throw new Error('missing part');
      await h.publish(
        Topics.partReported,
        {
          partId: part.partId,
          caseId,
          applicationId: caseId,
          department: part.department,
          outcome: PartOutcome.PART_OUTCOME_GRANTED,
          amountFen: 0,
          note: '',
          officerId: 'officer',
          reportedAt: new Date(at),
        },
        caseId,
      );
    };
    const dept = (parts: PartDispatched[], d: string) => parts.find((p) => p.department === d);
    await report(a.id, dept(a.parts, 'education'), '2026-12-02T03:00:00Z'); // on time
    await report(a.id, dept(a.parts, 'housing'), '2026-12-04T03:00:00Z'); // 2 working days late
    await report(b.id, dept(b.parts, 'education'), '2026-12-02T09:00:00Z'); // on time
    // c (medical) never reports.
    await waitFor(
      async () => {
        const res = await coordinator(`/cases/${a.id}`);
        const other = await coordinator(`/cases/${b.id}`);
        return res.body.status === 'completed' && other.body.status === 'completed';
      },
      { what: 'reports applied' },
    );
    h.clock.now = new Date('2026-12-09T04:00:00Z');

    const rate = await coordinator(
      '/coordination/on-time-rate?from=2026-12-01&to=2026-12-31',
    ).expect(200);
    expect(rate.body.departments).toEqual([
      expect.objectContaining({
        department: 'education',
        due: 2,
        onTime: 2,
        onTimeRate: 1,
        overdue: 0,
      }),
      expect.objectContaining({
        department: 'housing',
        due: 1,
        onTime: 0,
        onTimeRate: 0,
        overdue: 1,
      }),
      expect.objectContaining({
        department: 'medical',
        due: 1,
        onTime: 0,
        onTimeRate: 0,
        overdue: 1,
      }),
    ]);
    // The same figures for Prometheus (this month so far), beside each department's target.
    const metrics = (await request(h.base).get('/metrics').expect(200)).text;
    const gauge = (name: string, department: string) =>
      Number(
        new RegExp(`^${name}\\{department="${department}"[^}]*\\} (\\S+)$`, 'm').exec(metrics)?.[1],
      );
    expect(gauge('jh_department_on_time_ratio', 'education')).toBe(1);
    expect(gauge('jh_department_on_time_ratio', 'housing')).toBe(0);
    expect(gauge('jh_department_on_time_target', 'housing')).toBe(0.95);
    await coordinator('/coordination/on-time-rate?from=2026-13-01&to=2026-12-31').expect(400);
    const notOverdue = await coordinator('/cases?overdue=false&pageSize=200').expect(200);
    const ids = notOverdue.body.items.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(ids).not.toContain(c.id);

    const bulletin = await coordinator('/coordination/bulletin?month=2026-12').expect(200);
    expect(
      bulletin.body.ranking.map((r: { rank: number; department: string }) => [
        r.rank,
        r.department,
      ]),
    ).toEqual([
      [1, 'education'],
      [2, 'housing'],
      [3, 'medical'],
    ]);
    expect(
      bulletin.body.worstCases.map((w: { caseId: string; lateWorkingDays: number }) => [
        w.caseId,
        w.lateWorkingDays,
      ]),
    ).toEqual([
      [c.id, 5],
      [a.id, 2],
    ]);

    const csv = await coordinator('/coordination/bulletin?month=2026-12&format=csv')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines).toEqual([
      '排名,部门代码,部门,应反馈件数,按时反馈件数,按时率,逾期件数,最长逾期（工作日）',
      '1,education,教育局,2,2,100.0%,0,0',
      '2,housing,住建局,1,0,0.0%,1,2',
      '3,medical,医保局,1,0,0.0%,1,5',
    ]);
  });
});
