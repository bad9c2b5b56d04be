import { Schema, type Connection, type Model } from 'mongoose';
import { paymentAuditSchema, type PaymentAudit } from '../audit.model';
import type { MonthNumber } from './month';

export const batchStatuses = ['running', 'completed', 'failed'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

export interface BatchCounts {
  /** Active recipients of the month; counted while the attempt runs (see `totalKnown`). */
  total: number;
  processed: number;
  created: number;
  /** Orders that already existed (an earlier attempt or run made them). */
  existing: number;
  failed: number;
}

export type BatchAudit = PaymentAudit<'started' | 'completed' | 'failed'>;

export interface BatchFailure {
  approvalId: string;
  code: string;
  /** Chinese text for staff. */
  message: string;
}

/** Progress of the monthly batch of one month (`batch:yyyymm`); counts are the latest attempt's. */
export interface BatchRunDoc {
  _id: string;
  month: MonthNumber;
  status: BatchStatus;
  /** 1 for the first run, +1 for each re-run or resume. */
  attempt: number;
  counts: BatchCounts;
  /** False until the attempt's count of active recipients is in `counts.total`. */
  totalKnown: boolean;
  startedBy: string;
  startedAt: Date;
  finishedAt?: Date;
  /** Moved on every chunk; a `running` run whose heartbeat is stale may be taken over. */
  heartbeatAt: Date;
  /** First failures of the attempt (capped). */
  failures: BatchFailure[];
  lastError?: string;
  audit: BatchAudit[];
}

const batchSchema = new Schema<BatchRunDoc>(
  {
    _id: { type: String, required: true },
    month: { type: Number, required: true },
    status: { type: String, enum: batchStatuses, required: true },
    attempt: { type: Number, required: true },
    counts: {
      total: { type: Number, default: 0 },
      processed: { type: Number, default: 0 },
      created: { type: Number, default: 0 },
      existing: { type: Number, default: 0 },
      failed: { type: Number, default: 0 },
    },
    totalKnown: { type: Boolean, default: false },
    startedBy: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: false },
    heartbeatAt: { type: Date, required: true },
    failures: {
      type: [
        new Schema<BatchFailure>(
          { approvalId: String, code: String, message: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    lastError: { type: String, required: false },
    audit: {
      type: [paymentAuditSchema<BatchAudit>()],
      default: [],
    },
  },
  { collection: 'payment_batches', versionKey: false },
);

export const batchRunId = (month: MonthNumber) => `batch:${month}`;

export function batchRunModel(conn: Connection): Model<BatchRunDoc> {
  return (
    (conn.models['PaymentBatchRun'] as Model<BatchRunDoc> | undefined) ??
    conn.model<BatchRunDoc>('PaymentBatchRun', batchSchema)
  );
}
