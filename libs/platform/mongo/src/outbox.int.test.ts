import mongoose, { Schema } from 'mongoose';
import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import { connectMongo, pingMongo } from './connection';
import { mongoOutboxSource, outboxEntrySchema, type OutboxEntry } from './outbox';

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
      new Schema({ _id: String, outbox: [outboxEntrySchema] }, { versionKey: false }),
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
});
