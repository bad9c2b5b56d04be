#!/usr/bin/env node
// Targeted differential check of the exact count / sorted-page pushdown (queryExact in
// ferretdb/patches.json, ADR 0022): patched vs unpatched FerretDB on worklist-shaped data.
//
//   node tools/local-infra/pushdown-exact-check.mjs [--seed N] [--docs N] [--queries N]
//        [--base <binary>] [--patched <binary>] [--keep]
//
// pushdown-check.mjs's random data rarely reaches queryExact (it needs every filter value to be a
// string or bool and a sort naming _id). Here each collection holds mostly clean documents
// (strings, bools, dates, a nested scope.county) and, at a per-collection rate from 0 to 20 %, the
// rows queryExact must recognise as unknown or unsortable and give up on: arrays, arrays of
// sub-documents on dotted paths, missing fields and parents, null, numbers and bools among dates,
// and regex / binData / ObjectId / strings with NUL or non-BMP characters that print like strings.
// Queries: equality filters (strings, bools, sometimes other types), find with a sort naming _id
// (or not), skip and limit, small batches (getMore), projection; countDocuments with and without
// skip/limit, and the counting $group pipeline; with updates, inserts and deletes in between so a
// collection turns dirty and clean again. Every result must be identical (canonical Extended JSON,
// in order). Exit 1 on any difference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ejson,
  outcome,
  patchedBinary,
  seededRandom,
  startEngine,
  stopAll,
  unpatchedBinary,
} from './lib/pushdown-engines.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const SEED = Number(opt('seed', 1));
const N_DOCS = Number(opt('docs', 1000));
const N_QUERIES = Number(opt('queries', 300));
// Per collection: the rate of unknown / unsortable values and the fields that get them (all when
// absent): one dirty field at a time, so that the other fields do not already make queryExact give up.
const DIRT = [
  [0],
  [0.005],
  [0.2],
  [0.02, ['scope']],
  [0.1, ['nextDueAt']],
  [0.3, ['nextDueAt'], 'mixed'], // only strings and numbers: type order at the cut-off
  [0.02, ['placeholder', 'status']],
  [0.02, ['name', '_id', 'kind']],
];

const { ObjectId, Int32, Long, Double, BSONRegExp, Binary } = await import('mongodb');
const { rnd, pick, chance } = seededRandom(SEED);

// ---------------------------------------------------------------- data

const STATUSES = ['pending', 'accepted', 'Pending', 'pend', 'reported', 'é', 'e\u0301'];
const COUNTIES = ['330106', '330107', '33010', '3301060'];
// Strings whose UTF-8 order differs from UTF-16 order, escapes, and look-alikes of other types.
const NAMES = [
  'a',
  'B',
  'b',
  '',
  'a"b',
  'back\\slash',
  '<&>',
  '\uff5e',
  '😀',
  'é',
  'Z',
  'null',
  'true',
  '1',
  'line\nbreak',
  '\u2028',
];
const DAY = 86_400_000;
const OID = '65a1b2c3d4e5f60718293a4b'; // a string that prints like ObjectId(OID)
const date = () => new Date(1_700_000_000_000 + Math.floor(rnd() * 12) * DAY); // ties on purpose
const dirtyScalar = () =>
  pick([
    null,
    new Int32(1),
    new Double(1.5),
    Long.fromNumber(1_700_000_000_000),
    true,
    false,
    new BSONRegExp('pending', ''),
    new Binary(Buffer.from('pending')),
    new ObjectId(OID),
    new ObjectId(OID),
    OID,
    'nul\u0000byte',
    'pending\u0000',
    { x: 'pending' },
    new Date(-1),
  ]);

let idSeq = 0;
function makeId(dirty) {
  const n = idSeq++;
  if (dirty()) return pick([new ObjectId(), new Int32(n), new Date(n), `id\u0000${n}`]);
  return chance(0.1)
    ? pick(NAMES) + n
    : `p-${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}-${n}`;
}

