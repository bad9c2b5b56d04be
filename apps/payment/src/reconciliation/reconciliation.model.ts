import { Schema, type Connection, type Model } from 'mongoose';

export type FindingCode =
  | 'MISSING_ON_PLATFORM'
  | 'UNKNOWN_ON_PLATFORM'
  | 'AMOUNT_MISMATCH'
  | 'CARD_MISMATCH'
  | 'ACCOUNT_NAME_MISMATCH'
  | 'DUPLICATE'
  | 'RETURNED';

export const findingText: Record<FindingCode, string> = {
  MISSING_ON_PLATFORM: '平台无此笔',
  UNKNOWN_ON_PLATFORM: '平台多出未知款项',
  AMOUNT_MISMATCH: '金额不符',
  CARD_MISMATCH: '入账市民卡号与支付指令不符',
  ACCOUNT_NAME_MISMATCH: '入账户名与收款人不符',
  DUPLICATE: '重复入账',
  RETURNED: '资金退回',
};

export interface Finding {
  code: FindingCode;
  message: string;
  idempotencyKey: string;
  orderAmountFen: number | null;
  statementAmountFen: number | null;
  /** Statement line (1-based); absent for orders missing from the statement. */
  line?: number;
  /** CARD_MISMATCH: the card the order pays and the card the statement shows (sealed at rest). */
  orderCardNo?: string;
  statementCardNo?: string;
  orderCardNoBidx?: string;
  statementCardNoBidx?: string;
}

export type ReconciliationStatus = 'running' | 'completed' | 'failed';

export interface ReconciliationDoc {
  /**
   * date + ":" + keyed digest (blind index key) of the file's SHA-256: the same file imported
   * again is the same document, and the id is no unkeyed hash of card numbers (issue 14). Reports
   * imported before carry `date:sha256` and are still found by it (ReconciliationService.begin).
   */
  _id: string;
  date: string;
  status: ReconciliationStatus;
  /** Data rows in the file (known after the validation pass, before matching starts). */
  totalRows: number;
  /** Rows matched so far; equals totalRows when completed. */
  rows: number;
  matched: number;
  findingsTotal: number;
  findingCounts: Partial<Record<FindingCode, number>>;
  /** The first findings (at most `keptFindings`); all of them are in the findings chunks. */
  findings: Finding[];
  findingChunks: number;
  importedBy: string;
  importedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
  error?: string;
}

/** One chunk of a report's findings (`_id` = reportId#n): written once per processed chunk. */
export interface FindingChunkDoc {
  _id: string;
  reportId: string;
  chunk: number;
  findings: Finding[];
}

export const keptFindings = 1000;

const findingSchema = new Schema<Finding>(
  {
    code: String,
    message: String,
    idempotencyKey: String,
    orderAmountFen: { type: Number, default: null },
    statementAmountFen: { type: Number, default: null },
    line: { type: Number, required: false },
    orderCardNo: { type: String, required: false },
    statementCardNo: { type: String, required: false },
    orderCardNoBidx: { type: String, required: false },
    statementCardNoBidx: { type: String, required: false },
  },
  { _id: false },
);

const reconciliationSchema = new Schema<ReconciliationDoc>(
  {
    _id: { type: String, required: true },
    date: { type: String, required: true },
    status: { type: String, default: 'completed' },
    totalRows: Number,
    rows: Number,
    matched: Number,
    findingsTotal: Number,
    findingCounts: { type: Schema.Types.Mixed, default: {} },
    findings: { type: [findingSchema], default: [] },
    findingChunks: { type: Number, default: 0 },
    importedBy: String,
    importedAt: Date,
    updatedAt: Date,
    finishedAt: { type: Date, required: false },
    error: { type: String, required: false },
  },
  { collection: 'payment_reconciliations', versionKey: false, minimize: false },
);

const findingChunkSchema = new Schema<FindingChunkDoc>(
  {
    _id: { type: String, required: true },
    reportId: { type: String, required: true },
    chunk: { type: Number, required: true },
    findings: { type: [findingSchema], default: [] },
  },
  { collection: 'payment_reconciliation_findings', versionKey: false },
);

export function reconciliationModel(conn: Connection): Model<ReconciliationDoc> {
  return (
    (conn.models['Reconciliation'] as Model<ReconciliationDoc> | undefined) ??
    conn.model<ReconciliationDoc>('Reconciliation', reconciliationSchema)
  );
}

export function findingChunkModel(conn: Connection): Model<FindingChunkDoc> {
  return (
    (conn.models['ReconciliationFindings'] as Model<FindingChunkDoc> | undefined) ??
    conn.model<FindingChunkDoc>('ReconciliationFindings', findingChunkSchema)
  );
}

export interface ReconciliationModels {
  Reconciliation: Model<ReconciliationDoc>;
  FindingChunk: Model<FindingChunkDoc>;
}

export function reconciliationModels(conn: Connection): ReconciliationModels {
  return { Reconciliation: reconciliationModel(conn), FindingChunk: findingChunkModel(conn) };
}
