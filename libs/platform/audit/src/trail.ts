import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@jh/platform-logger';
import { GENESIS_HASH, recordHash, type AuditHash } from './canonical';
import {
  CHECKPOINTS,
  HEADS,
  RECORDS,
  checkpointId,
  checkpointPayload,
  normalizeInput,
  prunedMarkerId,
  recordId,
  type AuditCheckpoint,
  type AuditDb,
  type AuditRecord,
  type AuditRecordInput,
} from './record';
import { exportRecords, searchRecords, type AuditSearch, type AuditPage } from './search';
import { purgeChain, type PurgeResult } from './retention';
import type { CheckpointSigner } from './signers';
import { RETENTION_FLOOR_DAYS } from './env';
import { verifyChain, type VerifyResult } from './verify';

export interface AuditTrailOptions {
  db: AuditDb;
  /** The chain's name: the service name. */
  chain: string;
  hash: AuditHash;
  signer: CheckpointSigner;
  clock: () => Date;
  /** A signed checkpoint after this many records (and on close). */
  checkpointEvery?: number;
  /** AUDIT_RETENTION_DAYS; never below the 180-day floor. */
  retentionDays?: number;
  logger: Logger;
  /** Most records written by one insertMany (at most 100, see the constructor). */
  maxBatch?: number;
}

interface Pending {
  input: ReturnType<typeof normalizeInput>;
  resolve: () => void;
  reject: (e: Error) => void;
}

interface Head {
  seq: number;
  hash: string;
}

const RETRIES = 3;
const MAX_BATCH = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens (and indexes) a chain in the service's database and finds its head by `_id` lookups. */
export async function openAuditTrail(options: AuditTrailOptions): Promise<AuditTrail> {
  const trail = new AuditTrail(options);
  await trail.init();
  return trail;
}

