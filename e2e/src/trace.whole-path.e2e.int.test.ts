import { randomBytes } from 'node:crypto';
import { waitFor } from '@jh/platform-testing';
import { testIdNumber } from './console/procedures.steps';
import { SeedApi } from './console/seed';
import { postFromOwnProcess, upJaeger } from './processes';
import { startSystem, type System } from './system';

// Issue 17: one application from the window to the citizen card in ONE trace, read back from the
// local Jaeger: intake → civil affairs → each department (their officers' reports) → review and
// approval → payment → the card platform → paid (ADR 0024). People's steps are requests of their
// own; what they publish joins the application's trace through the context its records keep.
jest.setTimeout(600_000);

const departments = ['education', 'housing', 'medical'] as const;
const officers: Record<(typeof departments)[number], string> = {
  education: 'edu.330106',
  housing: 'housing.330106',
  medical: 'medical.330106',
};
const IDNUMBER = testIdNumber(177, '330106', '19680304');
const PHONE = '13900002222';

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  startTime: number;
  duration: number;
  references: { refType: string; spanID: string }[];
}
interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

let system: System | undefined;
let api: SeedApi;
let jaegerQuery = '';

beforeAll(async () => {
  const jaeger = await upJaeger();
  jaegerQuery = jaeger.query;
  system = await startSystem({
    otlpHttp: jaeger.otlpHttp,
    env: { 'civil-affairs': { SLA_SCAN_INTERVAL_MS: '0' } },
  });
  api = new SeedApi(system);
}, 20 * 60_000);

