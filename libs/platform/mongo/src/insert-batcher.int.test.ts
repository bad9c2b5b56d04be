import mongoose, { Schema } from 'mongoose';
import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import { connectMongo } from './connection';
import { InsertBatcher } from './insert-batcher';
import { mongoOutboxSource, outboxPlugin, type OutboxEntry } from './outbox';

jest.setTimeout(60000);
const logger = createLogger({ name: 'test' });
let conn: mongoose.Connection;

beforeAll(async () => {
  conn = await connectMongo({ url: mongoUrlFor(`${uniquePrefix('batcher')}db`), logger });
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

interface Doc {
  _id: string;
  key: string;
  n: number;
  outbox?: OutboxEntry[];
}

const entry = (eventId: string): OutboxEntry => ({
  eventId,
  topic: 't',
  key: 'k',
  type: 't',
  payload: Buffer.from([1]),
  correlationId: 'c',
  causationId: '',
  traceparent: '',
  occurredAt: new Date(),
  sentAt: null,
});

// Issue 12: a burst of inserts is one engine command; each caller still gets its own answer.
describe('InsertBatcher (group commit of unique inserts)', () => {
  it('answers each caller: inserted, duplicate key, or its own validation error', async () => {
    const schema = new Schema<Doc>(
      { _id: String, key: { type: String, unique: true }, n: { type: Number, min: 0 } },
      { versionKey: false },
    ).plugin(outboxPlugin);
    const Model = conn.model<Doc>('Batched', schema);
    await Model.init();
    await Model.create({ _id: 'taken', key: 'k-taken', n: 0 });
    const commands: number[] = [];
    const insertMany = Model.insertMany.bind(Model);
    Model.insertMany = ((docs: unknown[], options: unknown) => {
      commands.push(docs.length);
      return insertMany(docs as never, options as never);
    }) as never;
    const kicked: (string | undefined)[] = [];
    mongoOutboxSource(Model).onWrite?.((id) => kicked.push(id));

    const batcher = new InsertBatcher(Model);
    const answers = await Promise.allSettled([
      ...Array.from({ length: 40 }, (_, i) =>
        batcher.insert({ _id: `d${i}`, key: `k${i}`, n: i, outbox: [entry(`e${i}`)] }),
      ),
      batcher.insert({ _id: 'taken', key: 'k-other', n: 1 }),
      batcher.insert({ _id: 'fresh', key: 'k-taken', n: 1 }),
      batcher.insert({ _id: 'negative', key: 'k-neg', n: -1 }),
    ]);
    const values = answers.map((a) => (a.status === 'fulfilled' ? a.value : 'rejected'));
    expect(values.slice(0, 40).every((v) => v === true)).toBe(true);
    expect(values.slice(40)).toEqual([false, false, 'rejected']);
    // 42 valid documents in one command (the invalid one never reached the engine).
    expect(commands).toEqual([42]);
    expect(await Model.countDocuments({})).toBe(41);
    // The relay heard of every inserted document with an outbox entry, though the command failed in part.
    expect(new Set(kicked)).toEqual(new Set(Array.from({ length: 40 }, (_, i) => `d${i}`)));
  });
});
