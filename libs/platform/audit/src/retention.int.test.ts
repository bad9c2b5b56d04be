import { z } from '@jh/platform-config';
import { auditEnv } from './env';
import { CHECKPOINTS, prunedMarkerId, type AuditCheckpoint, type AuditDb } from './record';
import { AuditRetentionError } from './retention';
import {
  T0,
  idOf,
  input,
  records,
  signerFor,
  testClock,
  testDb,
  trailOptions,
} from './test-support';
import { openAuditTrail } from './trail';
import { verifyChain } from './verify';

// 等保 2.0 level 3: audit records are kept at least 180 days (R-OV-1: pruning leaves a signed marker).
jest.setTimeout(60_000);

const DAY = 86_400_000;
let db: AuditDb;
let closeDb: () => Promise<void>;
beforeAll(async () => {
  ({ db, close: closeDb } = await testDb('audit-retention'));
});
afterAll(() => closeDb());

/** 30 records, record i written (300 - 10 i) days before T0: seqs 1..12 are older than 180 days. */
async function oldChain(chain: string, retentionDays?: number) {
  const time = testClock();
  const trail = await openAuditTrail(
    trailOptions(db, chain, { clock: time.clock, ...(retentionDays ? { retentionDays } : {}) }),
  );
  for (let i = 0; i < 30; i++) {
    time.set(T0 - (300 - 10 * i) * DAY);
    await trail.append(input(i + 1));
  }
  await trail.flush();
  time.set(T0);
  return { trail, time };
}
const verify = (chain: string) =>
  verifyChain({ db, chain, hash: 'sha256', verifier: signerFor('sha256') });

describe('retention', () => {
  it('refuses a cut less than 180 days ago, whatever is configured', async () => {
    const { trail } = await oldChain('r-floor', 30);
    await expect(trail.purgeBefore(new Date(T0 - 179 * DAY))).rejects.toThrow(AuditRetentionError);
    await expect(trail.purgeBefore(new Date(T0 - 179 * DAY))).rejects.toThrow(/至少 180 天/);
    expect(await records(db).findOne({ _id: idOf('r-floor', 1) })).not.toBeNull();
    expect(() => z.object(auditEnv).parse({ AUDIT_RETENTION_DAYS: '90' })).toThrow();
    expect(z.object(auditEnv).parse({})).toMatchObject({
      AUDIT_RETENTION_DAYS: 180,
      AUDIT_CHECKPOINT_EVERY: 100,
      AUDIT_HASH: 'sha256',
    });
    await trail.close();
  });

  it('honours a longer configured retention', async () => {
    const { trail } = await oldChain('r-long', 365);
    await expect(trail.purgeBefore(new Date(T0 - 200 * DAY))).rejects.toThrow(/至少 365 天/);
    await trail.close();
  });

  it('cuts the whole prefix older than the cut; verify and later appends still work', async () => {
    const chain = 'r-purge';
    const { trail } = await oldChain(chain);
    // Records 1..11 are at 300..200 days; the cut at 195 days removes exactly those.
    const result = await trail.purgeBefore(new Date(T0 - 195 * DAY));
    expect(result).toEqual({ prunedUpTo: 11, removed: 11 });
    expect(await records(db).findOne({ _id: idOf(chain, 11) })).toBeNull();
    expect(await records(db).findOne({ _id: idOf(chain, 12) })).not.toBeNull();
    const marker = await db
      .collection<AuditCheckpoint>(CHECKPOINTS)
      .findOne({ _id: prunedMarkerId(chain) });
    expect(marker).toMatchObject({ kind: 'pruned', seq: 11 });
    expect(await verify(chain)).toMatchObject({ ok: true, checked: 19 });

    await trail.append(input(31));
    await trail.close();
    const reopened = await openAuditTrail(trailOptions(db, chain));
    expect(reopened.headSeq).toBe(31);
    await reopened.close();
    expect(await verify(chain)).toMatchObject({ ok: true, checked: 20 });
    // Purging again with nothing old enough is a no-op.
    expect(await trail.purgeBefore(new Date(T0 - 195 * DAY))).toEqual({
      prunedUpTo: 11,
      removed: 0,
    });
  });

  it('a deleted or forged prune marker is caught', async () => {
    const chain = 'r-marker';
    const { trail } = await oldChain(chain);
    await trail.purgeBefore(new Date(T0 - 195 * DAY));
    await trail.close();
    const cps = db.collection<AuditCheckpoint>(CHECKPOINTS);
    await cps.updateOne({ _id: prunedMarkerId(chain) }, { $set: { seq: 12 } });
    expect((await verify(chain)).firstProblem).toMatchObject({ kind: 'bad-signature' });
    await cps.deleteOne({ _id: prunedMarkerId(chain) });
    expect((await verify(chain)).firstProblem).toMatchObject({ seq: 1, kind: 'deleted' });
  });

  it('refuses to prune a tampered prefix away', async () => {
    const chain = 'r-tampered';
    const { trail } = await oldChain(chain);
    await records(db).updateOne({ _id: idOf(chain, 4) }, { $set: { action: 'x' } });
    await expect(trail.purgeBefore(new Date(T0 - 195 * DAY))).rejects.toThrow(/第 4 条/);
    await trail.close();
  });
});
