#!/usr/bin/env node
// Differential check of the FerretDB pushdown patches (ferretdb/patches.json, ADR 0013).
//
//   node tools/local-infra/pushdown-check.mjs                 # correctness: patched vs unpatched
//   node tools/local-infra/pushdown-check.mjs --bench         # queries/s before/after at 20k docs
//
// Options: --base <binary> (reference build; default: the same wrapper built with NO patches, cached
// under <cache>/ferretdb-<version>-unpatched-<hash>), --patched <binary> (default: the binary for the
// current sources, built like `infra:up` does), --seed N, --docs N, --queries N, --writes N,
// --bench-docs N, --bench-seconds S, --keep (leave the scratch folder).
//
// Both engines run on free 127.0.0.1 ports from a scratch folder, behind the write-serialising proxy
// as in development, and are stopped at the end; the shared engines of `infra:up` are not touched.
// Correctness: the same randomized documents (mixed BSON types, arrays, sub-documents, null vs
// missing, escapes) and the same randomized find/count/distinct/aggregate/updateMany/deleteMany go
// to both; every result (canonical Extended JSON, so Int32/Long/Double/-0 differ, and in order) and
// the final collections must be identical. Exit 1 on any difference.
// Not run in CI: the first run builds the unpatched binary with Go (about a minute or more).
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
const BENCH = argv.includes('--bench');
const SEED = Number(opt('seed', 12));
const N_DOCS = Number(opt('docs', 3000));
const N_QUERIES = Number(opt('queries', 600));
const N_WRITES = Number(opt('writes', 90));
const BENCH_DOCS = Number(opt('bench-docs', 20000));
const BENCH_SECONDS = Number(opt('bench-seconds', 4));

const { ObjectId, Int32, Long, Double } = await import('mongodb');

// ---------------------------------------------------------------- random data

const { rnd, pick, chance } = seededRandom(SEED);

const OID_A = '65a1b2c3d4e5f60718293a4b';
const OID_B = '65a1b2c3d4e5f60718293a4c';
const TWO53 = 2 ** 53;
const scalars = () => [
  '1',
  'p',
  'pending',
  'Pending',
  '',
  'a"b',
  'back\\slash',
  '<&>',
  'line\nbreak',
  '\u2028',
  '😀',
  'é',
  'e\u0301',
  '[x]',
  'null',
  'true',
  OID_A,
  '-0',
  '0',
  new Int32(0),
  new Int32(1),
  new Int32(-1),
  new Int32(2),
  new Int32(100),
  new Double(0),
  new Double(-0),
  new Double(1),
  new Double(1.5),
  new Double(-2.5),
  new Double(1e-7),
  new Double(0.1),
  new Double(TWO53),
  new Double(TWO53 + 2),
  new Double(1e300),
  new Double(2),
  Long.fromNumber(0),
  Long.fromNumber(1),
  Long.fromString(String(TWO53 - 1)),
  Long.fromString(String(TWO53)),
  Long.fromString(String(TWO53 + 1)),
  Long.fromString(String(-(TWO53 + 1))),
  Long.fromString('1152921504606846976'),
  Long.fromNumber(1700000000000),
  Long.fromNumber(2),
  true,
  false,
  null,
  new Date(0),
  new Date(1700000000000),
  new Date(-1),
  new ObjectId(OID_A),
  new ObjectId(OID_B),
];
const SCALARS = scalars();
const scalar = () => pick(SCALARS);

function value(depth = 0) {
  const r = rnd();
  if (r < 0.7 || depth > 1) return scalar();
  if (r < 0.8) return [scalar(), scalar()];
  if (r < 0.84) return [];
  if (r < 0.92) return [null, scalar()]; // (FerretDB 1.24 rejects nested arrays)
  if (r < 0.96) return [{ b: scalar() }, { b: scalar() }];
  return { b: scalar() };
}

