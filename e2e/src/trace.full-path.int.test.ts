import { randomBytes } from 'node:crypto';
import {
  engineEndpoints,
  identityEnv,
  keycloakToken,
  mongoUrlFor,
  uniquePrefix,
  waitFor,
} from '@jh/platform-testing';
import {
  buildApps,
  freePort,
  postFromOwnProcess,
  startApp,
  upJaeger,
  type AppProcess,
} from './processes';

// ADR 0024 across built processes: the window's request, civil affairs and three departments in
// one trace, read back from the local Jaeger's query API (issue 17).
jest.setTimeout(300_000);

const prefix = uniquePrefix('trace');
const departments = ['education', 'housing', 'medical'] as const;
const services = ['intake', 'civil-affairs', ...departments] as const;
type Service = (typeof services)[number];
const ports = {} as Record<Service, number>;
const running: AppProcess[] = [];
let jaegerQuery = '';
let otlpHttp = '';

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  startTime: number;
  references: { refType: string; spanID: string; traceID: string }[];
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

beforeAll(async () => {
  // The test command starts Jaeger; alone, this starts it (a first run builds it, minutes).
  ({ query: jaegerQuery, otlpHttp } = await upJaeger());
  buildApps([...services]);
  const intakeGrpc = await freePort();
  for (const s of services) ports[s] = await freePort();
  const started = await Promise.allSettled(
    services.map(async (s) => {
      const app = await startApp(
        s,
        {
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
          ...identityEnv(s === 'civil-affairs' ? 'svc-civil-affairs' : undefined),
          TOPIC_PREFIX: prefix,
          OUTBOX_SWEEP_MS: '1000',
          SERVICE_NAME: s,
          MONGO_URL: mongoUrlFor(`${prefix}${s}`),
          OTEL_ENABLED: 'true',
          OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttp,
          ...(s === 'intake' ? { GRPC_PORT: String(intakeGrpc) } : {}),
          ...(s === 'civil-affairs'
            ? { INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}`, SLA_SCAN_INTERVAL_MS: '0' }
            : {}),
        },
        ports[s],
      );
      running.push(app);
    }),
  );
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}, 20 * 60_000);

/** For a timeout's message: what Jaeger holds, and whether our services are still up. */
async function jaegerState(): Promise<string> {
  const services = await fetch(`${jaegerQuery}/api/services`)
    .then(async (r) => JSON.stringify(((await r.json()) as { data: unknown }).data))
    .catch((e: Error) => `query API unreachable (${e.message})`);
  const alive = running
    .map((a) => `${a.name}:${a.child.exitCode === null ? 'up' : `exited ${a.child.exitCode}`}`)
    .join(' ');
  const tails = running.map((a) => `--- ${a.name}\n${a.output().slice(-1500)}`).join('\n');
  return `Jaeger services ${services}; processes ${alive}\n${tails}`;
}

afterAll(async () => {
  await Promise.all(running.map((a) => a.stop()));
});

it('R-JH-1: one trace from the window’s request through civil affairs to each department, in causal order (ADR 0024)', async () => {
  const clerk = await keycloakToken({
    userId: 'trace-clerk',
    roles: ['window_clerk'],
    regionCode: '330106',
  });
  // The request starts our own trace, as a browser's would through the gateway.
  const traceId = randomBytes(16).toString('hex');
  // From a process of its own: this worker's instrumentation must not add a second traceparent.
  const res = await postFromOwnProcess(
    `http://127.0.0.1:${ports.intake}/applications`,
    {
      authorization: `Bearer ${clerk}`,
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    },
    {
      applicant: {
        name: '赵六',
        idNumber: '11010519491231002X',
        phone: '13900001111',
        address: '西湖区某社区',
        regionCode: '330106',
      },
      items: ['education', 'housing', 'medical', 'dibao'],
      channel: 'window',
      hardshipDescription: '因病致困，子女就学、住房困难',
      declarationSigned: true,
    },
  );
  expect(res.status).toBe(201);

  // Spans are exported in batches (about 5 s): wait until every service has its share.
  let lastSeen = 'no trace';
  const trace = await waitFor(
    async () => {
      const r = await fetch(`${jaegerQuery}/api/traces/${traceId}`);
      if (r.status !== 200) return undefined;
      const t = ((await r.json()) as { data: JaegerTrace[] }).data[0];
      if (!t) return undefined;
      const seen = new Set(Object.values(t.processes).map((p) => p.serviceName));
      const consumed = t.spans.filter((s) => s.operationName.endsWith(' process')).length;
      lastSeen = `${t.spans.length} spans, services ${[...seen].join(', ')}, ${consumed} consumer spans`;
      return services.every((s) => seen.has(s)) && consumed >= 4 ? t : undefined;
    },
    { what: `trace ${traceId} with spans of ${services.join(', ')}`, timeoutMs: 120_000 },
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}; last seen: ${lastSeen}; ${await jaegerState()}`);
  });

  const serviceOf = (s: JaegerSpan) => trace.processes[s.processID]!.serviceName;
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  const parentOf = (s: JaegerSpan) =>
    byId.get(s.references.find((r) => r.refType === 'CHILD_OF')?.spanID ?? '');
  /** The service of each ancestor, nearest first. */
  const ancestry = (s: JaegerSpan): string[] => {
    const out: string[] = [];
    for (let p = parentOf(s); p; p = parentOf(p)) out.push(serviceOf(p));
    return out;
  };

  const request = trace.spans.find(
    (s) => serviceOf(s) === 'intake' && s.operationName === 'POST /applications',
  );
  expect(request).toBeDefined();
  const consumers = trace.spans.filter((s) => s.operationName.endsWith(' process'));
  const caseOpened = consumers.find(
    (s) => serviceOf(s) === 'civil-affairs' && s.operationName.includes('application.submitted'),
  );
  expect(caseOpened).toBeDefined();
  // civil affairs continues the request's trace: its consumer span descends from intake's.
  expect(ancestry(caseOpened!)[0]).toBe('intake');
  expect(caseOpened!.startTime).toBeGreaterThanOrEqual(request!.startTime);

  for (const d of departments) {
    const dispatched = consumers.find((s) => serviceOf(s) === d);
    expect(dispatched).toBeDefined();
    // Each department's handling descends from civil affairs' dispatch, which descends from intake.
    const chain = ancestry(dispatched!);
    expect(chain[0]).toBe('civil-affairs');
    expect(chain).toContain('intake');
    expect(dispatched!.startTime).toBeGreaterThanOrEqual(caseOpened!.startTime);
    expect(dispatched!.tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'messaging.system', value: 'kafka' }),
      ]),
    );
  }

  // No personal data in any attribute: neither the ID number nor the phone.
  const text = JSON.stringify(trace);
  expect(text).not.toContain('11010519491231002X');
  expect(text).not.toContain('13900001111');
  console.log(
    `trace ${traceId}: ${trace.spans.length} spans from ${[...new Set(trace.spans.map(serviceOf))].join(', ')}`,
  );
});

// ADR 0024: an aggregate keeps the context it was created in. A certification ended by a later
// request publishes its end in the certifying request's trace (linked to the ending request).
it('R-EDU-2: the end of a certification joins the trace of the request that certified the student', async () => {
  const reviewer = await keycloakToken({
    userId: 'trace-reviewer',
    roles: ['first_reviewer'],
    regionCode: '330106',
  });
  const call = async (path: string, body: object, traceId: string) => {
    const r = await postFromOwnProcess(
      `http://127.0.0.1:${ports['civil-affairs']}${path}`,
      {
        authorization: `Bearer ${reviewer}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body,
    );
    return { status: r.status, body: r.body as { id: string } };
  };
  const certifying = randomBytes(16).toString('hex');
  const ending = randomBytes(16).toString('hex');
  const created = await call(
    '/certifications',
    {
      certificateNo: `TR-${certifying.slice(0, 8)}`,
      category: 'minimum_living_family_student',
      student: { name: '李小华', idNumber: '110105201001010010', school: '城关第一小学' },
      household: { caseId: 'case-trace', householdNo: 'H-0001', regionCode: '330106' },
    },
    certifying,
  );
  expect(created.status).toBe(201);
  expect(
    (await call(`/certifications/${created.body.id}/end`, { reason: '毕业离校' }, ending)).status,
  ).toBe(200);

  const ended = await waitFor(
    async () => {
      const r = await fetch(`${jaegerQuery}/api/traces/${certifying}`);
      if (r.status !== 200) return undefined;
      const t = ((await r.json()) as { data: JaegerTrace[] }).data[0];
      return t?.spans.find((s) => s.operationName === 'jh.student.certification_ended.v1 create');
    },
    { what: `the end of the certification in trace ${certifying}`, timeoutMs: 120_000 },
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}; ${await jaegerState()}`);
  });
  // The ending request is linked, not the parent.
  expect(ended.references).toEqual(
    expect.arrayContaining([expect.objectContaining({ refType: 'FOLLOWS_FROM', traceID: ending })]),
  );
  expect(JSON.stringify(ended)).not.toContain('110105201001010010');
});
