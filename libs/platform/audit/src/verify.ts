import type { mongo } from 'mongoose';
import { GENESIS_HASH, recordHash, type AuditHash } from './canonical';
import {
  CHECKPOINTS,
  RECORDS,
  checkpointPayload,
  recordId,
  type AuditCheckpoint,
  type AuditDb,
  type AuditRecord,
} from './record';
import type { CheckpointSigner } from './signers';

export type ProblemKind =
  'changed' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'bad-signature';

export interface VerifyResult {
  ok: boolean;
  /** Records checked. */
  checked: number;
  /** Signed checkpoints (and prune marker) whose signature and hash matched. */
  checkpoints: number;
  firstProblem?: { seq: number; kind: ProblemKind; message: string };
  /** First seq checked (after a prune marker, or `from`). */
  first: number;
  /** Where a walk stopped by `limit` goes on; absent when it reached the end or a problem. */
  next?: number;
}

export interface VerifyOptions {
  db: AuditDb;
  chain: string;
  hash: AuditHash;
  /** Public key(s); several when keys were rotated (matched by keyId). */
  verifier: CheckpointSigner | CheckpointSigner[];
  onProgress?: (checked: number) => void;
  /**
   * A bounded walk (the console's 校验链 runs the chain in slices): start at seq `from`, linked to
   * the record before it, and stop after `limit` records. Slices run back to back cover the whole
   * chain: a record replaced at a slice's edge breaks the next record's link.
   */
  from?: number;
  limit?: number;
}

/** Reads ahead: records are fetched by `_id` point lookups, WINDOW at a time in flight. */
const WINDOW = 32;
/** How far past a missing record we look for survivors (deleted vs. end of chain). */
const LOOKAHEAD = 64;
/** How far a moved record's original position is searched for. */
const MOVED_SPAN = 8;

class Reader {
  private cache = new Map<number, Promise<AuditRecord | null>>();
  constructor(
    private readonly records: mongo.Collection<AuditRecord>,
    private readonly chain: string,
  ) {}
  get(seq: number): Promise<AuditRecord | null> {
    for (let s = seq; s < seq + WINDOW; s++) {
      if (!this.cache.has(s)) {
        const read = this.records.findOne({ _id: recordId(this.chain, s) });
        // Reads ahead may be abandoned when the walk stops; their errors surface only if awaited.
        read.catch(() => undefined);
        this.cache.set(s, read as Promise<AuditRecord | null>);
      }
    }
    this.cache.delete(seq - WINDOW);
    return this.cache.get(seq)!;
  }
}

const problem = (
  seq: number,
  kind: ProblemKind,
  message: string,
): VerifyResult['firstProblem'] => ({
  seq,
  kind,
  message,
});

/**
 * Walks the chain in seq order and names the first record that was changed, deleted, inserted or
 * reordered, a tail cut off below a signed checkpoint, or a checkpoint whose signature fails.
 */
