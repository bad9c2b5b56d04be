import { randomUUID } from 'node:crypto';
import {
  adminFetch,
  keycloakToken,
  serviceAccountToken,
  signInDevelopmentUsers,
} from '@jh/platform-testing';
import request from 'supertest';
import { startIntakeHarness, type IntakeHarness } from './test-harness';

// Staff names for the console (who owns a case, who did a step: R-JH-5, R-OV-1), read from the
// real Keycloak (the realm's development users), cached per id by the injected clock.
jest.setTimeout(120_000);

const clock = { now: new Date('2026-11-02T02:00:00Z') };
let h: IntakeHarness;
let dev: Awaited<ReturnType<typeof signInDevelopmentUsers>>;
const created: string[] = [];

beforeAll(async () => {
  h = await startIntakeHarness('staff-names', { clock: () => clock.now });
  dev = await signInDevelopmentUsers();
});
afterAll(async () => {
  for (const id of created) await adminFetch(`/realms/jh/users/${id}`, { method: 'DELETE' });
  await h?.stop();
});

const devUser = (name: string) => dev.find((d) => d.name === name)!;
const namesAs = (token: string, body: object) =>
  request(h.base).post('/staff/names').set('authorization', `Bearer ${token}`).send(body);

describe('POST /staff/names', () => {
  it('answers each known id with the name family name first; unknown ids are left out', async () => {
    const coord = devUser('coord.330106').actor.userId;
    const edu = devUser('edu.330106').actor.userId;
    const unknown = randomUUID();
    const res = await namesAs(devUser('clerk.330106001').token, {
      ids: [coord, edu, coord, unknown, 'civil-affairs'],
    }).expect(200);
    expect(res.body).toEqual({ names: { [coord]: '朱强超', [edu]: '王磊娟' } });
  });

  it('every back-office role may ask (names are not household data); a service account may not', async () => {
    const ids = [devUser('clerk.330105001').actor.userId];
    // Every development user is allowed: intake.access-matrix.int.test.ts (one row per user).
    const res = await namesAs(devUser('audit.330100').token, { ids }).expect(200);
    expect(res.body.names).toEqual({ [ids[0]!]: '赵军霞' });
    const service = await namesAs(await serviceAccountToken('svc-civil-affairs'), { ids });
    expect(service.status).toBe(403);
    expect(service.body.error.code).toBe('ROLE_REQUIRED');
    await request(h.base).post('/staff/names').send({ ids }).expect(401);
  });

  it('bad bodies answer the field in Chinese: 1 to 100 ids, each an id, nothing else', async () => {
    const token = devUser('edu.330106').token;
    const empty = await namesAs(token, { ids: [] }).expect(400);
    expect(empty.body.error.details[0]).toMatchObject({ path: 'ids' });
    const many = Array.from({ length: 101 }, () => randomUUID());
    expect((await namesAs(token, { ids: many }).expect(400)).body.error.details[0].path).toBe(
      'ids',
    );
    const bad = await namesAs(token, { ids: ['ok-id', 'a b/c'] }).expect(400);
    expect(bad.body.error.details).toEqual([
      { path: 'ids.1', code: 'INVALID_FORMAT', message: '格式不正确' },
    ]);
    const extra = await namesAs(token, { ids: ['ok-id'], all: true }).expect(400);
    expect(extra.body.error.details[0]).toMatchObject({ path: 'all', code: 'UNKNOWN_FIELD' });
  });

  it('each name is kept 10 minutes by the service clock: a renamed colleague shows once it expires', async () => {
    const token = devUser('coord.330106').token;
    const userId = `sn-${randomUUID().slice(0, 8)}`;
    created.push(userId);
    const person = { userId, roles: ['window_clerk' as const], regionCode: '330106002' };
    await keycloakToken({ ...person, name: '钱原名' });
    const nameOf = async () =>
      ((await namesAs(token, { ids: [userId] }).expect(200)).body.names as Record<string, string>)[
        userId
      ];
    clock.now = new Date('2026-11-03T02:00:00Z');
    expect(await nameOf()).toBe('钱原名');
    await keycloakToken({ ...person, name: '钱新名' });
    clock.now = new Date('2026-11-03T02:09:59Z');
    expect(await nameOf()).toBe('钱原名');
    clock.now = new Date('2026-11-03T02:10:00Z');
    expect(await nameOf()).toBe('钱新名');
  });
});
