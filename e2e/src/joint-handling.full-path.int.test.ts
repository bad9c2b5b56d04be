import {
  engineEndpoints,
  mongoUrlFor,
  uniquePrefix,
  waitFor,
  keycloakToken,
  identityEnv,
} from '@jh/platform-testing';
import { buildApps, freePort, startApp, type AppProcess } from './processes';

// The whole joint-handling path with every service as its own built process on the real engines:
// intake → Kafka → civil-affairs → three department services → reports → case complete (DOMAIN §3).
jest.setTimeout(240000);

const prefix = uniquePrefix('flow');
const departments = ['education', 'housing', 'medical'] as const;
type Service = 'intake' | 'civil-affairs' | (typeof departments)[number];
const ports = {} as Record<Service, number>;
const envs = {} as Record<Service, Record<string, string>>;
const running = new Map<Service, AppProcess>();

const base = (path: Service) => `http://127.0.0.1:${ports[path]}`;
const start = async (name: Service) =>
  running.set(name, await startApp(name, envs[name], ports[name]));
const stop = async (name: Service, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
  const app = running.get(name);
  running.delete(name);
  if (!app) return;
  if (signal === 'SIGKILL') {
    app.child.kill('SIGKILL');
    await new Promise((r) => (app.child.exitCode !== null ? r(null) : app.child.once('exit', r)));
  } else await app.stop();
};

async function call<T>(url: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface CaseView {
  status: string;
  parts: { partId: string; department: string; status: string; reportDueAt: string }[];
}

let clerk: string;
let coordinator: string;
const officer: Record<string, string> = {};

beforeAll(async () => {
  buildApps(['intake', 'civil-affairs', ...departments]);
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
    ...identityEnv(),
    TOPIC_PREFIX: prefix,
    OUTBOX_SWEEP_MS: '1000',
  };
  for (const name of ['intake', 'civil-affairs', ...departments] as Service[]) {
    ports[name] = await freePort();
    envs[name] = { ...common, SERVICE_NAME: name, MONGO_URL: mongoUrlFor(`${prefix}${name}`) };
  }
  const intakeGrpc = await freePort();
  envs.intake['GRPC_PORT'] = String(intakeGrpc);
  envs['civil-affairs'] = {
    ...envs['civil-affairs'],
    ...identityEnv('svc-civil-affairs'),
    INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}`,
    SLA_SCAN_INTERVAL_MS: '0',
  };
  await Promise.all((['intake', 'civil-affairs', ...departments] as Service[]).map(start));
  clerk = await keycloakToken({
    userId: 'clerk-1',
    roles: ['window_clerk'],
    regionCode: '330106',
  });
  coordinator = await keycloakToken({
    userId: 'coord-1',
    roles: ['coordinator'],
    regionCode: '330106',
  });
  for (const d of departments) {
    officer[d] = await keycloakToken({
      userId: `officer-${d}`,
      roles: ['department_officer'],
      department: d,
      regionCode: '330106',
    });
  }
});

afterAll(async () => {
  await Promise.all([...running.keys()].map((n) => stop(n)));
});

async function submit(items: string[], idNumber: string): Promise<string> {
  const res = await call<{ id: string }>(`${base('intake')}/applications`, clerk, {
    method: 'POST',
    body: {
      applicant: {
        name: '赵六',
        idNumber,
        phone: '13900001111',
        address: '西湖区某社区',
        regionCode: '330106',
      },
      items,
      channel: 'window',
      hardshipDescription: '因病致困，子女就学、住房困难',
      declarationSigned: true,
    },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const caseOf = (id: string) => call<CaseView>(`${base('civil-affairs')}/cases/${id}`, coordinator);

async function handlePart(
  department: (typeof departments)[number],
  partId: string,
  amountFen: number,
) {
  await waitFor(
    async () =>
      (await call(`${base(department)}/parts/${partId}`, officer[department]!)).status === 200,
    { what: `${department} worklist has part ${partId}`, timeoutMs: 60000 },
  );
  const accepted = await call(`${base(department)}/parts/${partId}/accept`, officer[department]!, {
    method: 'POST',
    body: {},
  });
  expect(accepted.status).toBe(200);
  const reported = await call(`${base(department)}/parts/${partId}/report`, officer[department]!, {
    method: 'POST',
    body: { outcome: 'granted', amountFen, note: '同意救助' },
  });
  expect(reported.status).toBe(200);
}

describe('joint handling end to end (built services, real Kafka + FerretDB)', () => {
  it('R-JH-1/R-JH-3: an application needing three departments is dispatched, reported back and completed', async () => {
    const id = await submit(['education', 'housing', 'medical', 'dibao'], '11010519491231002X');
    const opened = await waitFor(
      async () => {
        const c = await caseOf(id);
        return c.status === 200 && c.body.parts.length === 3 ? c.body : undefined;
      },
      { what: 'case with three parts', timeoutMs: 60000 },
    );
    expect(opened.parts.map((p) => p.department).sort()).toEqual([
      'education',
      'housing',
      'medical',
    ]);
    for (const p of opened.parts) expect(Date.parse(p.reportDueAt)).toBeGreaterThan(Date.now());

    // Each officer sees only their own department's part.
    const education = opened.parts.find((p) => p.department === 'education')!;
    expect(
      (await call(`${base('housing')}/parts/${education.partId}`, officer['housing']!)).status,
    ).toBe(404);

    const amounts = { education: 150000, housing: 0, medical: 320050 };
    for (const p of opened.parts) {
      const d = p.department as (typeof departments)[number];
      await handlePart(d, p.partId, amounts[d]);
    }
    const done = await waitFor(
      async () => {
        const c = await caseOf(id);
        return c.body.status === 'completed' ? c.body : undefined;
      },
      { what: 'case completed', timeoutMs: 60000 },
    );
    expect(done.parts.every((p) => p.status === 'reported')).toBe(true);
  });

  it('loses nothing when services stop and crash in the middle of the flow', async () => {
    // Civil affairs is down when the application arrives; medical crashes before its part is dispatched.
    await stop('civil-affairs');
    await stop('medical', 'SIGKILL');
    const id = await submit(['education', 'medical'], '110105195001010039');
    await start('civil-affairs');
    const opened = await waitFor(
      async () => {
        const c = await caseOf(id);
        return c.status === 200 && c.body.parts.length === 2 ? c.body : undefined;
      },
      { what: 'case opened after civil-affairs restart', timeoutMs: 60000 },
    );
    const education = opened.parts.find((p) => p.department === 'education')!;
    const medical = opened.parts.find((p) => p.department === 'medical')!;
    await handlePart('education', education.partId, 80000);
    await start('medical');
    await handlePart('medical', medical.partId, 12345);
    // Civil affairs crashes while the reports are in flight, and comes back.
    await stop('civil-affairs', 'SIGKILL');
    await start('civil-affairs');
    const done = await waitFor(
      async () => {
        const c = await caseOf(id);
        return c.body.status === 'completed' ? c.body : undefined;
      },
      { what: 'case completed after restarts', timeoutMs: 90000 },
    );
    expect(done.parts.map((p) => p.status)).toEqual(['reported', 'reported']);
  });
});