export async function verifyChain(o: VerifyOptions): Promise<VerifyResult> {
  const verifiers = Array.isArray(o.verifier) ? o.verifier : [o.verifier];
  const signedOk = (c: AuditCheckpoint) => {
    const v = verifiers.find((x) => x.keyId === c.keyId);
    return (
      !!v &&
      typeof c.signature === 'string' &&
      v.verify(checkpointPayload(c), Buffer.from(c.signature, 'base64'))
    );
  };
  const all = await o.db
    .collection<AuditCheckpoint>(CHECKPOINTS)
    .find({ chain: o.chain })
    .toArray();
  const marker = all.find((c) => c.kind === 'pruned');
  let checkpointsOk = 0;
  let start = { seq: 0, hash: GENESIS_HASH };
  if (marker) {
    if (!signedOk(marker)) {
      return {
        ok: false,
        checked: 0,
        checkpoints: 0,
        first: marker.seq + 1,
        firstProblem: problem(
          marker.seq,
          'bad-signature',
          `清理标记（第 ${marker.seq} 条）签名无效`,
        ),
      };
    }
    start = { seq: marker.seq, hash: marker.hash };
    checkpointsOk++;
  }
  const first = Math.max(start.seq + 1, o.from ?? 0);
  const cps = all
    .filter((c) => c.kind !== 'pruned' && c.seq >= first)
    .sort((a, b) => a.seq - b.seq);
  const badSig = cps.find((c) => !signedOk(c));
  const bySeq = new Map(cps.map((c) => [c.seq, c]));
  const signedHead = cps
    .filter((c) => c !== badSig)
    .reduce((m, c) => Math.max(m, c.seq), start.seq);
  const reader = new Reader(o.db.collection<AuditRecord>(RECORDS), o.chain);
  const hashOf = (d: AuditRecord, seq = d.seq) =>
    recordHash(o.hash, { ...d, seq, _id: recordId(o.chain, seq) } as unknown as AuditRecord &
      Record<string, unknown>);

  let prev = start.hash;
  let prevPrev: string | null = null;
  let lastCheckpoint = first - 1;
  let checked = 0;
  /** `stoppedAt`: the limit ended the walk there; checkpoints beyond it are the next slice's. */
  const result = (p?: VerifyResult['firstProblem'], stoppedAt?: number): VerifyResult => {
    o.onProgress?.(checked);
    // A bad checkpoint signature below the first chain problem is the first problem.
    const worst =
      badSig && (!p || badSig.seq <= p.seq) && (stoppedAt === undefined || badSig.seq < stoppedAt)
        ? problem(
            badSig.seq,
            'bad-signature',
            `第 ${badSig.seq} 条处的检查点签名无效（检查点被伪造或篡改）`,
          )
        : p;
    if (worst)
      return { ok: false, checked, checkpoints: checkpointsOk, first, firstProblem: worst };
    return {
      ok: true,
      checked,
      checkpoints: checkpointsOk,
      first,
      ...(stoppedAt !== undefined ? { next: stoppedAt } : {}),
    };
  };

  if (first > start.seq + 1) {
    // A slice: linked to the record before it (that one's own hash is the earlier slice's check).
    const before = await reader.get(first - 1);
    if (before) {
      prev = before.hash;
      prevPrev = before.prevHash;
    } else if (await reader.get(first)) {
      return result(problem(first - 1, 'deleted', `第 ${first - 1} 条记录被删除`));
    }
    // Neither: past the chain's end; the walk below finds the end (or a cut-off tail).
  }

  for (let k = first; ; k++) {
    if (badSig && badSig.seq < k) return result();
    if (o.limit !== undefined && checked >= o.limit) return result(undefined, k);
    const doc = await reader.get(k);
    if (!doc) {
      for (let s = k + 1; s <= k + LOOKAHEAD; s++) {
        if (await reader.get(s))
          return result(problem(k, 'deleted', `第 ${k} 条记录被删除（其后仍有第 ${s} 条）`));
      }
      if (signedHead >= k) {
        return result(
          problem(
            k,
            'truncated',
            `链在第 ${k - 1} 条处结束，但已签名检查点记录到第 ${signedHead} 条：链尾被截断`,
          ),
        );
      }
      return result();
    }
    const selfOk = doc.hash === hashOf(doc);
    const idOk = doc.seq === k && doc.chain === o.chain;
    if (!idOk || !selfOk) {
      // Where did this record come from? A moved record still hashes at its original seq.
      let from: number | null = idOk ? null : typeof doc.seq === 'number' ? doc.seq : null;
      if (from === null && !selfOk) {
        for (let m = Math.max(1, k - MOVED_SPAN); m <= k + MOVED_SPAN && from === null; m++) {
          if (m !== k && hashOf(doc, m) === doc.hash) from = m;
        }
      }
      if (from === k - 1 && doc.prevHash === prevPrev) {
        return result(
          problem(
            k - 1,
            'inserted',
            `第 ${k - 1} 条是插入的记录（原第 ${k - 1} 条被移到第 ${k} 条）`,
          ),
        );
      }
      if (from !== null && from !== k) {
        return result(
          problem(k, 'reordered', `第 ${k} 条位置上是原第 ${from} 条记录（记录顺序被调换）`),
        );
      }
      const next = await reader.get(k + 1);
      if (next && next.prevHash === prev) {
        return result(
          problem(
            k,
            'inserted',
            `第 ${k} 条是插入的记录（第 ${k + 1} 条直接接在第 ${k - 1} 条之后）`,
          ),
        );
      }
      return result(problem(k, 'changed', `第 ${k} 条记录内容被修改（哈希不符）`));
    }
    if (doc.prevHash !== prev) {
      // Intact itself but not chained to the record before: that one was replaced, hash recomputed.
      return result(
        problem(k - 1, 'changed', `第 ${k - 1} 条记录被替换（哈希被重新计算，与第 ${k} 条不衔接）`),
      );
    }
    const cp = bySeq.get(k);
    if (cp && cp !== badSig) {
      if (cp.hash !== doc.hash) {
        return result(
          problem(
            lastCheckpoint + 1,
            'changed',
            `第 ${lastCheckpoint + 1}–${k} 条之间的记录被改写并重新计算了哈希（与已签名检查点不符）`,
          ),
        );
      }
      checkpointsOk++;
      lastCheckpoint = k;
    }
    prevPrev = prev;
    prev = doc.hash;
    checked++;
    if (o.onProgress && checked % 1000 === 0) o.onProgress(checked);
  }
}
