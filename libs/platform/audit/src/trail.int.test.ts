import { GENESIS_HASH, recordHash } from './canonical';
import { CHECKPOINTS, HEADS, type AuditCheckpoint, type AuditDb, type AuditRecord } from './record';
import {
  T0,
  idOf,
  input,
  otherConnection,
  records,
  signerFor,
  testDb,
  trailOptions,
} from './test-support';
import { openAuditTrail } from './trail';
import { verifyChain } from './verify';

jest.setTimeout(60_000);

let db: AuditDb;
let closeDb: () => Promise<void>;
beforeAll(async () => {
  ({ db, close: closeDb } = await testDb('audit-trail'));
});
afterAll(() => closeDb());

async function chainOf(chain: string, count: number): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const doc = await records(db).findOne({ _id: idOf(chain, seq) });
    if (!doc) throw new Error(`missing ${seq}`);
    out.push(doc);
  }
  return out;
}

describe('AuditTrail.append (R-OV-1)', () => {
  it.each(['sha256', 'sm3'] as const)(
    'chains concurrent appends with consecutive seqs and %s hashes',
    async (hash) => {
      const chain = `c-${hash}`;
      const trail = await openAuditTrail(trailOptions(db, chain, { hash }));
      await Promise.all(Array.from({ length: 25 }, (_, i) => trail.append(input(i + 1))));
      await trail.close();
      const docs = await chainOf(chain, 25);
      expect(await records(db).findOne({ _id: idOf(chain, 26) })).toBeNull();
      let prev = GENESIS_HASH;
      for (const [i, d] of docs.entries()) {
        expect(d.seq).toBe(i + 1);
        expect(d.prevHash).toBe(prev);
        expect(recordHash(hash, d as never)).toBe(d.hash);
        prev = d.hash;
      }
      expect(new Set(docs.map((d) => d.detail?.['n'])).size).toBe(25);
      const result = await verifyChain({ db, chain, hash, verifier: signerFor(hash) });
      expect(result).toMatchObject({ ok: true, checked: 25 });
      // After a batch that crosses 10 records since the last one (here: batches of 1 and 24).
      const head = await db
        .collection<AuditCheckpoint>(CHECKPOINTS)
        .findOne({ _id: idOf(chain, 25) });
      expect(head).toMatchObject({ kind: 'checkpoint', seq: 25, hash: docs[24]!.hash });
      expect(result.checkpoints).toBeGreaterThanOrEqual(1);
      expect(trail.counters).toMatchObject({ appended: 25, failed: 0 });
    },
  );

  it.each([['small batches', 7, 5, 150]])(
    'two writers on one chain (separate connections) never fork it: %s',
    async (label, ba, bb, count) => {
      const chain = `c-two-${label.replace(/\W/g, '')}`;
      const other = await otherConnection(db);
      try {
        const a = await openAuditTrail(trailOptions(db, chain, { maxBatch: ba }));
        const b = await openAuditTrail(trailOptions(other.db, chain, { maxBatch: bb }));
        // 200 requests in flight per writer, each appending as soon as the previous one is stored.
        const writer = async (trail: typeof a, kind: string) => {
          let next = 0;
          const worker = async () => {
            for (let i = next++; i < count; i = next++) {
              await trail.append(input(i, { object: { kind, id: `${kind}${i}` } }));
            }
          };
          await Promise.all(Array.from({ length: 200 }, worker));
        };
        await Promise.all([writer(a, 'a'), writer(b, 'b')]);
        await Promise.all([a.close(), b.close()]);
        const docs = await chainOf(chain, 2 * count);
        const ids = new Set(docs.map((d) => `${d.object.kind}${d.object.id}`));
        expect(ids.size).toBe(2 * count);
        expect(await records(db).findOne({ _id: idOf(chain, 2 * count + 1) })).toBeNull();
        expect(a.counters.conflicts + b.counters.conflicts).toBeGreaterThan(0);
        const result = await verifyChain({
          db,
          chain,
          hash: 'sha256',
          verifier: signerFor('sha256'),
        });
        expect(result).toMatchObject({ ok: true, checked: 2 * count });
      } finally {
        await other.close();
      }
    },
  );

  it('a batch that loses the race to another writer stores nothing past the taken seq', async () => {
    // The local engine inserts an insertMany in batches of 100 and goes on after a duplicate in
    // an earlier one; the trail keeps its batches within 100 so a lost race leaves no orphans.
    const chain = 'c-race';
    const trail = await openAuditTrail(trailOptions(db, chain));
    const foreign = {
      ...input(0),
      _id: idOf(chain, 2),
      chain,
      seq: 2,
      at: new Date(),
      writer: 'another-process',
      personRefs: [],
    };
    await records(db).insertOne({ ...foreign, prevHash: 'taken-by', hash: 'another-writer' });
    // The first append goes alone (seq 1); the other 249 follow as batches starting at seq 2.
    await Promise.all(Array.from({ length: 250 }, (_, i) => trail.append(input(i + 1))));
    await trail.flush();
    const docs = await chainOf(chain, 251);
    expect(await records(db).findOne({ _id: idOf(chain, 252) })).toBeNull();
    expect(new Set(docs.map((d) => d.detail?.['n'])).size).toBe(251);
    for (let i = 3; i < docs.length; i++) expect(docs[i]!.prevHash).toBe(docs[i - 1]!.hash);
    expect(trail.counters.conflicts).toBeGreaterThan(0);
  });

  it('the same event written by two processes at the same millisecond is stored twice', async () => {
    const chain = 'c-same';
    const other = await otherConnection(db);
    try {
      // Same clock start, same head, same input: only the writer tells the two records apart.
      const clock = () => new Date(T0);
      const a = await openAuditTrail(trailOptions(db, chain, { clock }));
      const b = await openAuditTrail(trailOptions(other.db, chain, { clock }));
      await a.append(input(1));
      await b.append(input(1));
      await Promise.all([a.close(), b.close()]);
      const docs = await chainOf(chain, 2);
      expect(docs[0]!.at).toEqual(docs[1]!.at);
      expect(docs[0]!.writer).not.toBe(docs[1]!.writer);
      expect(b.counters.conflicts).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('a reopened trail continues from the head, with or without the head hint', async () => {
    const chain = 'c-reopen';
    const first = await openAuditTrail(trailOptions(db, chain));
    for (let i = 1; i <= 13; i++) await first.append(input(i));
    await first.flush(); // no close: the hint is behind the head (last checkpoint at 10)
    const second = await openAuditTrail(trailOptions(db, chain));
    expect(second.headSeq).toBe(13);
    await second.append(input(14));
    await second.close();
    await db.collection(HEADS).deleteOne({ _id: chain } as never);
    const third = await openAuditTrail(trailOptions(db, chain));
    expect(third.headSeq).toBe(14);
    await third.append(input(15));
    await third.close();
    const result = await verifyChain({ db, chain, hash: 'sha256', verifier: signerFor('sha256') });
    expect(result).toMatchObject({ ok: true, checked: 15 });
  });

  it('refuses a record without actor, action or object kind, and appends after close', async () => {
    const trail = await openAuditTrail(trailOptions(db, 'c-bad'));
    await expect(trail.append({ ...input(1), action: '' })).rejects.toThrow(/必填/);
    expect(trail.counters.failed).toBe(1);
    await trail.close();
    await expect(trail.append(input(2))).rejects.toThrow(/已关闭/);
  });
});
