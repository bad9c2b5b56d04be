import mongoose from 'mongoose';
import { mongoUrlFor, uniquePrefix, waitFor, releaseTestDatabase } from '@jh/platform-testing';
import { partModel } from './part.model';
import { MongoPartStore } from './part.store';
import { startHarness, type Harness } from './testing/harness';

jest.setTimeout(60000);

// Tuesday 2026-03-10 10:00 Asia/Shanghai.
const now = new Date('2026-03-10T02:00:00Z');
let h: Harness;
const parts: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness('dept-scope', now);
  const raw = await h.collection();
  for (const region of ['330106001', '330105001']) {
    const { part } = await h.dispatch({});
    await waitFor(async () => (await raw.find({ _id: part.partId }))[0], { what: 'stored part' });
    await h.placeIn(part.partId, region);
    parts[region] = part.partId;
  }
});
afterAll(() => h?.stop());

const as = async (actor: Parameters<Harness['token']>[0]) => {
  const auth = `Bearer ${await h.token(actor)}`;
  return {
    list: async () =>
      (await h.http().get('/parts?pageSize=100').set('authorization', auth).expect(200)).body as {
        items: { id: string; regionCode: string }[];
        total: number;
      },
    get: (id: string) => h.http().get(`/parts/${id}`).set('authorization', auth),
    accept: (id: string) => h.http().post(`/parts/${id}/accept`).set('authorization', auth),
  };
};

describe('department worklist scoped by region and department (R-OV-2, real engines)', () => {
  it('R-OV-2: a county officer lists and opens his county’s parts only; the other county’s answer 404', async () => {
    const west = await as({ userId: 'edu-330106', department: 'education', regionCode: '330106' });
    const page = await west.list();
    expect(page.items.map((p) => p.id)).toEqual([parts['330106001']]);
    expect(page.items.map((p) => p.regionCode)).toEqual(['330106001']);
    expect(page.total).toBe(1);
    await west.get(parts['330106001']!).expect(200);
    const hidden = await west.get(parts['330105001']!).expect(404);
    expect(hidden.body.error.code).toBe('PART_NOT_FOUND');
    // Acting on it answers the same 404, before the body is looked at.
    await west.accept(parts['330105001']!).expect(404);
  });

  it('R-OV-2: a street officer sees his street; the city coordinator sees both; parts filed at the city stay with the city', async () => {
    const street = await as({
      userId: 'edu-330105001',
      department: 'education',
      regionCode: '330105001',
    });
    expect((await street.list()).items.map((p) => p.id)).toEqual([parts['330105001']]);
    const city = await as({ userId: 'co-330100', roles: ['coordinator'], regionCode: '330100' });
    const all = (await city.list()).items.map((p) => p.id);
    expect(all).toEqual(expect.arrayContaining([parts['330106001'], parts['330105001']]));
    await city.accept(parts['330106001']!).expect(403);
    // A part whose dispatch names no region is filed under DEPT_REGION_CODE (330100): county
    // officers do not see it.
    const { part } = await h.dispatch({});
    await waitFor(async () => (await city.list()).items.find((p) => p.id === part.partId), {
      what: 'region-less part filed at the city',
    });
    const county = await as({
      userId: 'edu-330105',
      department: 'education',
      regionCode: '330105',
    });
    await county.get(part.partId).expect(404);
  });

  it('R-OV-2: no region, another department, a wrong role: nothing is revealed', async () => {
    const noRegion = await as({
      userId: 'edu-none',
      department: 'education',
      regionCode: undefined,
    });
    expect((await noRegion.list()).items).toEqual([]);
    await noRegion.get(parts['330106001']!).expect(404);
    const housing = await as({ userId: 'hs-330106', department: 'housing', regionCode: '330106' });
    expect((await housing.list()).total).toBe(0);
    await housing.get(parts['330106001']!).expect(404);
    const clerk = await as({
      userId: 'clerk-330106001',
      roles: ['window_clerk'],
      regionCode: '330106001',
    });
    const refused = await clerk.get(parts['330106001']!).expect(403);
    expect(refused.body.error.code).toBe('ROLE_REQUIRED');
    await clerk.get('no-such-part').expect(403);
  });

  it('R-OV-2: parts stored before regions existed get the service region and its scope keys, once', async () => {
    const database = `${uniquePrefix('dept-migr')}dept`;
    const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
    try {
      const raw = conn.db!.collection('parts');
      await raw.insertOne({ _id: 'legacy-1' as never, department: 'education', status: 'pending' });
      const store = new MongoPartStore(partModel(conn));
      expect(await store.migrateScope('330100')).toBe(1);
      expect(await raw.findOne({ _id: 'legacy-1' as never })).toMatchObject({
        regionCode: '330100',
        scope: { city: '330100', county: '', street: '' },
      });
      await raw.insertOne({ _id: 'legacy-2' as never, department: 'education', status: 'pending' });
      expect(await store.migrateScope('330100')).toBe(0);
    } finally {
      await releaseTestDatabase(conn);
      await conn.close();
    }
  });
});