function makeDoc([rate, fields, mixed]) {
  const dirtyIn = (f) => () => (!fields || fields.includes(f)) && chance(rate);
  const d = { _id: makeId(dirtyIn('_id')) };
  let dirty;
  dirty = dirtyIn('status');
  d.status = dirty() ? pick([[pick(STATUSES), 'x'], [], dirtyScalar(), undefined]) : pick(STATUSES);
  dirty = dirtyIn('placeholder');
  d.placeholder = dirty() ? pick([[false], 'false', new Int32(0), null, undefined]) : chance(0.1);
  dirty = dirtyIn('scope');
  d.scope = dirty()
    ? pick([
        [{ county: pick(COUNTIES) }],
        { county: [pick(COUNTIES)] },
        { county: new Int32(330106) },
        {},
        '330106',
        undefined,
        { county: pick(COUNTIES), city: [1] },
      ])
    : { county: pick(COUNTIES), city: '3301' };
  dirty = dirtyIn('nextDueAt');
  d.nextDueAt = dirty()
    ? mixed
      ? pick([pick(NAMES), new Int32(5), new Int32(-7)])
      : pick([null, undefined, pick(NAMES), dirtyScalar(), [date()], new Int32(5), { at: date() }])
    : chance(0.05)
      ? pick([null, undefined])
      : date();
  dirty = dirtyIn('name');
  d.name = dirty() ? dirtyScalar() : chance(0.1) ? undefined : pick(NAMES);
  dirty = dirtyIn('kind');
  d.kind = dirty() ? pick([['edu'], null, dirtyScalar()]) : pick(['edu', 'health']);
  d.n = new Int32(Math.floor(rnd() * 100));
  for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
  return d;
}

const INDEXES = [{ status: 1 }, { status: 1, nextDueAt: 1 }, { 'scope.county': 1 }, { kind: 1 }];

// ---------------------------------------------------------------- queries

function filter() {
  const f = {};
  const put = (k, v) => (f[k] = v);
  if (chance(0.9)) put('status', chance(0.92) ? pick(STATUSES) : chance(0.5) ? OID : dirtyScalar());
  if (chance(0.6)) put('placeholder', chance(0.95) ? chance(0.8) === false : pick(['false', null]));
  if (chance(0.6)) put('scope.county', chance(0.95) ? pick(COUNTIES) : dirtyScalar());
  if (chance(0.2)) put('kind', pick(['edu', 'health']));
  if (chance(0.1)) put('name', pick(NAMES));
  if (chance(0.05)) put('_id', pick(['p-000001-1', 'a3', new Int32(3)]));
  if (chance(0.05)) put('scope', { county: pick(COUNTIES), city: '3301' });
  if (chance(0.05)) put('nextDueAt', { $gte: date() });
  return f;
}

const SORTS = [
  { nextDueAt: 1, _id: 1 },
  { nextDueAt: -1, _id: 1 },
  { nextDueAt: 1, _id: -1 },
  { _id: 1 },
  { _id: -1 },
  { name: 1, _id: -1 },
  { nextDueAt: 1, name: -1, _id: 1 },
  { _id: 1, nextDueAt: -1 },
  { status: 1, _id: 1 },
  { nextDueAt: 1 },
  { 'scope.county': 1, _id: 1 },
  { n: 1, _id: 1 },
];

function query() {
  const f = filter();
  const r = rnd();
  if (r < 0.55) {
    const sort = pick(SORTS);
    const limit = pick([1, 2, 5, 20, 20, 50, 0]);
    const skip = pick([0, 0, 0, 1, 7, 20, 40]);
    const batchSize = pick([undefined, undefined, 3]);
    const projection = chance(0.2) ? { name: 0 } : undefined;
    return {
      kind: `find sort${limit ? '+limit' : ''}${skip ? '+skip' : ''}`,
      f,
      more: { sort, limit, skip, batchSize },
      run: (c) => c.find(f, { sort, limit, skip, batchSize, projection }).toArray(),
    };
  }
  if (r < 0.8) return { kind: 'countDocuments', f, run: (c) => c.countDocuments(f) };
  if (r < 0.85) {
    const o = { skip: pick([0, 3]), limit: pick([5, 100]) };
    return { kind: 'countDocuments+skip/limit', f, more: o, run: (c) => c.countDocuments(f, o) };
  }
  const group = pick([
    { _id: 1, n: { $sum: 1 } },
    { _id: null, n: { $sum: 1 } },
    { _id: 1, n: { $sum: 2 } },
    { _id: '$status', n: { $sum: 1 } },
  ]);
  return {
    kind: 'aggregate $match+$group',
    f,
    more: group,
    run: (c) => c.aggregate([{ $match: f }, { $group: group }]).toArray(),
  };
}