/** Sub-document holder for dotted paths: {b: v}, [{b: v}, …], a scalar, {} or an array of scalars. */
function holder(key) {
  const r = rnd();
  if (r < 0.45) return { [key]: value(1) };
  if (r < 0.6) return [{ [key]: scalar() }, { [key]: scalar() }];
  if (r < 0.7) return [{ [key]: scalar() }, {}];
  if (r < 0.8) return scalar();
  if (r < 0.9) return {};
  return [scalar(), scalar()];
}

function makeDoc(i) {
  const d = { _id: pick([`d${i}`, new ObjectId(), new Int32(i), `${i}`]) };
  if (i === 0) d._id = OID_A; // a hex string _id beside ObjectId(OID_A) queries
  if (i === 1) d._id = new ObjectId(OID_B);
  const maybe = (k, fn, p = 0.8) => {
    if (chance(p)) d[k] = fn();
  };
  maybe('status', value);
  maybe('n', () => (chance(0.7) ? scalar() : value()));
  maybe('tags', () => (chance(0.6) ? [scalar(), scalar(), scalar()] : value()));
  maybe('a', () => holder('b'));
  maybe('outbox', () => holder('sentAt'));
  maybe('k1', scalar);
  maybe('k2', scalar);
  maybe('x', () => (chance(0.5) ? [scalar(), scalar()] : { 0: scalar() }));
  maybe('rowid', scalar, 0.5);
  maybe('ключ', scalar, 0.5);
  maybe('plain', value);
  maybe('c', () => holder('d'));
  return d;
}

const INDEXES = [
  { status: 1 },
  { n: -1 },
  { tags: 1 },
  { 'a.b': 1 },
  { 'outbox.sentAt': 1 },
  { k1: 1, k2: 1 },
  { 'x.0': 1 },
  { rowid: 1 },
  { ключ: 1 },
];
const FIELDS = [
  'status',
  'n',
  'tags',
  'a.b',
  'outbox.sentAt',
  'k1',
  'k2',
  'x.0',
  'rowid',
  'ключ',
  'plain',
  'c.d',
  'a',
  'outbox',
];

function condition() {
  const f = pick(FIELDS);
  const r = rnd();
  if (r < 0.6) return { [f]: scalar() };
  if (r < 0.65) return { [f]: { $eq: scalar() } };
  if (r < 0.7) return { [f]: { $in: [scalar(), scalar()] } };
  if (r < 0.74) return { [f]: { $ne: scalar() } };
  if (r < 0.78) return { [f]: { $exists: chance(0.5) } };
  if (r < 0.81) return { [f]: /^p/ };
  if (r < 0.85) return { [f]: [scalar(), scalar()] };
  if (r < 0.88) return { [f]: { b: scalar() } };
  if (r < 0.93)
    return {
      _id: pick([
        OID_A,
        new ObjectId(OID_A),
        new ObjectId(OID_B),
        'd5',
        `d${Math.floor(rnd() * N_DOCS)}`,
        new Int32(7),
      ]),
    };
  return { $or: [{ [pick(FIELDS)]: scalar() }, { [pick(FIELDS)]: scalar() }] };
}

function filter() {
  const n = 1 + Math.floor(rnd() * 3);
  const f = {};
  for (let i = 0; i < n; i++) Object.assign(f, condition());
  return f;
}

// ---------------------------------------------------------------- correctness

