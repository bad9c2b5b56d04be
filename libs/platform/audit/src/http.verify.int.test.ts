import request from 'supertest';
import { createLogger } from '@jh/platform-logger';
import { createHttpApp, finish } from '@jh/platform-http';
import { notAllowed } from '@jh/platform-errors';
import { recordHash } from './canonical';
import { auditRoutes } from './http';
import type { AuditDb } from './record';
import { idOf, records, seedChain, testDb, trailOptions } from './test-support';
import { openAuditTrail, type AuditTrail } from './trail';

// R-OV-1: the auditor verifies a service's chain from the screen (GET /audit/chain/verify), slice
// by slice with progress figures; a record edited directly in the database is reported.
jest.setTimeout(60_000);

interface Slice {
  ok: boolean;
  from: number;
  checked: number;
  checkpoints: number;
  next: number | null;
  done: boolean;
  headSeq: number;
  firstProblem: { seq: number; kind: string; message: string } | null;
}

let db: AuditDb;
let closeDb: () => Promise<void>;
const trails: AuditTrail[] = [];
beforeAll(async () => {
  ({ db, close: closeDb } = await testDb('audit-chain-verify'));
});
afterAll(async () => {
  for (const t of trails) await t.close();
  await closeDb();
});

let n = 0;
/** A chain of 30 records (checkpoints every 10) and an app serving its audit routes. */
async function serve() {
  const chain = `cv${++n}`;
  await seedChain(db, chain, 30);
  const trail = await openAuditTrail(trailOptions(db, chain));
  trails.push(trail);
  const app = createHttpApp({ logger: createLogger({ name: 'audit-test', level: 'silent' }) });
  app.use(
    auditRoutes({
      trail,
      personIndex: (s) => s,
      requireAuditor: (req, _res, next) =>
        next(req.header('x-user') === 'auditor' ? undefined : notAllowed('NOT_AUDITOR', '仅审计')),
    }),
  );
  finish(app);
  const verify = async (query: Record<string, number>): Promise<Slice> =>
    (
      await request(app)
        .get('/audit/chain/verify')
        .query(query)
        .set('x-user', 'auditor')
        .expect(200)
    ).body as Slice;
  /** The console's loop: slice after slice from `next` until done. */
  const walk = async (limit: number) => {
    const slices: Slice[] = [await verify({ limit })];
    while (!slices.at(-1)!.done) slices.push(await verify({ from: slices.at(-1)!.next!, limit }));
    return slices;
  };
  return { chain, app, verify, walk };
}

describe('GET /audit/chain/verify', () => {
  it('walks an intact chain in slices, each with its progress figures', async () => {
    const { walk } = await serve();
    const slices = await walk(7);
    expect(slices.map((s) => [s.from, s.checked, s.next, s.done, s.ok])).toEqual([
      [1, 7, 8, false, true],
      [8, 7, 15, false, true],
      [15, 7, 22, false, true],
      [22, 7, 29, false, true],
      [29, 2, null, true, true],
    ]);
    expect(slices.every((s) => s.headSeq === 30 && s.firstProblem === null)).toBe(true);
    // Checkpoints at 10, 20 and 30, each counted in the slice that reaches it.
    expect(slices.reduce((sum, s) => sum + s.checkpoints, 0)).toBe(3);
  });

  it('reports a record changed in the database: its seq and why', async () => {
    const { chain, walk } = await serve();
    await records(db).updateOne({ _id: idOf(chain, 17) }, { $set: { action: 'nothing happened' } });
    const slices = await walk(7);
    const last = slices.at(-1)!;
    expect(slices.map((s) => s.from)).toEqual([1, 8, 15]);
    expect(last).toMatchObject({ ok: false, done: true, next: null });
    expect(last.firstProblem).toMatchObject({ seq: 17, kind: 'changed' });
    expect(last.firstProblem!.message).toMatch(/第 17 条记录内容被修改/);
  });

  it('finds a record replaced with a recomputed hash at a slice edge (the next slice links back)', async () => {
    const { chain, walk } = await serve();
    const col = records(db);
    const doc = (await col.findOne({ _id: idOf(chain, 14) }))!;
    const forged = { ...doc, actor: { ...doc.actor, userId: 'someone-else' } };
    forged.hash = recordHash('sha256', forged as never);
    await col.replaceOne({ _id: doc._id }, forged);
    const slices = await walk(7);
    // Slice 8–14 sees a self-consistent record 14; slice 15– finds 15 no longer chained to it.
    expect(slices[1]).toMatchObject({ from: 8, ok: true, checked: 7 });
    expect(slices.at(-1)!.firstProblem).toMatchObject({ seq: 14, kind: 'changed' });
  });

  it('checks only the last N records when asked, and a deleted record is named', async () => {
    const { chain, verify } = await serve();
    expect(await verify({ last: 5, limit: 100 })).toMatchObject({
      ok: true,
      from: 26,
      checked: 5,
      done: true,
    });
    await records(db).deleteOne({ _id: idOf(chain, 27) });
    expect((await verify({ last: 5 })).firstProblem).toMatchObject({ seq: 27, kind: 'deleted' });
  });

  it('refuses a non-auditor and a range given two ways', async () => {
    const { app } = await serve();
    await request(app).get('/audit/chain/verify').set('x-user', 'clerk').expect(403);
    const both = await request(app)
      .get('/audit/chain/verify')
      .query({ from: 3, last: 5 })
      .set('x-user', 'auditor')
      .expect(400);
    expect(both.body.error.details[0].message).toMatch(/二选一/);
    await request(app)
      .get('/audit/chain/verify')
      .query({ limit: 5001 })
      .set('x-user', 'auditor')
      .expect(400);
  });

  it('refuses a start past 2^50 (a seq near 2^53 never ended the walk) and ends a start past the chain at once', async () => {
    const { verify, app } = await serve();
    const refused = await request(app)
      .get('/audit/chain/verify')
      .query({ from: Number.MAX_SAFE_INTEGER - 1, limit: 1064 })
      .set('x-user', 'auditor')
      .expect(400);
    expect(refused.body.error.details[0].path).toBe('from');
    expect(await verify({ from: 2 ** 50, limit: 1064 })).toMatchObject({
      ok: true,
      checked: 0,
      done: true,
    });
  });
});