function write([rate]) {
  const r = rnd();
  const f = filter();
  if (r < 0.4) {
    const set = chance(0.5) ? { status: pick(STATUSES) } : { nextDueAt: date() };
    if (chance(rate * 5)) set.nextDueAt = pick([[date()], 'soon', null]);
    return {
      kind: 'updateMany',
      f,
      run: (c) => c.updateMany(f, { $set: set }).then((x) => [x.matchedCount, x.modifiedCount]),
    };
  }
  if (r < 0.7) {
    const docs = Array.from({ length: 5 }, () => makeDoc(chance(0.5) ? [0] : [0.5]));
    return {
      kind: 'insertMany',
      f: {},
      run: (c) => c.insertMany(docs).then((x) => x.insertedCount),
    };
  }
  f.status = pick(STATUSES);
  return { kind: 'deleteMany', f, run: (c) => c.deleteMany(f).then((x) => x.deletedCount) };
}

// ---------------------------------------------------------------- run

async function check(engines) {
  const diffs = [];
  const kinds = {};
  let nonEmpty = 0;
  for (const [ci, dirt] of DIRT.entries()) {
    const colls = engines.map((e) => e.client.db('exact_check').collection(`parts${ci}`));
    const docs = Array.from({ length: N_DOCS }, () => makeDoc(dirt));
    for (const c of colls) {
      await c.drop().catch(() => {});
      for (const ix of INDEXES.slice(0, 2)) await c.createIndex(ix);
      for (let i = 0; i < docs.length; i += 500) await c.insertMany(docs.slice(i, i + 500));
      for (const ix of INDEXES.slice(2)) await c.createIndex(ix);
    }
    for (let q = 0; q < N_QUERIES; q++) {
      const op = q % 20 === 19 ? write(dirt) : query();
      const key = op.kind;
      kinds[key] = (kinds[key] ?? 0) + 1;
      const a = await outcome(() => op.run(colls[0]));
      const b = await outcome(() => op.run(colls[1]));
      if (!/"ok":(\[\]|\{"\$numberInt":"0"\}|0)/.test(a)) nonEmpty++;
      if (a !== b)
        diffs.push({
          coll: ci,
          what: `${op.kind} ${ejson(op.f)} ${ejson(op.more ?? {})}`,
          base: a.slice(0, 600),
          patched: b.slice(0, 600),
        });
    }
    const finals = await Promise.all(
      colls.map((c) => outcome(() => c.find({}).sort({ _id: 1 }).toArray())),
    );
    if (finals[0] !== finals[1]) diffs.push({ coll: ci, what: 'final collection' });
  }
  return { kinds, nonEmpty, diffs };
}

const scratch = mkdtempSync(join(tmpdir(), 'jh-exact-check-'));
const keep = argv.includes('--keep');
process.on('exit', () => {
  stopAll();
  if (!keep) rmSync(scratch, { recursive: true, force: true });
});
let failed = false;
try {
  const baseBin = opt('base') ?? (await unpatchedBinary());
  const patchedBin = await patchedBinary(opt('patched'));
  const engines = [
    await startEngine('base', baseBin, scratch),
    await startEngine('patched', patchedBin, scratch),
  ];
  console.log(`base:    ${baseBin}\npatched: ${patchedBin}`);
  const r = await check(engines);
  for (const d of r.diffs.slice(0, 10)) console.log('DIFF', JSON.stringify(d));
  const total = Object.values(r.kinds).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      check: 'pushdown-exact',
      seed: SEED,
      documents: N_DOCS,
      dirt: DIRT,
      operations: total,
      nonEmptyResults: r.nonEmpty,
      kinds: r.kinds,
      differences: r.diffs.length,
    }),
  );
  failed = r.diffs.length > 0;
  console.log(failed ? 'FAIL: results differ' : 'PASS: identical results');
  await Promise.all(engines.map((e) => e.client.close()));
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  stopAll();
  await new Promise((r) => setTimeout(r, 300));
  if (keep) console.log(`scratch kept: ${scratch}`);
}
process.exit(failed ? 1 : 0);
