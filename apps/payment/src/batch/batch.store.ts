import type { Collection } from 'mongodb';
import type { Model } from 'mongoose';
import type { PaymentOrderDoc } from '../order/order.model';
import { slotShards, type DueCursor } from '../order/due-slot';
import { insertedRecords, type OrderAuditSink } from '../order/order.audit-chain';
import type {
  BatchAudit,
  BatchCounts,
  BatchFailure,
  BatchRunDoc,
  BatchStatus,
} from './batch.model';
import { batchRunId } from './batch.model';
import type { MonthNumber } from './month';
import { isDuplicateKey } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';

export interface ChunkResult {
  created: number;
  existing: number;
  failed: BatchFailure[];
}

/** Writes a chunk of new orders; an order that already exists is counted, not an error (R-PAY-5). */
export interface OrderChunkWriter {
  insertChunk(docs: PaymentOrderDoc[]): Promise<ChunkResult>;
}

export interface BatchRunStore {
  findById(id: string): Promise<BatchRunDoc | undefined>;
  /**
   * Starts an attempt: creates the run, or takes over one that is finished or whose heartbeat is
   * older than `staleBefore`. Undefined when another attempt is still alive.
   */
  claim(month: MonthNumber, audit: BatchAudit, staleBefore: Date): Promise<BatchRunDoc | undefined>;
  setTotal(id: string, attempt: number, total: number): Promise<boolean>;
  /** Adds a chunk's counts; false when a newer attempt took the run over. */
  progress(
    id: string,
    attempt: number,
    delta: Omit<BatchCounts, 'total'>,
    failures: BatchFailure[],
    at: Date,
  ): Promise<boolean>;
  finish(
    id: string,
    attempt: number,
    status: Exclude<BatchStatus, 'running'>,
    audit: BatchAudit,
    lastError?: string,
  ): Promise<boolean>;
}

interface BulkWriteFailure {
  code?: number;
  index: number;
  errmsg?: string;
}

/** The driver's MongoBulkWriteError, without depending on its class. */
function bulkErrorOf(
  e: unknown,
): { insertedCount: number; writeErrors: BulkWriteFailure[] } | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { writeErrors, result, insertedCount } = e as {
    writeErrors?: BulkWriteFailure | BulkWriteFailure[];
    result?: { insertedCount?: number };
    insertedCount?: number;
  };
  if (!writeErrors) return undefined;
  return {
    insertedCount: insertedCount ?? result?.insertedCount ?? 0,
    writeErrors: Array.isArray(writeErrors) ? writeErrors : [writeErrors],
  };
}

export class MongoOrderChunkWriter implements OrderChunkWriter {
  constructor(
    private readonly model: Model<PaymentOrderDoc>,
    private readonly cursor: DueCursor,
    /** The cipher of `payment_orders`: each order's ID and card number is sealed (issue 14). */
    private readonly cipher: DocumentCipher,
    /** Each inserted order's first entry, to the service's audit chain (ADR 0019). */
    private readonly onAudit: OrderAuditSink = () => undefined,
  ) {}

  private audited(docs: PaymentOrderDoc[]): void {
    for (const doc of docs) for (const r of insertedRecords(doc, this.cipher)) this.onAudit(r);
  }

  async insertChunk(docs: PaymentOrderDoc[]): Promise<ChunkResult> {
    if (docs.length === 0) return { created: 0, existing: 0, failed: [] };
    // The sender's walk must still reach the earliest slot written here (ADR 0016).
    const slots = docs.flatMap((d) => (d.dueSlot === undefined ? [] : [d.dueSlot]));
    if (slots.length > 0) await this.cursor.lower(Math.floor(Math.min(...slots) / slotShards));
    try {
      // The native collection: no per-document mongoose casting on the hot path.
      const orders = this.model.collection as unknown as Collection<PaymentOrderDoc>;
      const sealed = docs.map((d) => this.cipher.seal(d));
      const res = await orders.insertMany(sealed, { ordered: false });
      this.audited(docs);
      return { created: res.insertedCount, existing: 0, failed: [] };
    } catch (e) {
      const bulk = bulkErrorOf(e);
      if (!bulk) throw e;
      const failed: BatchFailure[] = [];
      let existing = 0;
      const refused = new Set(bulk.writeErrors.map((w) => w.index));
      this.audited(docs.filter((_, i) => !refused.has(i)));
      for (const w of bulk.writeErrors) {
        if (isDuplicateKey(w)) {
          existing += 1;
          continue;
        }
        failed.push({
          approvalId: docs[w.index]?.approvalId ?? '',
          code: 'ORDER_WRITE_FAILED',
          message: `写入支付指令失败：${w.errmsg ?? '未知错误'}`,
        });
      }
      return { created: docs.length - existing - failed.length, existing, failed };
    }
  }
}

export class MongoBatchRunStore implements BatchRunStore {
  constructor(private readonly model: Model<BatchRunDoc>) {}

  async findById(id: string): Promise<BatchRunDoc | undefined> {
    return (await this.model.findById(id).lean<BatchRunDoc>().exec()) ?? undefined;
  }

  async claim(
    month: MonthNumber,
    audit: BatchAudit,
    staleBefore: Date,
  ): Promise<BatchRunDoc | undefined> {
    const id = batchRunId(month);
    let owned: boolean;
    try {
      const res = await this.model
        .updateOne(
          {
            _id: id,
            $or: [{ status: { $ne: 'running' } }, { heartbeatAt: { $lt: staleBefore } }],
          },
          {
            $set: {
              month,
              status: 'running',
              counts: { total: 0, processed: 0, created: 0, existing: 0, failed: 0 },
              totalKnown: false,
              startedBy: audit.actor,
              startedAt: audit.at,
              heartbeatAt: audit.at,
              failures: [],
            },
            $unset: { finishedAt: 1, lastError: 1 },
            $inc: { attempt: 1 },
            $push: { audit },
          },
          { upsert: true },
        )
        .exec();
      owned = res.modifiedCount + res.upsertedCount === 1;
    } catch (e) {
      // The run exists and is alive: the upsert collided with its _id.
      if (isDuplicateKey(e)) return undefined;
      throw e;
    }
    return owned ? this.findById(id) : undefined;
  }

  async setTotal(id: string, attempt: number, total: number): Promise<boolean> {
    const result = await this.model
      .updateOne({ _id: id, attempt }, { $set: { 'counts.total': total, totalKnown: true } })
      .exec();
    return result.modifiedCount === 1;
  }

  async progress(
    id: string,
    attempt: number,
    delta: Omit<BatchCounts, 'total'>,
    failures: BatchFailure[],
    at: Date,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, attempt, status: 'running' },
        {
          $inc: {
            'counts.processed': delta.processed,
            'counts.created': delta.created,
            'counts.existing': delta.existing,
            'counts.failed': delta.failed,
          },
          $set: { heartbeatAt: at },
          ...(failures.length > 0 ? { $push: { failures: { $each: failures } } } : {}),
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async finish(
    id: string,
    attempt: number,
    status: Exclude<BatchStatus, 'running'>,
    audit: BatchAudit,
    lastError?: string,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, attempt, status: 'running' },
        {
          $set: {
            status,
            finishedAt: audit.at,
            heartbeatAt: audit.at,
            ...(lastError ? { lastError } : {}),
          },
          $push: { audit },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }
}
