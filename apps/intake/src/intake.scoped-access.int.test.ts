import { IntakeServiceClient } from '@jh/contracts';
import { callUnary, createGrpcClient } from '@jh/platform-grpc';
import { keycloakToken, withoutRelayBookkeeping } from '@jh/platform-testing';
import request from 'supertest';
import { applicationModels } from './application/application.model';
import { MongoApplicationStore } from './application/application.store';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(60000);

// Issue 13 hierarchy: city 330100; counties 330106 (西湖区), 330105 (拱墅区); their streets.
let h: IntakeHarness;
const t: Record<string, string> = {};
const app: Record<string, string> = {};
const auth = (token: string | undefined) => ({ authorization: `Bearer ${token}` });
const form = (regionCode: string) => ({
  ...validApplication,
  applicant: { ...validApplication.applicant, regionCode },
});
/** The stored application, without the relay's bookkeeping, which moves on its own (ADR 0014). */
const rawApp = async (id: string | undefined) => {
  const doc = await h.db
    .db!.collection<{ _id: string; outbox?: unknown; outboxPending?: unknown }>('applications')
    .findOne({ _id: String(id) });
  return doc && withoutRelayBookkeeping(doc);
};

beforeAll(async () => {
  h = await startIntakeHarness('intake-scope');
  const users: [string, string, string[], string?][] = [
    ['streetA', 'clerk-a', ['window_clerk'], '330106001'],
    ['reviewerA', 'reviewer-a', ['first_reviewer'], '330106001'],
    ['streetB', 'clerk-b', ['window_clerk'], '330106002'],
    ['gongshu', 'clerk-g', ['window_clerk'], '330105'],
    ['xihu', 'county-x', ['first_reviewer'], '330106'],
    ['auditor', 'auditor-x', ['auditor'], '330106'],
    ['city', 'coord-city', ['coordinator'], '330100'],
    ['payment', 'pay-x', ['payment_staff'], '330106'],
    ['noRegion', 'clerk-none', ['window_clerk']],
  ];
  for (const [key, userId, roles, region] of users)
    t[key] = await h.token(userId, roles as never, region);
  // Hand-over targets are users of the identity provider (R-JH-5).
  await keycloakToken({ userId: 'reviewer-a', roles: ['first_reviewer'], regionCode: '330106001' });
  await keycloakToken({ userId: 'clerk-b', roles: ['window_clerk'], regionCode: '330106002' });
  await keycloakToken({ userId: 'auditor-x', roles: ['auditor'], regionCode: '330106001' });
  for (const [key, token, region] of [
    ['a', t.streetA, '330106001'],
    ['b', t.streetB, '330106002'],
    ['g', t.gongshu, '330105001'],
  ] as const) {
    const res = await request(h.base).post('/applications').set(auth(token)).send(form(region));
    expect(res.status).toBe(201);
    app[key] = res.body.id;
  }
});

afterAll(async () => {
  await h?.stop();
});

const ids = (res: request.Response) => res.body.items.map((i: { id: string }) => i.id).sort();
const list = (token: string | undefined, query = '') =>
  request(h.base).get(`/applications?${query}`).set(auth(token)).expect(200);

