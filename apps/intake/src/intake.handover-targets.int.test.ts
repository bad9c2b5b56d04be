import { randomUUID } from 'node:crypto';
import { applicationOwnerRoles, regionContains } from '@jh/domain-access';
import { adminFetch, keycloakToken, signInDevelopmentUsers } from '@jh/platform-testing';
import request from 'supertest';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

// R-JH-5 首问负责: the colleagues a hand-over may go to, read from the real Keycloak (the realm's
// development users, tools/local-infra/keycloak/realm-jh.json), cached by the injected clock.
jest.setTimeout(120_000);

const clock = { now: new Date('2026-11-02T02:00:00Z') };
let h: IntakeHarness;
let dev: Awaited<ReturnType<typeof signInDevelopmentUsers>>;
/** Realm user id → development user name, e.g. `clerk.330106001`. */
const devName = new Map<string, string>();
const created: string[] = [];

beforeAll(async () => {
  h = await startIntakeHarness('handover-targets', { clock: () => clock.now });
  dev = await signInDevelopmentUsers();
  for (const d of dev) devName.set(d.actor.userId, d.name);
});
afterAll(async () => {
  for (const id of created) await adminFetch(`/realms/jh/users/${id}`, { method: 'DELETE' });
  await h?.stop();
});

const tokenOf = (name: string) => dev.find((d) => d.name === name)!.token;
interface Target {
  userId: string;
  name: string;
  role: string;
  regionCode: string;
}
const targetsAs = (token: string, query = '') =>
  request(h.base)
    .get(`/applications/handover-targets${query}`)
    .set('authorization', `Bearer ${token}`);
/** The development users among the answer, by name (other test files add users of their own). */
const devTargets = (items: Target[]) =>
  items
    .map((i) => devName.get(i.userId))
    .filter((n): n is string => !!n)
    .sort();

describe('R-JH-5 GET /applications/handover-targets', () => {
  it('a street clerk sees the colleagues of his street who may own an application, family name first', async () => {
    const res = await targetsAs(tokenOf('clerk.330106001')).expect(200);
    const items = res.body.items as Target[];
    expect(devTargets(items)).toEqual(['reviewer.330106001']);
    expect(items.find((i) => devName.get(i.userId) === 'reviewer.330106001')).toEqual({
      userId: dev.find((d) => d.name === 'reviewer.330106001')!.actor.userId,
      name: '李洋艳',
      role: 'first_reviewer',
      regionCode: '330106001',
    });
    // Every answer, development user or not, passes the rule: an owning role inside the street.
    for (const i of items) {
      expect(applicationOwnerRoles).toContain(i.role);
      expect(regionContains('330106001', i.regionCode)).toBe(true);
    }
  });

  it('a county coordinator sees the streets of his county; a city coordinator the whole city', async () => {
    const county = (await targetsAs(tokenOf('coord.330106')).expect(200)).body.items as Target[];
    expect(devTargets(county)).toEqual([
      'clerk.330106001',
      'clerk.330106002',
      'reviewer.330106001',
      'reviewer.330106002',
    ]);
    expect(county.every((i) => regionContains('330106', i.regionCode))).toBe(true);
    expect(county.find((i) => devName.get(i.userId) === 'clerk.330106001')).toMatchObject({
      name: '王丽静',
      role: 'window_clerk',
    });

    const city = (await targetsAs(tokenOf('coord.330100')).expect(200)).body.items as Target[];
    expect(devTargets(city)).toEqual(
      expect.arrayContaining(['coord.330105', 'coord.330106', 'clerk.330105002']),
    );
    expect(devTargets(city)).not.toContain('coord.330100');
    expect(devTargets(city)).not.toContain('approver.330106001');
    expect(city.find((i) => devName.get(i.userId) === 'coord.330106')).toMatchObject({
      name: '朱强超',
      role: 'coordinator',
      regionCode: '330106',
    });
  });

  it('for one application: only colleagues who will see it; outside the caller’s region its 404', async () => {
    const submitted = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${tokenOf('clerk.330106001')}`)
      .send({
        ...validApplication,
        applicant: { ...validApplication.applicant, regionCode: '330106001' },
      })
      .expect(201);
    const id = submitted.body.id as string;
    const res = await targetsAs(tokenOf('coord.330106'), `?applicationId=${id}`).expect(200);
    expect(devTargets(res.body.items)).toEqual(['clerk.330106001', 'reviewer.330106001']);
    const outside = await targetsAs(tokenOf('coord.330105'), `?applicationId=${id}`).expect(404);
    expect(outside.body.error.code).toBe('APPLICATION_NOT_FOUND');
  });

  it('roles that may not hand over are refused (403); bad queries answer the field in Chinese', async () => {
    for (const name of ['audit.330106', 'approver.330106001', 'edu.330106']) {
      const res = await targetsAs(tokenOf(name)).expect(403);
      expect(res.body.error.code).toBe('ROLE_REQUIRED');
    }
    await request(h.base).get('/applications/handover-targets').expect(401);
    const bad = await targetsAs(tokenOf('clerk.330106001'), '?region=330106').expect(400);
    expect(bad.body.error.details).toEqual([
      { path: 'region', code: 'UNKNOWN_FIELD', message: '不支持的查询参数' },
    ]);
  });

  it('the directory’s answer is kept for a while by the service clock: a new colleague appears once it expires', async () => {
    const coord = tokenOf('coord.330106');
    const ids = async () =>
      ((await targetsAs(coord).expect(200)).body.items as Target[]).map((i) => i.userId);
    clock.now = new Date('2026-11-03T02:00:00Z');
    await ids();
    const newcomer = `ht-${randomUUID().slice(0, 8)}`;
    created.push(newcomer);
    await keycloakToken({
      userId: newcomer,
      roles: ['window_clerk'],
      regionCode: '330106002',
    });
    clock.now = new Date('2026-11-03T02:00:59Z');
    expect(await ids()).not.toContain(newcomer);
    clock.now = new Date('2026-11-03T02:01:00Z');
    expect(await ids()).toContain(newcomer);
  });
});
