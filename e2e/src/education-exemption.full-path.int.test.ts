import {
  engineEndpoints,
  mongoUrlFor,
  uniquePrefix,
  waitFor,
  keycloakToken,
  identityEnv,
} from '@jh/platform-testing';
import { buildApps, freePort, startApp, type AppProcess } from './processes';

// 免申即享 across services, each its own built process on the real engines (DOMAIN §7):
// civil-affairs certification → StudentCertified / StudentCertificationEnded → education grants.
jest.setTimeout(120000);

const prefix = uniquePrefix('edu-flow');
type Service = 'civil-affairs' | 'education';
const services: Service[] = ['civil-affairs', 'education'];
const ports = {} as Record<Service, number>;
const running: AppProcess[] = [];
const base = (s: Service) => `http://127.0.0.1:${ports[s]}`;

const DAY = 86400_000;
/** A Shanghai calendar day `days` from now, YYYY-MM-DD. */
const shanghaiDay = (days = 0) =>
  new Date(Date.now() + 8 * 3600_000 + days * DAY).toISOString().slice(0, 10);
/** The month after the Shanghai month of today, YYYY-MM. */
function nextShanghaiMonth(): string {
  const [y, m] = shanghaiDay().split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
// The deployment's semester calendar (EDU_SEMESTER_STARTS_JSON): the current semester began two
// months ago, the next one starts in 45 days, so the expected last day does not depend on the date.
const NEXT_SEMESTER_START = shanghaiDay(45);
const LAST_DAY = shanghaiDay(44);

/** A valid GB 11643 ID number. */
function idNumber(serial: number): string {
  const first17 = `33010620120301${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17.charAt(i)), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}
const STUDENT_ID = idNumber(417);

async function call<T>(url: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface CertificationBody {
  id: string;
  status: string;
  category: string;
  student: { name: string; idNumber: string };
  endReason: string;
}
interface ExemptionRow {
  id: string;
  automatic: boolean;
  status: string;
  category: string;
  student: { name: string; idNumber: string; school: string };
  startMonth: string;
  startsOn: string;
  lastDay: string | null;
  lastMonth: string | null;
  stopsFromSemester: string | null;
  reason: string;
  endReason: string;
  certificationId: string;
  certificateNo: string;
  audit: { action: string; reason: string; byUserId: string }[];
}

let reviewer: string;
let officer: string;

beforeAll(async () => {
  buildApps(services);
  for (const s of services) ports[s] = await freePort();
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
    ...identityEnv(),
    TOPIC_PREFIX: prefix,
    OUTBOX_SWEEP_MS: '1000',
  };
  const envs: Record<Service, Record<string, string>> = {
    'civil-affairs': {
      ...common,
      SERVICE_NAME: 'civil-affairs',
      ...identityEnv('svc-civil-affairs'),
      MONGO_URL: mongoUrlFor(`${prefix}civil`),
      // Not called on this path; intake is not started.
      INTAKE_GRPC_URL: `127.0.0.1:${await freePort()}`,
      SLA_SCAN_INTERVAL_MS: '0',
    },
    education: {
      ...common,
      SERVICE_NAME: 'education',
      MONGO_URL: mongoUrlFor(`${prefix}education`),
      EDU_SEMESTER_STARTS_JSON: JSON.stringify([
        { date: shanghaiDay(-60), nameZh: 'E2E本学期' },
        { date: NEXT_SEMESTER_START, nameZh: 'E2E下学期' },
      ]),
    },
  };
  running.push(...(await Promise.all(services.map((s) => startApp(s, envs[s], ports[s])))));
  reviewer = await keycloakToken({
    userId: 'rev-1',
    roles: ['first_reviewer'],
    regionCode: '330106',
  });
  officer = await keycloakToken({
    userId: 'edu-1',
    roles: ['department_officer'],
    department: 'education',
    regionCode: '330106',
  });
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
});

const rowOf = async (status: string): Promise<ExemptionRow | undefined> => {
  const res = await call<{ items: ExemptionRow[] }>(
    `${base('education')}/exemptions?status=${status}&pageSize=100`,
    officer,
  );
  expect(res.status).toBe(200);
  return res.body.items.find((r) => r.student.name === '陈小雨');
};

describe('education 免申即享 end to end (built services, real Kafka + FerretDB)', () => {
  it('R-EDU-1/R-EDU-2: a student certified by civil affairs gets aid from the following month without applying; on exit it runs to the end of the semester', async () => {
    const certified = await call<CertificationBody>(
      `${base('civil-affairs')}/certifications`,
      reviewer,
      {
        method: 'POST',
        body: {
          certificateNo: 'DB-E2E-0417',
          category: 'minimum_living_family_student',
          student: { name: '陈小雨', idNumber: STUDENT_ID, school: '西湖区文三路小学' },
          household: { householdNo: 'H-0417', regionCode: '330106' },
        },
      },
    );
    expect(certified.status).toBe(201);
    expect(certified.body).toMatchObject({
      status: 'active',
      category: 'minimum_living_family_student',
      student: {
        name: '陈小雨',
        idNumber: `${STUDENT_ID.slice(0, 6)}********${STUDENT_ID.slice(14)}`,
      },
    });
    const certificationId = certified.body.id;

    // R-EDU-1: granted from the following month, no application, listed apart from the worklist.
    const granted = await waitFor(() => rowOf('active'), {
      what: 'automatic grant in education',
      timeoutMs: 30000,
    });
    const startMonth = nextShanghaiMonth();
    expect(granted).toMatchObject({
      automatic: true,
      status: 'active',
      category: 'minimum_living_family_student',
      startMonth,
      startsOn: `${startMonth}-01`,
      lastDay: null,
      certificationId,
      certificateNo: 'DB-E2E-0417',
      student: { school: '西湖区文三路小学' },
    });
    expect(granted.student.idNumber).not.toBe(STUDENT_ID);
    expect(granted.reason).toContain('R-EDU-1');
    expect(granted.reason).toContain(`自${startMonth}起`);
    expect(granted.audit).toEqual([
      expect.objectContaining({ action: 'granted', byUserId: 'rev-1' }),
    ]);
    const worklist = await call<{ items: unknown[] }>(`${base('education')}/parts`, officer);
    expect(worklist.body.items).toEqual([]);

    // R-EDU-2: the exit keeps aid to the end of the current semester, stops from the next.
    const ended = await call<CertificationBody>(
      `${base('civil-affairs')}/certifications/${certificationId}/end`,
      reviewer,
      { method: 'POST', body: { reason: '家庭收入超过低保标准，退出低保' } },
    );
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      status: 'ended',
      endReason: '家庭收入超过低保标准，退出低保',
    });
    const ending = await waitFor(() => rowOf('ending'), {
      what: 'grant ending in education',
      timeoutMs: 30000,
    });
    expect(ending).toMatchObject({
      id: granted.id,
      status: 'ending',
      startMonth,
      lastDay: LAST_DAY,
      lastMonth: LAST_DAY.slice(0, 7),
      stopsFromSemester: 'E2E下学期',
      endReason: '家庭收入超过低保标准，退出低保',
    });
    expect(ending.audit.map((a) => a.action)).toEqual(['granted', 'ending']);
    expect(ending.audit[1]?.reason).toContain('R-EDU-2');
    expect(ending.audit[1]?.reason).toContain(`本学期资助发放至${LAST_DAY}`);
    expect(await rowOf('active')).toBeUndefined();
  });
});