/** Append-only, hash-chained audit records of one service (one writer queue per process). */
export class AuditTrail {
  readonly chain: string;
  readonly hash: AuditHash;
  /** appended/failed count records; conflicts count another writer taking our seq. */
  readonly counters = { appended: 0, failed: 0, conflicts: 0, checkpoints: 0 };
  private readonly records;
  private readonly checkpoints;
  private readonly heads;
  private readonly every: number;
  private readonly maxBatch: number;
  /**
   * Which process wrote a record. Also keeps two writers' records apart when everything else is
   * equal (same event, same millisecond, same head): a lost race is never taken for our own write.
   */
  readonly writer = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  private head: Head | null = null;
  private lastCheckpointSeq = 0;
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private signing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: AuditTrailOptions) {
    this.chain = options.chain;
    this.hash = options.hash;
    this.records = options.db.collection<AuditRecord>(RECORDS);
    this.checkpoints = options.db.collection<AuditCheckpoint>(CHECKPOINTS);
    this.heads = options.db.collection<{ _id: string; seq: number }>(HEADS);
    this.every = options.checkpointEvery ?? 100;
    // The local engine (FerretDB 1.24) splits an insertMany into batches of 100 and, when one
    // fails on a duplicate, still inserts the following batches despite `ordered`: records of a
    // lost race would land behind another writer's. Within 100 the stop at the first error holds.
    this.maxBatch = Math.min(options.maxBatch ?? MAX_BATCH, MAX_BATCH);
  }

  /** @internal (openAuditTrail) */
  async init(): Promise<void> {
    // One index per call: the local engine drops the connection on a multi-spec createIndexes
    // whose specs all exist already. Equality fields only (ADR 0013); ranges are filtered after.
    await this.records.createIndex({ personRefs: 1 });
    await this.records.createIndex({ 'object.kind': 1, 'object.id': 1 });
    await this.records.createIndex({ 'actor.userId': 1 });
    await this.checkpoints.createIndex({ chain: 1 });
    const hint = await this.heads.findOne({ _id: this.chain });
    this.lastCheckpointSeq = hint?.seq ?? 0;
    this.head = await this.findHead(hint?.seq);
  }

  /** Resolves once the record is stored; records of the chain get consecutive seq numbers. */
  append(input: AuditRecordInput): Promise<void> {
    if (this.closed) {
      this.counters.failed++;
      return Promise.reject(new Error('审计链已关闭 / audit trail closed'));
    }
    let normalized: Pending['input'];
    try {
      normalized = normalizeInput(input);
      for (const v of [normalized.actor.userId, normalized.action, normalized.object.kind]) {
        if (typeof v !== 'string' || v === '') throw new Error('审计记录缺少必填字段');
      }
    } catch (e) {
      this.counters.failed++;
      return Promise.reject(e as Error);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ input: normalized, resolve, reject });
      this.kick();
    });
  }

  /**
   * `append` for callers that must not wait or fail (the change is already made): a failed append
   * is logged without personal data and counted in `counters.failed`.
   */
  record(input: AuditRecordInput): void {
    this.append(input).catch((e: unknown) => {
      this.options.logger.error(
        {
          chain: this.chain,
          action: input.action,
          objectKind: input.object.kind,
          err: (e as Error).message,
        },
        '审计记录丢失风险：追加失败 / audit append failed',
      );
    });
  }

  /** Waits until everything appended so far is stored (or failed). */
  async flush(): Promise<void> {
    while (this.draining || this.signing) await (this.draining ?? this.signing);
  }

  /** Flushes, writes a final checkpoint, refuses further appends. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.signing) await this.signing;
    if (this.head && this.head.seq > this.lastCheckpointSeq) await this.checkpoint(this.head);
  }

  /** Current head as this process knows it (seq 0: empty chain). */
  get headSeq(): number {
    return this.head?.seq ?? 0;
  }

  search(query: AuditSearch, page: { page: number; pageSize: number }): Promise<AuditPage> {
    return searchRecords(this.records, this.chain, query, page);
  }

  /** Up to `limit` matching records, newest first (CSV export). */
  exportRecords(query: AuditSearch, limit: number): Promise<AuditRecord[]> {
    return exportRecords(this.records, this.chain, query, limit);
  }

  /**
   * Verifies (a slice of) this chain against this service's own key (rotated-out keys: use
   * `verifyChain` with every verifier, as `audit:verify` does).
   */
  verify(range: { from?: number; limit?: number } = {}): Promise<VerifyResult> {
    return verifyChain({
      db: this.options.db,
      chain: this.chain,
      hash: this.hash,
      verifier: this.options.signer,
      ...range,
    });
  }

  get logger(): Logger {
    return this.options.logger;
  }

  /** Removes the whole prefix older than `cut` (not within the retention period), leaving a signed marker. */
  purgeBefore(cut: Date): Promise<PurgeResult> {
    return purgeChain({
      db: this.options.db,
      chain: this.chain,
      hash: this.hash,
      signer: this.options.signer,
      clock: this.options.clock,
      retentionDays: Math.max(RETENTION_FLOOR_DAYS, this.options.retentionDays ?? 0),
      cut,
    });
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      await this.writeBatch(batch);
      // Signed in the background (other collections): the next batch need not wait for it.
      if (this.head && this.head.seq - this.lastCheckpointSeq >= this.every && !this.signing) {
        this.signing = this.checkpoint(this.head).finally(() => {
          this.signing = null;
        });
      }
    }
  }

  private build(batch: Pending[], head: Head): AuditRecord[] {
    let prevHash = head.hash;
    return batch.map((p, i) => {
      const seq = head.seq + 1 + i;
      const base = {
        _id: recordId(this.chain, seq),
        chain: this.chain,
        seq,
        at: this.options.clock(),
        writer: this.writer,
        ...p.input,
        prevHash,
      };
      const hash = recordHash(this.hash, base);
      prevHash = hash;
      return { ...base, hash };
    });
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let remaining = batch;
    let failures = 0;
    while (remaining.length > 0) {
      let docs: AuditRecord[] = [];
      const before = this.head;
      try {
        const head = before ?? (await this.findHead());
        this.head = head;
        docs = this.build(remaining, head);
        await this.records.insertMany(docs, { ordered: true });
        this.head = { seq: head.seq + docs.length, hash: docs[docs.length - 1]!.hash };
        this.settle(remaining, remaining.length);
        return;
      } catch (e) {
        // Another writer took a seq (duplicate _id), or the write failed part way: find out by
        // `_id` lookups which of ours got stored and where the head is now, then re-chain.
        this.head = null;
        let stored = 0;
        try {
          if (docs.length > 0 && this.headBefore(docs)) {
            const probed = await this.probeForward(this.headBefore(docs)!, docs);
            this.head = probed.head;
            stored = probed.ours;
          }
        } catch {
          // Head stays unknown; found again before the next attempt.
        }
        this.settle(remaining, stored);
        remaining = remaining.slice(stored);
        if (remaining.length === 0) return;
        if ((e as { code?: unknown }).code === 11000) {
          this.counters.conflicts++;
          continue;
        }
        failures++;
        if (failures >= RETRIES) {
          this.counters.failed += remaining.length;
          this.options.logger.error(
            { chain: this.chain, records: remaining.length, err: (e as Error).message },
            '审计记录写入失败 / audit append failed',
          );
          for (const p of remaining) p.reject(e as Error);
          return;
        }
        await sleep(25 * 4 ** failures);
      }
    }
  }

  private headBefore(docs: AuditRecord[]): Head | null {
    const first = docs[0];
    return first ? { seq: first.seq - 1, hash: first.prevHash } : null;
  }

  private settle(batch: Pending[], count: number): void {
    for (const p of batch.slice(0, count)) p.resolve();
    this.counters.appended += count;
  }

  private at(seq: number) {
    return this.records.findOne({ _id: recordId(this.chain, seq) }, { projection: { hash: 1 } });
  }

  /**
   * The head at or after `from` by `_id` lookups: first one by one while the records found are
   * `ours` (to learn how many of a failed batch were stored), then galloping and bisecting, so
   * catching up with another writer costs O(log gap) lookups.
   */
  private async probeForward(
    from: Head,
    ours: AuditRecord[] = [],
  ): Promise<{ head: Head; ours: number }> {
    let lo = from;
    let matched = 0;
    for (const mine of ours) {
      const doc = await this.at(lo.seq + 1);
      if (!doc) return { head: lo, ours: matched };
      lo = { seq: lo.seq + 1, hash: doc.hash };
      if (doc.hash !== mine.hash) break;
      matched++;
    }
    let step = 1;
    let hi: number;
    for (;;) {
      const doc = await this.at(lo.seq + step);
      if (!doc) {
        hi = lo.seq + step;
        break;
      }
      lo = { seq: lo.seq + step, hash: doc.hash };
      step *= 2;
    }
    while (hi - lo.seq > 1) {
      const mid = Math.floor((lo.seq + hi) / 2);
      const doc = await this.at(mid);
      if (doc) lo = { seq: mid, hash: doc.hash };
      else hi = mid;
    }
    return { head: lo, ours: matched };
  }

  /** Head by `_id` lookups, starting from the hint (if that record exists) or the prune marker. */
  private async findHead(hintSeq?: number): Promise<Head> {
    const marker = await this.checkpoints.findOne({ _id: prunedMarkerId(this.chain) });
    let base: Head = marker
      ? { seq: marker.seq, hash: marker.hash }
      : { seq: 0, hash: GENESIS_HASH };
    const hinted = hintSeq && hintSeq > base.seq ? await this.at(hintSeq) : null;
    if (hinted) base = { seq: hintSeq!, hash: hinted.hash };
    return (await this.probeForward(base)).head;
  }

  private async checkpoint(head: Head): Promise<void> {
    const body = {
      kind: 'checkpoint' as const,
      chain: this.chain,
      seq: head.seq,
      hash: head.hash,
      at: this.options.clock(),
      keyId: this.options.signer.keyId,
    };
    try {
      const signature = this.options.signer.sign(checkpointPayload(body)).toString('base64');
      await this.checkpoints
        .insertOne({ _id: checkpointId(this.chain, head.seq), ...body, signature })
        .catch((e: unknown) => {
          // Another writer signed the same head already.
          if ((e as { code?: unknown }).code !== 11000) throw e;
        });
      await this.heads.updateOne(
        { _id: this.chain },
        { $max: { seq: head.seq } },
        { upsert: true },
      );
      this.lastCheckpointSeq = Math.max(this.lastCheckpointSeq, head.seq);
      this.counters.checkpoints++;
    } catch (e) {
      // Records are stored; the next flush or close tries again.
      this.options.logger.error(
        { chain: this.chain, seq: head.seq, err: (e as Error).message },
        '审计检查点写入失败 / audit checkpoint failed',
      );
    }
  }
}