afterAll(async () => {
  await system?.stop();
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

it('R-JH-1/R-PAY-1: one application’s trace runs from the window’s request to the citizen card, in causal order', async () => {
  const traceId = randomBytes(16).toString('hex');
  // From a process of its own: this worker's instrumentation must not add a second traceparent.
  const res = await postFromOwnProcess(
    `${system!.serviceUrl('intake')}/applications`,
    {
      authorization: `Bearer ${await api.token('clerk.330106001')}`,
      'content-type': 'application/json',
      'idempotency-key': randomBytes(8).toString('hex'),
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    },
    {
      applicant: {
        name: '钱七',
        idNumber: IDNUMBER,
        phone: PHONE,
        address: '西湖区某社区',
        regionCode: '330106001',
        citizenCardNo: '6000000012345678',
      },
      items: [...departments, 'temporary'],
      channel: 'window',
      hardshipDescription: '因病致困，子女就学、住房困难',
      declarationSigned: true,
    },
  );
  expect(res.status).toBe(201);
  const applicationId = (res.body as { id: string }).id;

  // The departments' officers accept and report (their own requests, R-JH-3).
  const kase = await waitFor(
    async () => {
      const c = await api.call<{ parts: { partId: string; department: string }[] }>(
        'coord.330106',
        'civil-affairs',
        'GET',
        `/cases/${applicationId}`,
      );
      return c.status === 200 && c.body.parts.length === 3 ? c.body : undefined;
    },
    { what: 'case with three parts', timeoutMs: 60_000 },
  );
  for (const part of kase.parts) {
    const d = part.department as (typeof departments)[number];
    const path = `/parts/${part.partId}`;
    await waitFor(async () => (await api.call(officers[d], d, 'GET', path)).status === 200, {
      what: `${d} has part ${part.partId}`,
      timeoutMs: 60_000,
    });
    await api.ok(officers[d], d, 'POST', `${path}/accept`, {});
    await api.ok(officers[d], d, 'POST', `${path}/report`, {
      outcome: 'granted',
      amountFen: 10_000,
      note: '同意救助',
    });
  }

  // Review and approval of the temporary aid (支出型), then payment to the card.
  const review = await api.ok<{ id: string }>(
    'reviewer.330106001',
    'civil-affairs',
    'POST',
    '/reviews',
    {
      caseId: applicationId,
      item: 'temporary',
      kind: 'expenditure',
    },
  );
  const rid = encodeURIComponent(review.id);
  const step = (user: string, path: string, body: object) =>
    api.ok(user, 'civil-affairs', 'POST', `/reviews/${rid}/${path}`, body);
  await step('reviewer.330106001', 'first-review', { opinion: '材料齐全' });
  await step('reviewer.330106001', 'economic-check', { startedOn: today(), completedOn: today() });
  await step('reviewer.330106001', 'home-visit', { visitedOn: today() });
  await step('reviewer.330106001', 'democratic-review', {
    heldOn: today(),
    participantCount: 9,
    conclusion: 'agree',
    note: '',
  });
  await step('approver.330106001', 'approve', { amountFen: 30_000 });
  await waitFor(
    async () => {
      const orders = await api.call<{ items: { status: string; caseId?: string }[] }>(
        'pay.330100',
        'payment',
        'GET',
        `/orders?limit=1000`,
      );
      return orders.body.items.some((o) => o.status === 'confirmed') ? true : undefined;
    },
    { what: 'the order confirmed by the card platform', timeoutMs: 180_000 },
  );

  const wanted = ['intake', 'civil-affairs', ...departments, 'payment', 'card-platform'];
  const trace = await waitFor(
    async () => {
      const r = await fetch(`${jaegerQuery}/api/traces/${traceId}`);
      if (r.status !== 200) return undefined;
      const t = ((await r.json()) as { data: JaegerTrace[] }).data[0];
      if (!t) return undefined;
      const seen = new Set(Object.values(t.processes).map((p) => p.serviceName));
      const paid = t.spans.some((s) => s.operationName.includes('instalment_paid'));
      return wanted.every((s) => seen.has(s)) && paid ? t : undefined;
    },
    { what: `trace ${traceId} across ${wanted.join(', ')}`, timeoutMs: 120_000 },
  );

  const serviceOf = (s: JaegerSpan) => trace.processes[s.processID]!.serviceName;
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  const parentOf = (s: JaegerSpan) =>
    byId.get(s.references.find((r) => r.refType === 'CHILD_OF')?.spanID ?? '');
  const first = (service: string, name: (op: string) => boolean) => {
    const found = trace.spans
      .filter((s) => serviceOf(s) === service && name(s.operationName))
      .sort((a, b) => a.startTime - b.startTime)[0];
    if (!found) throw new Error(`no span of ${service} matching ${name.toString()}`);
    return found;
  };
  const request = first('intake', (op) => op === 'POST /applications');
  const reportsIn = trace.spans.filter(
    (s) => serviceOf(s) === 'civil-affairs' && s.operationName.endsWith('part.reported.v1 process'),
  );
  const approved = first('payment', (op) => op.endsWith('assistance.approved.v1 process'));
  const push = first('payment', (op) => op === 'card-platform push');
  const card = first('card-platform', () => true);
  const paid = first('payment', (op) => op.includes('instalment_paid.v1 create'));

  /** The nearest ancestor of `s` in `service` whose operation matches, if any. */
  const ancestor = (s: JaegerSpan, service: string, op: (name: string) => boolean) => {
    for (let p = parentOf(s); p; p = parentOf(p)) {
      if (serviceOf(p) === service && op(p.operationName)) return p;
    }
    return undefined;
  };
  const isOpening = (op: string) => op.endsWith('application.submitted.v1 process');

  // Causal order: each step descends from the one before it, in the same trace.
  const opened = ancestor(approved, 'civil-affairs', isOpening);
  expect(opened).toBeDefined();
  expect(ancestor(opened!, 'intake', (op) => op === 'POST /applications')).toBe(request);
  for (const d of departments) {
    const reported = first(d, (op) => op.endsWith('part.reported.v1 create'));
    const received = ancestor(reported, d, (op) => op.endsWith('part.dispatched.v1 process'));
    expect(received).toBeDefined();
    expect(ancestor(received!, 'civil-affairs', isOpening)).toBe(opened);
  }
  expect(reportsIn.length).toBeGreaterThanOrEqual(3);
  expect(ancestor(push, 'payment', (op) => op.endsWith('assistance.approved.v1 process'))).toBe(
    approved,
  );
  expect(ancestor(card, 'payment', (op) => op === 'card-platform push')).toBe(push);
  expect(ancestor(paid, 'payment', (op) => op.endsWith('assistance.approved.v1 process'))).toBe(
    approved,
  );
  expect(paid.startTime).toBeGreaterThanOrEqual(card.startTime);
  // The platform's callback (Node's fetch) carries the trace back into payment.
  const callback = first('payment', (op) => op === 'POST /card-platform/callbacks');
  expect(ancestor(callback, 'card-platform', () => true)).toBeDefined();

  // No personal data in any span: not the ID number, the phone or the card number.
  const text = JSON.stringify(trace);
  for (const value of [IDNUMBER, PHONE, '6000000012345678']) expect(text).not.toContain(value);

  const services = [...new Set(trace.spans.map(serviceOf))];
  const ms = (s: JaegerSpan) => Math.round(s.duration / 100) / 10;
  const perService = services
    .map((name) => `${name} ${trace.spans.filter((s) => serviceOf(s) === name).length}`)
    .join(', ');
  const startedAt = Math.min(...trace.spans.map((s) => s.startTime));
  const endedAt = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
  console.log(
    [
      `trace ${traceId}: ${trace.spans.length} spans over ${Math.round((endedAt - startedAt) / 1000)} ms`,
      `spans per service: ${perService}`,
      'causal chain (start offset, duration):',
      ...[request, opened!, approved, push, card, callback, paid].map(
        (s) =>
          `  +${String(Math.round((s.startTime - startedAt) / 1000)).padStart(6)} ms  ${serviceOf(s).padEnd(14)} ${s.operationName} (${ms(s)} ms)`,
      ),
    ].join('\n'),
  );
});