describe('R-OV-2 scoped access: another region answers 404, lists hold only in-scope rows', () => {
  it('R-OV-2: a clerk of another street gets the 404 of a missing id for get, hand-over and supply', async () => {
    const missing = await request(h.base)
      .get('/applications/nope')
      .set(auth(t.streetA))
      .expect(404);
    const other = await request(h.base)
      .get(`/applications/${app.b}`)
      .set(auth(t.streetA))
      .expect(404);
    const body = (res: request.Response) => ({ ...res.body.error, requestId: undefined });
    expect(body(other)).toEqual(body(missing));
    const before = await rawApp(app.b);
    await request(h.base)
      .post(`/applications/${app.b}/handover`)
      .set(auth(t.streetA))
      .send({ toUserId: 'reviewer-a', reason: '试图移交' })
      .expect(404);
    await request(h.base)
      .post(`/applications/${app.b}/missing-documents/supplied`)
      .set(auth(t.streetA))
      .send({ document: '户口簿' })
      .expect(404);
    expect(await rawApp(app.b)).toEqual(before);
    await request(h.base).get(`/applications/${app.a}`).set(auth(t.gongshu)).expect(404);
  });

  it('R-OV-2: lists are filtered by the query, totals included', async () => {
    const a = await list(t.streetA);
    expect(ids(a)).toEqual([app.a]);
    expect(a.body.total).toBe(1);
    expect(ids(await list(t.gongshu))).toEqual([app.g]);
    // A narrowing outside the own scope finds nothing rather than widening it.
    expect((await list(t.streetA, 'regionCode=330106002')).body.total).toBe(0);
    expect((await list(t.streetA, 'regionCode=330105')).body.total).toBe(0);
    const noRegion = await list(t.noRegion);
    expect(noRegion.body).toMatchObject({ items: [], total: 0 });
  });

  it('R-OV-2: a county user sees both its streets; the city sees every county', async () => {
    const county = await list(t.xihu);
    expect(ids(county)).toEqual([app.a, app.b].sort());
    expect(county.body.total).toBe(2);
    expect(ids(await list(t.xihu, 'regionCode=330106002'))).toEqual([app.b]);
    await request(h.base).get(`/applications/${app.b}`).set(auth(t.xihu)).expect(200);
    await request(h.base).get(`/applications/${app.g}`).set(auth(t.xihu)).expect(404);
    expect(ids(await list(t.city))).toEqual([app.a, app.b, app.g].sort());
    expect(ids(await list(t.city, 'regionCode=330105'))).toEqual([app.g]);
  });

  it('R-OV-2: a clerk registers only applicants of his own region; nothing is stored otherwise', async () => {
    const before = await h.countApplications();
    await request(h.base)
      .post('/applications')
      .set(auth(t.streetA))
      .send(form('330106002'))
      .expect(404);
    await request(h.base)
      .post('/applications')
      .set(auth(t.streetA))
      .send(form('330106'))
      .expect(404);
    await request(h.base)
      .post('/applications')
      .set(auth(t.noRegion))
      .send(form('330106001'))
      .expect(404);
    expect(await h.countApplications()).toBe(before);
  });

  it('R-OV-2: auditors read within their region and change nothing (403)', async () => {
    await request(h.base).get(`/applications/${app.a}`).set(auth(t.auditor)).expect(200);
    expect(ids(await list(t.auditor))).toEqual([app.a, app.b].sort());
    await request(h.base).get(`/applications/${app.g}`).set(auth(t.auditor)).expect(404);
    const before = await h.countApplications();
    const created = await request(h.base)
      .post('/applications')
      .set(auth(t.auditor))
      .send(form('330106001'))
      .expect(403);
    expect(created.body.error.code).toBe('ROLE_REQUIRED');
    await request(h.base)
      .post(`/applications/${app.a}/handover`)
      .set(auth(t.auditor))
      .send({ toUserId: 'reviewer-a', reason: '审计移交' })
      .expect(403);
    await request(h.base)
      .post(`/applications/${app.a}/missing-documents/supplied`)
      .set(auth(t.auditor))
      .send({ document: '户口簿' })
      .expect(403);
    expect(await h.countApplications()).toBe(before);
  });

  it('R-OV-2: payment staff do not read applications (403, list too)', async () => {
    await request(h.base).get(`/applications/${app.a}`).set(auth(t.payment)).expect(403);
    await request(h.base).get('/applications').set(auth(t.payment)).expect(403);
    await request(h.base).get('/applications/nope').set(auth(t.payment)).expect(403);
  });

  it('R-OV-2: GetApplication over gRPC is for service accounts only', async () => {
    const client = createGrpcClient(IntakeServiceClient, `127.0.0.1:${h.intake.grpcPort}`);
    await expect(
      callUnary(
        client,
        client.getApplication,
        { applicationId: String(app.a) },
        { token: String(t.streetA) },
      ),
    ).rejects.toMatchObject({ kind: 'not_allowed' });
    client.close();
  });

  it('R-OV-2: the scoped list filter is searched through the scope index (ADR 0013)', async () => {
    const plan = await h.db.db!.command({
      explain: { find: 'applications', filter: { 'scope.street': '330106001' } },
      verbosity: 'queryPlanner',
    });
    expect(JSON.stringify(plan.queryPlanner ?? plan)).toMatch(
      /scope\.street_1.*USING INDEX|IXSCAN/,
    );
  });
});

