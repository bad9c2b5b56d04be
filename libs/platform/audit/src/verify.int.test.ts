import { recordHash } from './canonical';
import { CHECKPOINTS, checkpointPayload, type AuditCheckpoint, type AuditDb } from './record';
import { generateSigningKeyPair, signerFromPem } from './signers';
import { idOf, records, seedChain, signerFor, testDb } from './test-support';
import { verifyChain, type VerifyResult } from './verify';

// R-OV-1: the trail cannot be silently edited. Each case edits the database directly with the raw
// driver, as someone with database access would, and verify must name the kind and the seq.
jest.setTimeout(60_000);

let db: AuditDb;
let closeDb: () => Promise<void>;
beforeAll(async () => {
  ({ db, close: closeDb } = await testDb('audit-verify'));
});
afterAll(() => closeDb());

let n = 0;
/** A fresh closed chain of 30 records, checkpoints at 10, 20 and 30. */
async function chain(hash: 'sha256' | 'sm3' = 'sha256'): Promise<string> {
  const name = `v${++n}`;
  await seedChain(db, name, 30, hash);
  return name;
}
const verify = (name: string, hash: 'sha256' | 'sm3' = 'sha256'): Promise<VerifyResult> =>
  verifyChain({ db, chain: name, hash, verifier: signerFor(hash) });
const col = () => records(db);
const get = async (name: string, seq: number) => (await col().findOne({ _id: idOf(name, seq) }))!;

/** Moves records from..to one place up (highest first), keeping their content. */
async function shiftUp(name: string, from: number, to: number, rewriteSeq: boolean) {
  for (let s = to; s >= from; s--) {
    const { _id: _old, ...doc } = await get(name, s);
    await col().insertOne({
      ...doc,
      _id: idOf(name, s + 1),
      ...(rewriteSeq ? { seq: s + 1 } : {}),
    });
    await col().deleteOne({ _id: idOf(name, s) });
  }
}

describe('verifyChain catches direct database edits (R-OV-1)', () => {
  it.each(['sha256', 'sm3'] as const)('an untouched %s chain verifies', async (hash) => {
    const name = await chain(hash);
    const progress: number[] = [];
    const result = await verifyChain({
      db,
      chain: name,
      hash,
      verifier: signerFor(hash),
      onProgress: (c) => progress.push(c),
    });
    expect(result).toEqual({ ok: true, checked: 30, checkpoints: 3, first: 1 });
    expect(progress).toEqual([30]);
  });

  it('a changed field', async () => {
    const name = await chain('sm3');
    await col().updateOne({ _id: idOf(name, 7) }, { $set: { 'actor.userId': 'someone-else' } });
    expect((await verify(name, 'sm3')).firstProblem).toMatchObject({ seq: 7, kind: 'changed' });
  });

  it('a deleted record', async () => {
    const name = await chain();
    await col().deleteOne({ _id: idOf(name, 7) });
    const r = await verify(name);
    expect(r).toMatchObject({ ok: false, checked: 6, firstProblem: { seq: 7, kind: 'deleted' } });
    expect(r.firstProblem?.message).toMatch(/第 7 条记录被删除/);
  });

  it.each([
    ['with a made-up hash', false],
    ['with a correctly computed hash', true],
  ])('an inserted record (%s), later records moved up', async (_label, computed) => {
    const name = await chain();
    await shiftUp(name, 7, 30, false);
    const six = await get(name, 6);
    const forged = {
      ...(await get(name, 8)), // the old 7, now at 8
      _id: idOf(name, 7),
      seq: 7,
      action: 'application.approve',
      prevHash: six.hash,
    };
    forged.hash = computed ? recordHash('sha256', forged as never) : 'f'.repeat(64);
    await col().insertOne(forged);
    expect((await verify(name)).firstProblem).toMatchObject({ seq: 7, kind: 'inserted' });
  });

  it('an inserted record whose successors also got their seq rewritten', async () => {
    const name = await chain();
    await shiftUp(name, 7, 30, true);
    const forged = { ...(await get(name, 6)), _id: idOf(name, 7), seq: 7, hash: '0'.repeat(64) };
    await col().insertOne(forged);
    expect((await verify(name)).firstProblem).toMatchObject({ seq: 7, kind: 'inserted' });
  });

  it.each([
    ['contents swapped under the same _ids', false],
    ['seq fields rewritten to match', true],
  ])('two records swapped (%s)', async (_label, rewriteSeq) => {
    const name = await chain();
    const [a, b] = [await get(name, 7), await get(name, 8)];
    const { _id: _a, ...aBody } = a;
    const { _id: _b, ...bBody } = b;
    await col().replaceOne({ _id: a._id }, { ...bBody, ...(rewriteSeq ? { seq: 7 } : {}) });
    await col().replaceOne({ _id: b._id }, { ...aBody, ...(rewriteSeq ? { seq: 8 } : {}) });
    const r = await verify(name);
    expect(r.firstProblem).toMatchObject({ seq: 7, kind: 'reordered' });
    expect(r.firstProblem?.message).toMatch(/原第 8 条/);
  });

  it('a tail cut off below the signed head', async () => {
    const name = await chain();
    for (let s = 26; s <= 30; s++) await col().deleteOne({ _id: idOf(name, s) });
    const r = await verify(name);
    expect(r).toMatchObject({
      ok: false,
      checked: 25,
      firstProblem: { seq: 26, kind: 'truncated' },
    });
  });

  it('a forged checkpoint signature, and a checkpoint signed with another key', async () => {
    const name = await chain();
    const cps = db.collection<AuditCheckpoint>(CHECKPOINTS);
    const cp = (await cps.findOne({ _id: idOf(name, 20) }))!;
    const sig = Buffer.from(cp.signature, 'base64');
    sig[5] = sig[5]! ^ 1;
    await cps.updateOne({ _id: cp._id }, { $set: { signature: sig.toString('base64') } });
    expect((await verify(name)).firstProblem).toMatchObject({ seq: 20, kind: 'bad-signature' });

    const intruder = signerFromPem(generateSigningKeyPair('ed25519').privatePem);
    const body = { ...cp, keyId: intruder.keyId };
    const forged = intruder.sign(checkpointPayload(body)).toString('base64');
    await cps.updateOne({ _id: cp._id }, { $set: { keyId: intruder.keyId, signature: forged } });
    expect((await verify(name)).firstProblem).toMatchObject({ seq: 20, kind: 'bad-signature' });
  });

  it('a record rewritten with all later hashes recomputed: the signed checkpoint disagrees', async () => {
    const name = await chain();
    let prev = (await get(name, 14)).hash;
    for (let s = 15; s <= 30; s++) {
      const doc = await get(name, s);
      const next = { ...doc, prevHash: prev, ...(s === 15 ? { action: 'forged' } : {}) };
      next.hash = recordHash('sha256', next as never);
      await col().replaceOne({ _id: doc._id }, next);
      prev = next.hash;
    }
    const r = await verify(name);
    expect(r.firstProblem).toMatchObject({ seq: 11, kind: 'changed' });
    expect(r.firstProblem?.message).toMatch(/11–20/);
  });
});
