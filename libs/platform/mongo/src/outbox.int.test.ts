import mongoose, { Schema } from 'mongoose';
import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import { connectMongo, pingMongo } from './connection';
import { mongoOutboxSource, outboxPlugin, OUTBOX_PENDING, type OutboxEntry } from './outbox';

jest.setTimeout(60000);
const logger = createLogger({ name: 'test' });
const url = mongoUrlFor(`${uniquePrefix('mongo')}db`);
let conn: mongoose.Connection;

beforeAll(async () => {
  conn = await connectMongo({ url, logger });
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

const entry = (eventId: string): OutboxEntry => ({
  eventId,
  topic: 't',
  key: 'k',
  type: 't',
  payload: Buffer.from([1, 2, 3]),
  correlationId: 'c',
  causationId: '',
  traceparent: '',
  occurredAt: new Date(),
  sentAt: null,
});

describe('mongo platform on the MongoDB-wire engine', () => {
  it('connects, answers ping, and gives up on an unreachable server after the configured attempts', async () => {
    await expect(pingMongo(conn)).resolves.toBeUndefined();
    const started = Date.now();
    await expect(
      connectMongo({ url: 'mongodb://127.0.0.1:1/x', logger, attempts: 2, initialDelayMs: 10 }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(30000);
  });

  it('lists unsent outbox entries and marks them sent by index', async () => {
    const Model = conn.model<{ _id: string; outbox: OutboxEntry[] }>(
      'Agg',
      new Schema({ _id: String }, { versionKey: false }).plugin(outboxPlugin),
    );
    await Model.create({ _id: 'a', outbox: [entry('e1')] });
    await Model.create({ _id: 'b', outbox: [{ ...entry('e0'), sentAt: new Date() }, entry('e2')] });
    const source = mongoOutboxSource(Model);
    const pending = await source.pending(10);
    expect(pending.map((p) => [p.documentId, p.index, p.entry.eventId]).sort()).toEqual([
      ['a', 0, 'e1'],
      ['b', 1, 'e2'],
    ]);
    expect(Buffer.isBuffer(pending[0]?.entry.payload)).toBe(true);
    expect([...(pending[0]?.entry.payload ?? [])]).toEqual([1, 2, 3]);
    for (const documentId of ['a', 'b']) {
      await source.markSent(
        documentId,
        pending.filter((p) => p.documentId === documentId),
        new Date(),
      );
    }
    // Documents with nothing to send must not fill the batch (they vastly outnumber pending ones).
    for (let i = 0; i < 5; i++) await Model.create({ _id: `idle-${i}`, outbox: [] });
    await Model.create({ _id: 'z', outbox: [entry('e3')] });
    expect((await source.pending(1)).map((p) => p.entry.eventId)).toEqual(['e3']);
    await source.markSent('z', await source.pending(1), new Date());
    expect(await source.pending(10)).toEqual([]);
    const b = await Model.findById('b').lean().exec();
    expect(b?.outbox.every((e) => e.sentAt instanceof Date)).toBe(true);
  });

  // ADR 0014: the relay finds work by `_id` (kick) or through the pending flag's index (sweep).
  it('flags a document while it holds unsent entries, in the same write, and clears it once all are sent', async () => {
    type Doc = { _id: string; n: number; outbox: OutboxEntry[] };
    const Flagged = conn.model<Doc>(
      'Flagged',
      new Schema({ _id: String, n: Number }, { versionKey: false }).plugin(outboxPlugin),
    );
    await Flagged.init();
    const source = mongoOutboxSource(Flagged);
    const raw = conn.db!.collection<{ _id: string; [k: string]: unknown }>('flaggeds');
    const kicked: (string | undefined)[] = [];
    source.onWrite?.((id) => kicked.push(id));

    await Flagged.create({ _id: 'quiet', n: 0 });
    await Flagged.create({ _id: 'f1', n: 0, outbox: [entry('c1')] });
    await Flagged.updateOne({ _id: 'quiet' }, { $set: { n: 1 } }).exec();
    await Flagged.updateOne({ _id: 'f2' }, { $set: { n: 1 } }, { upsert: true }).exec();
    await Flagged.updateOne({ _id: 'f2' }, { $push: { outbox: entry('c2') } }).exec();
    expect(kicked).toEqual(['f1', 'f2']);
    expect((await raw.findOne({ _id: 'quiet' }))?.[OUTBOX_PENDING]).toBeUndefined();
    expect((await raw.findOne({ _id: 'f1' }))?.[OUTBOX_PENDING]).toBe(true);

    const f1 = await source.pendingOf(['f1', 'missing']);
    expect(f1.map((p) => [p.documentId, p.entry.eventId, p.outboxLength])).toEqual([
      ['f1', 'c1', 1],
    ]);
    // An entry appended between the read and the mark keeps the flag for the next pass.
    await Flagged.updateOne({ _id: 'f1' }, { $push: { outbox: entry('c3') } }).exec();
    await source.markSent('f1', f1, new Date());
    const afterRace = await raw.findOne({ _id: 'f1' });
    expect(afterRace?.[OUTBOX_PENDING]).toBe(true);
    expect((afterRace?.['outbox'] as OutboxEntry[]).map((e) => e.sentAt === null)).toEqual([
      false,
      true,
    ]);

    const swept = await source.pending(10);
    expect(swept.map((p) => p.entry.eventId).sort()).toEqual(['c2', 'c3']);
    for (const id of ['f1', 'f2'])
      await source.markSent(
        id,
        swept.filter((p) => p.documentId === id),
        new Date(),
      );
    expect(await source.pending(10)).toEqual([]);
    expect(await raw.countDocuments({ [OUTBOX_PENDING]: true })).toBe(0);

    // The sweep's filter is searched through the flag's index, never by reading every document.
    const plan = await conn.db!.command({
      explain: { find: 'flaggeds', filter: { [OUTBOX_PENDING]: true } },
      verbosity: 'queryPlanner',
    });
    const text = JSON.stringify(plan.queryPlanner ?? plan);
    expect(text).toMatch(new RegExp(`${OUTBOX_PENDING}_1.*USING INDEX|IXSCAN`));
  });

  it('flags, once per collection, entries written before the flag existed', async () => {
    const Legacy = conn.model<{ _id: string; outbox: OutboxEntry[] }>(
      'Legacy',
      new Schema({ _id: String }, { versionKey: false }).plugin(outboxPlugin),
    );
    await Legacy.init();
    const raw = conn.db!.collection<{ _id: string; [k: string]: unknown }>('legacies');
    await raw.insertMany([
      { _id: 'old', outbox: [{ ...entry('l1'), sentAt: new Date() }, entry('l2')] },
      { _id: 'done', outbox: [{ ...entry('l0'), sentAt: new Date() }] },
    ]);
    const pending = await mongoOutboxSource(Legacy).pending(10);
    expect(pending.map((p) => [p.documentId, p.entry.eventId])).toEqual([['old', 'l2']]);
    expect((await raw.findOne({ _id: 'done' }))?.[OUTBOX_PENDING]).toBeUndefined();
    // Marked done: a second source (a restart) does not run the one-time pass again.
    await raw.insertOne({ _id: 'later-raw', outbox: [entry('l3')] });
    expect((await mongoOutboxSource(Legacy).pending(10)).map((p) => p.entry.eventId)).toEqual([
      'l2',
    ]);
  });

  it('marks many documents sent in commands of at most 50 statements, flags cleared', async () => {
    const Many = conn.model<{ _id: string; outbox: OutboxEntry[] }>(
      'Many',
      new Schema({ _id: String }, { versionKey: false }).plugin(outboxPlugin),
    );
    await Many.init();
    const ids = Array.from({ length: 60 }, (_, i) => `m${i}`);
    for (const id of ids) await Many.create({ _id: id, outbox: [entry(`ev-${id}`)] });
    const source = mongoOutboxSource(Many);
    const pending = await source.pendingOf(ids);
    expect(pending).toHaveLength(60);
    await source.markSentMany?.(
      ids.map((documentId) => ({
        documentId,
        entries: pending.filter((p) => p.documentId === documentId),
      })),
      new Date(),
    );
    expect(await source.pending(100)).toEqual([]);
    const raw = conn.db!.collection('manies');
    expect(await raw.countDocuments({ [OUTBOX_PENDING]: true })).toBe(0);
    expect(await raw.countDocuments({ 'outbox.sentAt': { $type: 10 } })).toBe(0);
  });
});
