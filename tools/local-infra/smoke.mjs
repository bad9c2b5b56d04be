#!/usr/bin/env node
// Smoke test of the running local engines (run `node tools/local-infra/cli.mjs up` first).
//
//   node tools/local-infra/smoke.mjs            # essentials; exit 1 if any fails
//   node tools/local-infra/smoke.mjs --probe    # also probe MongoDB features FerretDB may lack
//   node tools/local-infra/smoke.mjs --check-persisted   # only check the doc written by a previous run
//
// Kafka: create topic, idempotent producer, consumer group reads it back.
// Mongo: insert/find, updateOne with $push+$set, unique index rejecting a duplicate (11000).
import { randomUUID } from 'node:crypto';
import { endpoints, redactUrl } from './index.mjs';

const args = new Set(process.argv.slice(2));
const { kafkaBrokers, kafkaSasl, mongoUrl, mongoUrlFor } = endpoints();
const results = [];

async function check(name, fn, { essential = true } = {}) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, essential });
    console.log(
      `PASS ${name} (${Date.now() - t0} ms)${detail !== undefined ? ` ${JSON.stringify(detail)}` : ''}`,
    );
  } catch (e) {
    results.push({ name, ok: false, essential });
    const code =
      e.code !== undefined ? ` [code ${e.code}${e.codeName ? ` ${e.codeName}` : ''}]` : '';
    console.log(`FAIL ${name}${code}: ${String(e.message).split('\n')[0].slice(0, 240)}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

async function expectCode(promise, code) {
  try {
    await promise;
  } catch (e) {
    assert(e.code === code, `expected error code ${code}, got ${e.code} (${e.message})`);
    return `rejected with ${e.code}`;
  }
  throw new Error(`expected error code ${code}, but the operation succeeded`);
}

const PERSIST_DB = 'jh_local_infra_smoke';

async function mongoChecks() {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const db = client.db(PERSIST_DB);
    if (args.has('--check-persisted')) {
      await check('mongo: document persisted across restart', async () => {
        const d = await db.collection('persist').findOne({ _id: 'marker' });
        assert(d && d.note === 'survives restart', 'marker document missing');
        return { writtenAt: d.at };
      });
      return;
    }
    const col = db.collection(`smoke_${Date.now()}`);
    await check('mongo: ping', () =>
      db
        .admin()
        .command({ ping: 1 })
        .then((r) => r.ok),
    );
    await check('mongo: insertOne + findOne', async () => {
      await col.insertOne({ _id: 'case-1', state: 'new', version: 1, history: [] });
      const d = await col.findOne({ _id: 'case-1' });
      assert(d?.state === 'new', 'document not found');
    });
    await check('mongo: updateOne $push + $set (conditional on version)', async () => {
      const r = await col.updateOne(
        { _id: 'case-1', version: 1 },
        {
          $push: { history: { at: new Date(), event: 'opened' } },
          $set: { state: 'open', version: 2 },
        },
      );
      assert(
        r.matchedCount === 1 && r.modifiedCount === 1,
        `matched ${r.matchedCount} modified ${r.modifiedCount}`,
      );
      const stale = await col.updateOne(
        { _id: 'case-1', version: 1 },
        { $set: { state: 'stale' } },
      );
      assert(stale.matchedCount === 0, 'stale version should not match');
      const d = await col.findOne({ _id: 'case-1' });
      assert(d.state === 'open' && d.version === 2 && d.history.length === 1, JSON.stringify(d));
    });
    await check('mongo: 200 concurrent $inc/$push on one document are atomic', async () => {
      const extra = await Promise.all(
        [1, 2, 3].map(() => new MongoClient(mongoUrl, { maxPoolSize: 8 }).connect()),
      );
      try {
        const cols = [col, ...extra.map((c) => c.db(PERSIST_DB).collection(col.collectionName))];
        await col.insertOne({ _id: 'counter', n: 0, seen: [] });
        await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            cols[i % cols.length].updateOne(
              { _id: 'counter' },
              { $inc: { n: 1 }, $push: { seen: i } },
            ),
          ),
        );
        const d = await col.findOne({ _id: 'counter' });
        assert(
          d.n === 200 && d.seen.length === 200,
          `lost updates: n=${d.n}, seen=${d.seen.length}`,
        );
        // Optimistic concurrency: of 4 racers updating {version: 0}, exactly one may win.
        await col.insertOne({ _id: 'cas', version: 0 });
        const res = await Promise.all(
          cols.map((c, k) =>
            c.updateOne({ _id: 'cas', version: 0 }, { $set: { version: 1, by: k } }),
          ),
        );
        const winners = res.filter((r) => r.modifiedCount === 1).length;
        assert(winners === 1, `${winners} racers won a compare-and-set`);
      } finally {
        await Promise.all(extra.map((c) => c.close()));
      }
    });
    await check('mongo: findOneAndUpdate returnDocument=after', async () => {
      const d = await col.findOneAndUpdate(
        { _id: 'case-1' },
        { $inc: { version: 1 }, $push: { history: { event: 'x' } } },
        { returnDocument: 'after' },
      );
      assert(d?.version === 3 && d.history.length === 2, JSON.stringify(d));
    });
    await check('mongo: unique index rejects duplicate (11000)', async () => {
      await col.createIndex({ email: 1 }, { unique: true });
      await col.insertOne({ _id: 'u1', email: 'a@example.org' });
      return expectCode(col.insertOne({ _id: 'u2', email: 'a@example.org' }), 11000);
    });
    await check('mongo: duplicate _id rejected (11000)', () =>
      expectCode(col.insertOne({ _id: 'u1' }), 11000),
    );
    await check('mongo: update into a unique-key duplicate rejected (11000)', async () => {
      await col.insertOne({ _id: 'u3', email: 'b@example.org' });
      await expectCode(col.updateOne({ _id: 'u3' }, { $set: { email: 'a@example.org' } }), 11000);
      return expectCode(
        col.findOneAndUpdate({ _id: 'u3' }, { $set: { email: 'a@example.org' } }),
        11000,
      );
    });
    // The patched engine (ferretdb/patches.json, ADR 0013) answers an equality on an indexed field
    // through SQLite's index; this fails when a FerretDB change leaves the patch applied but inert.
    await check('mongo: equality on an indexed field uses the index (explain)', async () => {
      const ix = db.collection(`${col.collectionName}_ix`);
      await ix.createIndex({ 'outbox.sentAt': 1 });
      await ix.insertMany([
        { _id: 'ix-1', state: 'open', outbox: { sentAt: null } },
        { _id: 'ix-2', state: ['open', 'x'], outbox: [{ sentAt: null }] },
        { _id: 'ix-3', state: 'closed', outbox: { sentAt: new Date() } },
      ]);
      await ix.createIndex({ state: 1 });
      const found = async (filter) => (await ix.find(filter).toArray()).map((d) => d._id).join(',');
      assert((await found({ state: 'open' })) === 'ix-1,ix-2', 'state: open');
      assert((await found({ 'outbox.sentAt': null })) === 'ix-1,ix-2', 'sentAt: null');
      const plans = {};
      for (const [k, v] of [
        ['state', 'open'],
        ['outbox.sentAt', null],
      ]) {
        const r = await db.command({
          explain: { find: ix.collectionName, filter: { [k]: v } },
          verbosity: 'queryPlanner',
        });
        const plan = (r.queryPlanner?.Plan ?? []).join(' | ');
        assert(
          plan.includes(`_${k}_1 (`) && plan.includes('USING INDEX'),
          `${k} is not searched by its index (ferretdb/patches.json, ADR 0013): ${plan}`,
        );
        plans[k] = 'index';
      }
      return plans;
    });
    await check('mongo: write persistence marker', async () => {
      await db
        .collection('persist')
        .updateOne(
          { _id: 'marker' },
          { $set: { note: 'survives restart', at: new Date() } },
          { upsert: true },
        );
    });

    if (args.has('--probe')) {
      const o = { essential: false };
      const { Decimal128 } = await import('mongodb');
      await check(
        'probe: upsert $setOnInsert',
        () => col.updateOne({ _id: 'up' }, { $setOnInsert: { a: 1 } }, { upsert: true }),
        o,
      );
      await check(
        'probe: bulkWrite',
        () => col.bulkWrite([{ insertOne: { document: { _id: 'b1' } } }]),
        o,
      );
      await check(
        'probe: aggregate $match/$group/$sort',
        () =>
          col
            .aggregate([
              { $match: {} },
              { $group: { _id: null, n: { $sum: 1 } } },
              { $sort: { n: 1 } },
            ])
            .toArray(),
        o,
      );
      await check(
        'probe: $addToSet / $pull',
        async () => {
          await col.updateOne({ _id: 'case-1' }, { $addToSet: { tags: 'a' } });
          await col.updateOne({ _id: 'case-1' }, { $pull: { tags: 'a' } });
        },
        o,
      );
      await check(
        'probe: $elemMatch {field: value}',
        async () => {
          const n = await col.countDocuments({ history: { $elemMatch: { event: 'x' } } });
          assert(n === 1, `matched ${n}, expected 1`);
        },
        o,
      );
      await check(
        'probe: dotted path into array (history.event)',
        async () => {
          const n = await col.countDocuments({ 'history.event': 'x' });
          assert(n === 1, `matched ${n}`);
        },
        o,
      );
      await check(
        'probe: partial unique index',
        () =>
          col.createIndex(
            { p: 1 },
            { unique: true, partialFilterExpression: { p: { $exists: true } } },
          ),
        o,
      );
      await check(
        'probe: TTL index',
        () => col.createIndex({ at: 1 }, { expireAfterSeconds: 60 }),
        o,
      );
      await check(
        'probe: $lookup',
        () =>
          col
            .aggregate([
              {
                $lookup: {
                  from: col.collectionName,
                  localField: '_id',
                  foreignField: '_id',
                  as: 'j',
                },
              },
            ])
            .toArray(),
        o,
      );
      await check(
        'probe: arrayFilters',
        () =>
          col.updateOne(
            { _id: 'case-1' },
            { $set: { 'history.$[h].seen': true } },
            { arrayFilters: [{ 'h.event': 'x' }] },
          ),
        o,
      );
      await check(
        'probe: positional $ update',
        () =>
          col.updateOne(
            { _id: 'case-1', 'history.event': 'x' },
            { $set: { 'history.$.seen': true } },
          ),
        o,
      );
      await check(
        'probe: update with pipeline',
        () => col.updateOne({ _id: 'case-1' }, [{ $set: { p2: 1 } }]),
        o,
      );
      await check(
        'probe: multi-document transaction',
        async () => {
          const s = client.startSession();
          try {
            await s.withTransaction(() =>
              col.insertOne({ _id: `tx-${randomUUID()}` }, { session: s }),
            );
          } finally {
            await s.endSession();
          }
        },
        o,
      );
      await check(
        'probe: change stream',
        async () => {
          const cs = col.watch();
          try {
            await cs.tryNext();
          } finally {
            await cs.close();
          }
        },
        o,
      );
      await check(
        'probe: $elemMatch with operator ({event: {$eq: v}})',
        async () => {
          const n = await col.countDocuments({ history: { $elemMatch: { event: { $eq: 'x' } } } });
          assert(n === 1, `matched ${n}, expected 1`);
        },
        o,
      );
      await check(
        'probe: findOneAndUpdate with projection',
        () =>
          col.findOneAndUpdate(
            { _id: 'case-1' },
            { $set: { z: 1 } },
            { projection: { z: 1 }, returnDocument: 'after' },
          ),
        o,
      );
      await check('probe: mongoose 8 model create/findOneAndUpdate/save', () => mongooseProbe(), o);
      // Run last: on FerretDB 1.24 a Decimal128 value makes the server drop the connection.
      await check(
        'probe: Decimal128 round trip',
        () => col.insertOne({ _id: 'dec', v: Decimal128.fromString('1.5') }),
        o,
      );
    }
    await col.drop().catch(() => {});
  } finally {
    await client.close().catch(() => {});
  }
}

async function mongooseProbe() {
  const mongoose = (await import('mongoose')).default;
  const conn = await mongoose
    .createConnection(mongoUrlFor(PERSIST_DB), { serverSelectionTimeoutMS: 5000 })
    .asPromise();
  try {
    const schema = new mongoose.Schema(
      {
        email: { type: String, unique: true },
        state: String,
        history: [{ at: Date, event: String }],
      },
      { timestamps: true, optimisticConcurrency: true },
    );
    const M = conn.model(`SmokeThing${Date.now()}`, schema);
    await M.init(); // builds the unique index
    const doc = await M.create({ email: 'm@example.org', state: 'new' });
    await expectCode(M.create({ email: 'm@example.org' }), 11000);
    const upd = await M.findOneAndUpdate(
      { _id: doc._id },
      { $push: { history: { at: new Date(), event: 'opened' } }, $set: { state: 'open' } },
      { new: true },
    ).lean();
    assert(upd.state === 'open' && upd.history.length === 1, JSON.stringify(upd));
    const d = await M.findById(doc._id);
    d.state = 'closed';
    await d.save(); // optimisticConcurrency: filters on __v
    await M.collection.drop();
    return { mongoose: mongoose.version };
  } finally {
    await conn.close();
  }
}

async function kafkaChecks() {
  const { Kafka, logLevel, Partitioners } = (await import('kafkajs')).default;
  const kafka = new Kafka({
    clientId: 'jh-smoke',
    brokers: [kafkaBrokers],
    sasl: { ...kafkaSasl },
    logLevel: logLevel.NOTHING,
  });
  const topic = `jh-smoke-${Date.now()}`;
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId: `jh-smoke-${randomUUID()}` });
  try {
    await check('kafka: describeCluster', async () => {
      await admin.connect();
      const c = await admin.describeCluster();
      return { brokers: c.brokers.length, clusterId: c.clusterId };
    });
    await check('kafka: createTopic (3 partitions)', async () => {
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      assert(md.topics[0].partitions.length === 3, 'expected 3 partitions');
    });
    const value = `hello-${randomUUID()}`;
    await check('kafka: idempotent producer send', async () => {
      await producer.connect();
      const r = await producer.send({ topic, acks: -1, messages: [{ key: 'case-1', value }] });
      return { partition: r[0].partition, offset: r[0].baseOffset };
    });
    await check('kafka: consumer group receives the message', async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const got = await new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 30s')), 30_000);
        consumer
          .run({
            eachMessage: async ({ message }) => {
              clearTimeout(timer);
              resolvePromise(message.value.toString());
            },
          })
          .catch(reject);
      });
      assert(got === value, `got ${got}`);
    });
    await check('kafka: delete topic', () => admin.deleteTopics({ topics: [topic] }));
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

const t0 = Date.now();
console.log(`smoke: Kafka ${kafkaBrokers}, Mongo ${redactUrl(mongoUrl)}`);
if (!args.has('--check-persisted')) await kafkaChecks();
await mongoChecks();
const failed = results.filter((r) => !r.ok && r.essential).length;
const probeFailed = results.filter((r) => !r.ok && !r.essential).length;
if (probeFailed)
  console.log(`(${probeFailed} optional probes unsupported by this engine; see above)`);
console.log(`smoke finished in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
console.log(`${results.filter((r) => r.ok).length} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
