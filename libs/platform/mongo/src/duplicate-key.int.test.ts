import mongoose, { Schema } from 'mongoose';
import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import { connectMongo } from './connection';
import { createOnce, isDuplicateKey } from './duplicate-key';

jest.setTimeout(60000);
const logger = createLogger({ name: 'test' });
const url = mongoUrlFor(`${uniquePrefix('dupkey')}db`);
let conn: mongoose.Connection;

beforeAll(async () => {
  conn = await connectMongo({ url, logger });
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

describe('idempotent create on a deterministic _id (real engine)', () => {
  it('creates once, answers false for the same key and rethrows other errors', async () => {
    const Thing = conn.model<{ _id: string; n: number }>(
      'Thing',
      new Schema({ _id: String, n: { type: Number, required: true } }, { versionKey: false }),
    );
    await Thing.init();
    expect(await createOnce(Thing, { _id: 'a', n: 1 })).toBe(true);
    expect(await createOnce(Thing, { _id: 'a', n: 2 })).toBe(false);
    expect((await Thing.findById('a').lean())?.n).toBe(1);
    await expect(createOnce(Thing, { _id: 'b' } as never)).rejects.toThrow(/n/);
    expect(await Thing.countDocuments()).toBe(1);
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey(new Error('x'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