async function correctness(base, patched) {
  const engines = [base, patched];
  const colls = engines.map((e) => e.client.db('pushdown_check').collection('docs'));
  const docs = Array.from({ length: N_DOCS }, (_, i) => makeDoc(i));
  const indexOutcomes = [];
  for (const c of colls) {
    await c.drop().catch(() => {});
    // Half the indexes before the data, half after (both paths create SQLite indexes).
    const out = [];
    for (const ix of INDEXES.slice(0, 4)) out.push(await outcome(() => c.createIndex(ix)));
    for (let i = 0; i < docs.length; i += 500)
      await c.insertMany(docs.slice(i, i + 500), { ordered: true });
    for (const ix of INDEXES.slice(4)) out.push(await outcome(() => c.createIndex(ix)));
    indexOutcomes.push(out.join('\n'));
  }
  const diffs = [];
  const compare = (what, a, b) => {
    if (a !== b) diffs.push({ what, base: a.slice(0, 400), patched: b.slice(0, 400) });
  };
  compare('createIndex', ...indexOutcomes);

  const kinds = {};
  for (let q = 0; q < N_QUERIES; q++) {
    const f = filter();
    const r = rnd();
    let kind;
    let run;
    if (r < 0.3) {
      kind = 'find';
      run = (c) => c.find(f).toArray();
    } else if (r < 0.45) {
      const limit = 1 + Math.floor(rnd() * 20);
      kind = 'find+limit';
      run = (c) => c.find(f).limit(limit).toArray();
    } else if (r < 0.55) {
      const sort = pick([{ n: 1 }, { status: -1, _id: 1 }, { 'a.b': 1 }, { _id: -1 }]);
      const limit = pick([0, 5]);
      kind = 'find+sort';
      run = (c) => c.find(f).sort(sort).limit(limit).toArray();
    } else if (r < 0.6) {
      kind = 'find+skip';
      run = (c) => c.find(f).skip(3).limit(10).toArray();
    } else if (r < 0.75) {
      kind = 'count';
      run = (c) => c.countDocuments(f);
    } else if (r < 0.8) {
      kind = 'distinct';
      run = (c) => c.distinct('status', f);
    } else if (r < 0.87) {
      kind = 'aggregate $match';
      run = (c) => c.aggregate([{ $match: f }]).toArray();
    } else if (r < 0.93) {
      kind = 'aggregate $match+$limit';
      run = (c) => c.aggregate([{ $match: f }, { $limit: 7 }]).toArray();
    } else {
      kind = 'aggregate $match+$group';
      run = (c) =>
        c.aggregate([{ $match: f }, { $group: { _id: null, n: { $sum: 1 } } }]).toArray();
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const [a, b] = [await outcome(() => run(colls[0])), await outcome(() => run(colls[1]))];
    compare(`${kind} ${ejson(f)}`, a, b);
  }

  let writes = 0;
  for (let w = 0; w < N_WRITES; w++) {
    const del = chance(0.25);
    // A delete also needs an equality on status, so that most documents survive to the end.
    const f = del ? { ...filter(), status: scalar() } : filter();
    const run = del
      ? (c) => c.deleteMany(f).then((r) => r.deletedCount)
      : (c) =>
          c
            .updateMany(f, { $set: { w: new Int32(w) }, $inc: { hits: new Int32(1) } })
            .then((r) => [r.matchedCount, r.modifiedCount]);
    const [a, b] = [await outcome(() => run(colls[0])), await outcome(() => run(colls[1]))];
    compare(`${del ? 'deleteMany' : 'updateMany'} ${ejson(f)}`, a, b);
    writes++;
  }
  const finals = [];
  for (const c of colls) finals.push(await outcome(() => c.find({}).toArray()));
  compare('final collection', ...finals);
  const count = await colls[1].countDocuments({});
  return { queries: N_QUERIES, kinds, writes, finalDocuments: count, differences: diffs };
}

// ---------------------------------------------------------------- bench

async function bench(engine) {
  const c = engine.client.db('pushdown_bench').collection('apps');
  await c.drop().catch(() => {});
  await c.createIndex({ status: 1 });
  await c.createIndex({ 'outbox.sentAt': 1 });
  const statuses = ['accepted', 'dispatched', 'closed', 'rejected'];
  for (let i = 0; i < BENCH_DOCS; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(BENCH_DOCS, i + 1000); j++) {
      batch.push({
        _id: `app-${j}`,
        status: j % 100 === 7 ? 'pending' : statuses[j % 4],
        applicant: { name: `申请人 ${j}`, idNumber: String(330100199001010000 + j) },
        parts: [
          { dept: 'civil', state: 'open' },
          { dept: 'health', state: 'done' },
        ],
        outbox: { sentAt: j % 100 === 3 ? null : new Date(1700000000000 + j) },
        createdAt: new Date(1700000000000 + j * 1000),
      });
    }
    await c.insertMany(batch);
  }
  const cases = [
    [
      "find({status:'pending'}).limit(100)",
      () => c.find({ status: 'pending' }).limit(100).toArray(),
    ],
    ["find({'outbox.sentAt': null})", () => c.find({ 'outbox.sentAt': null }).toArray()],
    [
      "find({status:'pending','outbox.sentAt':null})",
      () => c.find({ status: 'pending', 'outbox.sentAt': null }).toArray(),
    ],
    ["countDocuments({status:'pending'})", () => c.countDocuments({ status: 'pending' })],
    ['findOne({_id})', () => c.findOne({ _id: `app-${Math.floor(Math.random() * BENCH_DOCS)}` })],
    [
      'updateOne({_id}, $set)',
      () =>
        c.updateOne(
          { _id: `app-${Math.floor(Math.random() * BENCH_DOCS)}` },
          { $set: { touched: 1 } },
        ),
    ],
  ];
  const out = {};
  for (const [name, fn] of cases) {
    await fn(); // warm-up
    let n = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < BENCH_SECONDS * 1000 || n < 3) {
      await fn();
      n++;
    }
    out[name] = Number(((n * 1000) / (Date.now() - t0)).toFixed(2));
  }
  return out;
}