describe('R-JH-5 hand-over only to a real user with the right role in the same region', () => {
  const handover = (id: string | undefined, token: string | undefined, body: object) =>
    request(h.base).post(`/applications/${id}/handover`).set(auth(token)).send(body);

  it('R-JH-5: refuses an unknown user, another street and a role that cannot own; changes nothing', async () => {
    const before = await rawApp(app.a);
    const unknown = await handover(app.a, t.streetA, {
      toUserId: 'ghost-1',
      reason: '移交',
    }).expect(400);
    expect(unknown.body.error.details).toEqual([
      { path: 'toUserId', code: 'USER_NOT_FOUND', message: '移交对象不是系统中的有效用户' },
    ]);
    const region = await handover(app.a, t.streetA, { toUserId: 'clerk-b', reason: '移交' }).expect(
      400,
    );
    expect(region.body.error.details).toEqual([
      expect.objectContaining({ path: 'toUserId', code: 'TARGET_REGION_OUT_OF_SCOPE' }),
    ]);
    const role = await handover(app.a, t.streetA, { toUserId: 'auditor-x', reason: '移交' }).expect(
      400,
    );
    expect(role.body.error.details).toEqual([
      expect.objectContaining({ path: 'toUserId', code: 'TARGET_ROLE_NOT_ALLOWED' }),
    ]);
    // Even the county user may not give a street's application to a clerk of the other street.
    const unseen = await handover(app.a, t.xihu, { toUserId: 'clerk-b', reason: '移交' }).expect(
      400,
    );
    expect(unseen.body.error.details[0].code).toBe('TARGET_CANNOT_SEE_RECORD');
    const stated = await handover(app.a, t.streetA, {
      toUserId: 'reviewer-a',
      toRegionCode: '330106002',
      reason: '移交',
    }).expect(400);
    expect(stated.body.error.details).toEqual([
      expect.objectContaining({ path: 'toRegionCode', code: 'TARGET_REGION_MISMATCH' }),
    ]);
    expect(await rawApp(app.a)).toEqual(before);
  });

  it('R-JH-5: hands over to a first reviewer of the same street, region taken from the directory', async () => {
    const res = await handover(app.a, t.streetA, {
      toUserId: 'reviewer-a',
      reason: '转初审',
    }).expect(200);
    expect(res.body.owner).toEqual({ userId: 'reviewer-a', regionCode: '330106001' });
    const same = await handover(app.a, t.reviewerA, {
      toUserId: 'reviewer-a',
      reason: '自己',
    }).expect(400);
    expect(same.body.error.details[0].code).toBe('SAME_OWNER');
  });
});

describe('applications stored before scope keys (one migration per database)', () => {
  it('R-OV-2: gives older applications their scope once, so scoped lists find them', async () => {
    const raw = h.db.db!.collection<{ _id: string; [k: string]: unknown }>('applications');
    const { _id, scope, ...rest } = (await raw.findOne({ _id: String(app.a) }))!;
    expect(scope).toEqual({ city: '330100', county: '330106', street: '330106001' });
    // Without outbox bookkeeping: the relay must not send app.a's event again for the copy.
    const fields = Object.fromEntries(
      Object.entries(rest).filter(([k]) => !k.startsWith('outbox')),
    );
    await raw.insertOne({
      ...fields,
      outbox: [],
      _id: 'legacy-1',
      applicationNo: 'JH-2020-000001',
      idempotencyKey: 'auto:legacy-1',
    });
    const store = new MongoApplicationStore(applicationModels(h.db), await h.cipher());
    // The service's start already ran it on this database: the marker keeps it from scanning again.
    expect(await store.migrateScope()).toBe(0);
    expect(ids(await list(t.streetA))).not.toContain('legacy-1');
    await h.db.db!.collection<{ _id: string }>('application_migrations').deleteMany({});
    expect(await store.migrateScope()).toBe(1);
    expect((await raw.findOne({ _id: 'legacy-1' }))?.['scope']).toEqual(scope);
    expect(ids(await list(t.streetA))).toContain('legacy-1');
    expect(await store.migrateScope()).toBe(0);
    await raw.deleteOne({ _id: 'legacy-1' });
  });
});
