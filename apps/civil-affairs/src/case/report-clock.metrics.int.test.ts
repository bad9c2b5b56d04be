import { AssistanceItem, PartOutcome, Topics, type PartDispatched } from '@jh/contracts';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import { waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { openCase, startHarness, type Harness } from '../test-harness';

jest.setTimeout(60000);

// Issue 17: `jh_parts_at_risk` / `jh_parts_overdue` per department on GET /metrics, from the
// report-back clock of open parts (R-JH-3), read at most once a minute (real engines, set clock).
let h: Harness;
// On, so GET /metrics answers (the service finds this SDK running).
const telemetry = startTelemetry({
  serviceName: 'civil-affairs',
  enabled: true,
  exporter: new tracing.InMemorySpanExporter(),
});

beforeAll(async () => {
  h = await startHarness('civil-report-clock');
});
afterAll(async () => {
  await h?.stop();
  await telemetry.shutdown();
});

/** `{ department: value }` of one gauge on GET /metrics. */
async function gauge(name: string): Promise<Record<string, number>> {
  const text = (await request(h.base).get('/metrics').expect(200)).text;
  const rows: Record<string, number> = {};
  for (const m of text.matchAll(new RegExp(`^${name}\\{(.*)\\} (\\S+)$`, 'gm'))) {
    const department = /department="([^"]*)"/.exec(m[1]!)?.[1];
    if (department) rows[department] = Number(m[2]);
  }
  return rows;
}

const departments = (n: Partial<Record<string, number>>) => ({
  education: 0,
  employment: 0,
  housing: 0,
  medical: 0,
  ...n,
});

async function report(caseId: string, part: PartDispatched | undefined, at: Date) {
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
      reportedAt: at,
    },
    caseId,
  );
  await waitFor(
    async () => {
      const view = await request(h.base)
        .get(`/cases/${caseId}`)
        .set('authorization', `Bearer ${h.coordinatorToken}`);
      const found = (view.body.parts ?? []).find(
        (p: { partId: string }) => p.partId === part.partId,
      );
      return found?.status === 'reported' ? true : undefined;
    },
    { what: `part ${part.partId} reported` },
  );
}

it('R-JH-3: counts open parts at risk, then overdue, per department; reported parts drop out after the next minute', async () => {
  h.clock.now = new Date('2026-11-02T02:00:00Z'); // Mon 10:00 Shanghai; report due end of Tue
  const a = await openCase(h, [
    AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
    AssistanceItem.ASSISTANCE_ITEM_HOUSING,
  ]);
  const b = await openCase(h, [AssistanceItem.ASSISTANCE_ITEM_MEDICAL]);
  const part = (c: typeof a, d: string) => c.parts.find((p) => p.department === d);

  // Every configured department is exported, 0 included.
  expect(await gauge('jh_parts_at_risk')).toEqual(departments({}));
  expect(await gauge('jh_parts_overdue')).toEqual(departments({}));

  h.clock.now = new Date('2026-11-03T12:00:00Z'); // last 20 % of the report clock
  expect(await gauge('jh_parts_at_risk')).toEqual(
    departments({ education: 1, housing: 1, medical: 1 }),
  );
  expect(await gauge('jh_parts_overdue')).toEqual(departments({}));

  await report(a.id, part(a, 'housing'), h.clock.now);
  h.clock.now = new Date('2026-11-04T04:00:00Z'); // past due: education and medical unreported
  expect(await gauge('jh_parts_at_risk')).toEqual(departments({}));
  expect(await gauge('jh_parts_overdue')).toEqual(departments({ education: 1, medical: 1 }));

  // Read at most once a minute: a report 30 s later shows only on the read a minute after.
  h.clock.now = new Date('2026-11-04T04:00:30Z');
  await report(b.id, part(b, 'medical'), h.clock.now);
  expect(await gauge('jh_parts_overdue')).toEqual(departments({ education: 1, medical: 1 }));
  h.clock.now = new Date('2026-11-04T04:01:00Z');
  expect(await gauge('jh_parts_overdue')).toEqual(departments({ education: 1 }));
});