// ---------------------------------------------------------------- main

const scratch = mkdtempSync(join(tmpdir(), 'jh-pushdown-check-'));
const keep = argv.includes('--keep');
process.on('exit', () => {
  stopAll();
  if (!keep) rmSync(scratch, { recursive: true, force: true });
});
for (const s of ['SIGINT', 'SIGTERM'])
  process.on(s, () => {
    stopAll();
    setTimeout(() => process.exit(130), 300); // let the engines close their files first
  });
let failed = false;
try {
  const baseBin = opt('base') ?? (await unpatchedBinary());
  const patchedBin = await patchedBinary(opt('patched'));
  const base = await startEngine('base', baseBin, scratch);
  const patched = await startEngine('patched', patchedBin, scratch);
  console.log(`base:    ${baseBin}\npatched: ${patchedBin}`);
  if (BENCH) {
    console.log(
      `queries/s, one client, through the write-serialising proxy, ${BENCH_DOCS} documents, 1 % matching`,
    );
    const [a, b] = [await bench(base), await bench(patched)];
    const rows = Object.keys(a).map((k) => ({
      query: k,
      before: a[k],
      after: b[k],
      ratio: Number((b[k] / a[k]).toFixed(1)),
    }));
    console.table(rows);
    console.log(JSON.stringify({ bench: 'pushdown', docs: BENCH_DOCS, rows }));
  } else {
    const r = await correctness(base, patched);
    for (const d of r.differences.slice(0, 10)) console.log('DIFF', JSON.stringify(d));
    console.log(
      JSON.stringify({
        check: 'pushdown',
        seed: SEED,
        documents: N_DOCS,
        queries: r.queries,
        kinds: r.kinds,
        writes: r.writes,
        finalDocuments: r.finalDocuments,
        differences: r.differences.length,
      }),
    );
    failed = r.differences.length > 0;
    console.log(failed ? 'FAIL: results differ' : 'PASS: identical results');
  }
  await Promise.all([base.client.close(), patched.client.close()]);
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  stopAll();
  await new Promise((r) => setTimeout(r, 300));
  if (keep) console.log(`scratch kept: ${scratch}`);
}
process.exit(failed ? 1 : 0);
