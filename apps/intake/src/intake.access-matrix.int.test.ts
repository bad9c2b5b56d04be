import { IntakeServiceClient } from '@jh/contracts';
import { runAccessMatrix, type MatrixEndpoint, type MatrixTarget } from '@jh/access-guard';
import { callUnary, createGrpcClient } from '@jh/platform-grpc';
import {
  serviceAccountToken,
  signInDevelopmentUsers,
  developmentUsernames,
} from '@jh/platform-testing';
import request from 'supertest';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

// Issue 13 (R-OV-2, R-JH-5): every intake endpoint × every development user (10 roles, 4 streets,
// 2 counties, the city) × a record in 西湖区 and one in 拱墅区. Expected answers come from the one
// access policy; the statuses from the running service.
jest.setTimeout(180000);

let h: IntakeHarness;
let subjects: Awaited<ReturnType<typeof signInDevelopmentUsers>>;
const targets: MatrixTarget[] = [];

const form = (regionCode: string) => ({
  ...validApplication,
  applicant: { ...validApplication.applicant, regionCode },
});

/** Every HTTP endpoint of intake, once. */
const endpoints: MatrixEndpoint[] = [
  {
    name: 'POST /applications',
    kind: 'application',
    op: 'write',
    shape: 'region',
    request: (t) => ({ method: 'POST', path: '/applications', body: form(t.regionCode) }),
  },
  {
    name: 'GET /applications',
    kind: 'application',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/applications?pageSize=100' }),
    rowRegions: (body) =>
      (body as { items: { applicant: { regionCode: string } }[] }).items.map(
        (i) => i.applicant.regionCode,
      ),
  },
  {
    name: 'GET /applications/:id',
    kind: 'application',
    op: 'read',
    shape: 'record',
    request: (t) => ({ method: 'GET', path: `/applications/${t.id}` }),
  },
  {
    name: 'POST /applications/:id/handover',
    kind: 'application',
    op: 'write',
    shape: 'record',
    // An unknown target: allowed cells answer a field error and change nothing.
    request: (t) => ({
      method: 'POST',
      path: `/applications/${t.id}/handover`,
      body: { toUserId: 'matrix-nobody', reason: '矩阵测试' },
    }),
  },
  {
    name: 'GET /applications/handover-targets?applicationId=',
    kind: 'application',
    op: 'write',
    shape: 'record',
    // R-JH-5: who may take this application over; a writer outside its region gets its 404.
    request: (t) => ({
      method: 'GET',
      path: `/applications/handover-targets?applicationId=${t.id}`,
    }),
  },
  {
    name: 'POST /applications/:id/missing-documents/supplied',
    kind: 'application',
    op: 'write',
    shape: 'record',
    // Not on the missing list: allowed cells answer 409/400 and change nothing.
    request: (t) => ({
      method: 'POST',
      path: `/applications/${t.id}/missing-documents/supplied`,
      body: { document: '不在清单中的材料' },
    }),
  },
  {
    // 主动发现 (R-PD-1): a household reported in the target's street.
    name: 'POST /hardship-reports',
    kind: 'signal',
    op: 'write',
    shape: 'region',
    request: (t) => ({
      method: 'POST',
      path: '/hardship-reports',
      body: {
        reporterRole: 'community_worker',
        observation: '矩阵测试',
        contact: '13900139000',
        subject: {
          name: '张三',
          idNumber: validApplication.applicant.idNumber,
          regionCode: t.regionCode,
        },
        streetCode: t.regionCode,
      },
    }),
  },
  {
    name: 'GET /hardship-reports',
    kind: 'signal',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/hardship-reports?pageSize=100' }),
    rowRegions: (body) =>
      (body as { items: { streetCode: string }[] }).items.map((i) => i.streetCode),
  },
];

beforeAll(async () => {
  h = await startIntakeHarness('matrix');
  subjects = await signInDevelopmentUsers();
  for (const [clerk, regionCode] of [
    ['clerk.330106001', '330106001'],
    ['clerk.330105001', '330105001'],
  ] as const) {
    const res = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${subjects.find((s) => s.name === clerk)!.token}`)
      .send(form(regionCode));
    expect(res.status).toBe(201);
    targets.push({ id: res.body.id, regionCode });
  }
});

afterAll(() => h?.stop());

describe('intake access matrix (issue 13)', () => {
  it('every endpoint answers each development user as the access policy says (200/403/404 per cell)', async () => {
    // Every development user of the realm file (32: 10 roles, 4 streets, 2 counties, the city).
    expect(subjects).toHaveLength(developmentUsernames().length);
    const { cells, mismatches } = await runAccessMatrix({
      baseUrl: h.base,
      endpoints,
      subjects,
      // Reports are made in the applications' streets (shape `region`: only the region counts).
      targets: { application: targets, signal: targets },
    });
    expect(mismatches).toEqual([]);
    // 6 per-record/region endpoints × every user × 2 records + the 2 lists × every user.
    expect(cells).toHaveLength(6 * subjects.length * 2 + 2 * subjects.length);
    const tally = cells.reduce<Record<string, number>>((acc, c) => {
      acc[c.expected] = (acc[c.expected] ?? 0) + 1;
      return acc;
    }, {});
    // Every kind of answer occurs, so no column of the matrix is vacuous.
    expect(Object.keys(tally).sort()).toEqual(['allow', 'forbidden', 'not-found']);
  });

  it('POST /staff/names: every development user may read colleagues’ names (no kind of the access table: staff names are not household data)', async () => {
    const ids = [subjects.find((s) => s.name === 'clerk.330105001')!.actor.userId];
    const statuses = new Set<number>();
    for (const s of subjects) {
      const res = await request(h.base)
        .post('/staff/names')
        .set('authorization', `Bearer ${s.token}`)
        .send({ ids });
      expect([s.name, res.status, Object.keys(res.body.names ?? {})]).toEqual([s.name, 200, ids]);
      statuses.add(res.status);
    }
    expect([...statuses]).toEqual([200]);
    const service = await request(h.base)
      .post('/staff/names')
      .set('authorization', `Bearer ${await serviceAccountToken('svc-civil-affairs')}`)
      .send({ ids });
    expect(service.status).toBe(403);
  });

  it('gRPC GetApplication: service accounts only; users are refused (PERMISSION_DENIED), no token is UNAUTHENTICATED', async () => {
    const client = createGrpcClient(IntakeServiceClient, `127.0.0.1:${h.intake.grpcPort}`);
    try {
      const get = (token: string) =>
        callUnary(client, client.getApplication, { applicationId: targets[0]!.id }, { token });
      await expect(get('')).rejects.toMatchObject({ kind: 'unauthenticated' });
      for (const s of subjects)
        await expect(get(s.token)).rejects.toMatchObject({ kind: 'not_allowed' });
      const answer = await get(await serviceAccountToken('svc-civil-affairs'));
      expect(answer.application?.applicationId).toBe(targets[0]!.id);
    } finally {
      client.close();
    }
  });
});
