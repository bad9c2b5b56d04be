import { GENESIS_HASH, recordHash, type AuditHash } from './canonical';
import {
  CHECKPOINTS,
  RECORDS,
  checkpointPayload,
  prunedMarkerId,
  recordId,
  type AuditCheckpoint,
  type AuditDb,
  type AuditRecord,
} from './record';
import type { CheckpointSigner } from './signers';

export interface PurgeResult {
  /** The chain now starts after this seq (0: nothing was ever pruned). */
  prunedUpTo: number;
  removed: number;
}

export class AuditRetentionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditRetentionError';
  }
}

const DAY_MS = 86_400_000;

/**
 * Cuts the prefix of records older than `cut`. The signed "pruned up to seq N, hash H" marker is
 * written before anything is deleted, so a crash half-way leaves a chain that still verifies.
 * The prefix is checked while walking: a tampered prefix is never pruned away silently.
 */
export async function purgeChain(o: {
  db: AuditDb;
  chain: string;
  hash: AuditHash;
  signer: CheckpointSigner;
  clock: () => Date;
  retentionDays: number;
  cut: Date;
}): Promise<PurgeResult> {
  const latestCut = o.clock().getTime() - o.retentionDays * DAY_MS;
  if (!(o.cut.getTime() <= latestCut)) {
    throw new AuditRetentionError(
      `审计记录须保留至少 ${o.retentionDays} 天，不能清理 ${new Date(latestCut).toISOString()} 之后的记录 / ` +
        `audit records are kept ${o.retentionDays} days`,
    );
  }
  const records = o.db.collection<AuditRecord>(RECORDS);
  const checkpoints = o.db.collection<AuditCheckpoint>(CHECKPOINTS);
  const marker = await checkpoints.findOne({ _id: prunedMarkerId(o.chain) });
  if (
    marker &&
    !o.signer.verify(checkpointPayload(marker), Buffer.from(marker.signature, 'base64'))
  ) {
    throw new AuditRetentionError('清理标记签名无效，拒绝清理 / prune marker signature invalid');
  }
  const start = marker ? { seq: marker.seq, hash: marker.hash } : { seq: 0, hash: GENESIS_HASH };
  let last = start;
  for (;;) {
    const seq = last.seq + 1;
    const doc = await records.findOne({ _id: recordId(o.chain, seq) });
    if (!doc || !(doc.at < o.cut)) break;
    if (doc.seq !== seq || doc.prevHash !== last.hash || recordHash(o.hash, doc) !== doc.hash) {
      throw new AuditRetentionError(
        `审计链第 ${seq} 条校验失败，拒绝清理，请先运行 audit:verify / chain broken at seq ${seq}`,
      );
    }
    last = { seq, hash: doc.hash };
  }
  if (last.seq === start.seq) return { prunedUpTo: start.seq, removed: 0 };

  const body = {
    kind: 'pruned' as const,
    chain: o.chain,
    seq: last.seq,
    hash: last.hash,
    at: o.clock(),
    keyId: o.signer.keyId,
  };
  const signature = o.signer.sign(checkpointPayload(body)).toString('base64');
  await checkpoints.replaceOne(
    { _id: prunedMarkerId(o.chain) },
    { ...body, signature },
    { upsert: true },
  );
  // Point deletes by `_id` (a range delete is a full scan on the local engine).
  for (let seq = start.seq + 1; seq <= last.seq; seq++) {
    await records.deleteOne({ _id: recordId(o.chain, seq) });
  }
  const old = await checkpoints
    .find({ chain: o.chain, kind: 'checkpoint' }, { projection: { seq: 1 } })
    .toArray();
  for (const c of old) if (c.seq <= last.seq) await checkpoints.deleteOne({ _id: c._id });
  return { prunedUpTo: last.seq, removed: last.seq - start.seq };
}
