// The local engine's exact count / sorted-page shortcut (ADR 0022) answers like MongoDB: the
// expected results below are MongoDB's, on documents that take the shortcut (clean strings, bools,
// dates) and on ones that must make it give up (arrays, an ObjectId printing like the queried
// string, a scope that is an array, numbers among strings). The randomized comparison with an
// unpatched engine is tools/local-infra/pushdown-exact-check.mjs.
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';

const db = `${uniquePrefix('exact')}db`;
let client: MongoClient;
type Row = Document & { _id: string };
let coll: Collection<Row>;

const OID = '65a1b2c3d4e5f60718293a4b';
const at = (day: number) => new Date(Date.UTC(2026, 10, day));
const ids = (docs: Row[]) => docs.map((d) => d._id);

beforeAll(async () => {
  client = await new MongoClient(mongoUrlFor(db)).connect();
  coll = client.db(db).collection<Row>('parts');
  await coll.createIndex({ status: 1, nextDueAt: 1 });
  await coll.createIndex({ 'scope.county': 1 });
  await coll.insertMany([
    { _id: 'p1', status: 'pending', placeholder: false, scope: { county: 'c1' }, nextDueAt: at(3) },
    { _id: 'p2', status: 'pending', placeholder: false, scope: { county: 'c1' }, nextDueAt: at(1) },
    { _id: 'p3', status: 'pending', placeholder: true, scope: { county: 'c1' }, nextDueAt: at(0) },
    { _id: 'p4', status: 'pending', placeholder: false, scope: { county: 'c2' }, nextDueAt: at(2) },
    { _id: 'p5', status: 'pending', placeholder: false, scope: { county: 'c1' }, nextDueAt: at(1) },
    { _id: 'p6', status: 'pending', placeholder: false, scope: { county: 'c1' } },
    {
      _id: 'p7',
      status: 'pending',
      placeholder: 'false',
      scope: { county: 'c1' },
      nextDueAt: at(0),
    },
    { _id: 'a1', status: ['accepted', 'x'], placeholder: false, scope: { county: 'c1' } },
    { _id: 'a2', status: 'accepted', placeholder: false, scope: [{ county: 'c1' }] },
    {
      _id: 'a3',
      status: 'accepted',
      placeholder: false,
      scope: { county: 'c1' },
      nextDueAt: at(4),
    },
    { _id: 'o1', status: new ObjectId(OID), placeholder: false, scope: { county: 'c1' } },
    { _id: 'o2', status: OID, placeholder: false, scope: { county: 'c1' }, nextDueAt: 'soon' },
    { _id: 'o3', status: OID, placeholder: false, scope: { county: 'c1' }, nextDueAt: 5 },
  ]);
});

afterAll(async () => {
  await client.db(db).dropDatabase();
  await client.close();
});

const worklist = (status: string) => ({ status, placeholder: false, 'scope.county': 'c1' });

it('counts and pages clean documents like MongoDB (placeholders excluded)', async () => {
  expect(await coll.countDocuments(worklist('pending'))).toBe(4);
  const sort = { nextDueAt: 1, _id: 1 } as const;
  expect(ids(await coll.find(worklist('pending')).sort(sort).limit(2).toArray())).toEqual([
    'p6',
    'p2',
  ]);
  expect(ids(await coll.find(worklist('pending')).sort(sort).skip(2).limit(5).toArray())).toEqual([
    'p5',
    'p1',
  ]);
  const desc = { nextDueAt: -1, _id: -1 } as const;
  expect(ids(await coll.find(worklist('pending')).sort(desc).limit(3).toArray())).toEqual([
    'p1',
    'p5',
    'p2',
  ]);
});

it('counts array values and array parents like MongoDB', async () => {
  // a1: status array holding 'accepted'; a2: scope is an array of sub-documents.
  expect(await coll.countDocuments(worklist('accepted'))).toBe(3);
  const page = await coll.find(worklist('accepted')).sort({ nextDueAt: 1, _id: 1 }).limit(2);
  expect(ids(await page.toArray())).toEqual(['a1', 'a2']);
});

it('does not take an ObjectId for the string it prints as, and orders numbers before strings', async () => {
  expect(await coll.countDocuments(worklist(OID))).toBe(2);
  const page = coll.find(worklist(OID)).sort({ nextDueAt: 1, _id: 1 }).limit(1);
  expect(ids(await page.toArray())).toEqual(['o3']);
});
