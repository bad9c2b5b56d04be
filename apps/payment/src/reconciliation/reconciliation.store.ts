import { createOnce } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';
import type { PaymentCiphers } from '../sealed-fields';
import type {
  Finding,
  FindingChunkDoc,
  ReconciliationDoc,
  ReconciliationModels,
} from './reconciliation.model';

/** The counters a processed chunk rewrites on its report. */
export type ReportProgress = Pick<
  ReconciliationDoc,
  'rows' | 'matched' | 'findingsTotal' | 'findingCounts' | 'findingChunks' | 'updatedAt'
>;

/** Statement import reports and their findings chunks (R-PAY-5). */
export interface ReconciliationStore {
  /** False when a report with this `_id` (the same file) already exists. */
  insert(report: ReconciliationDoc): Promise<boolean>;
  findById(id: string): Promise<ReconciliationDoc | undefined>;
  /**
   * Resets a failed or abandoned report to `fresh` for a new import, only if it is still in the
   * state it was read in; its findings chunks are removed. False when someone else took it.
   */
  restart(existing: ReconciliationDoc, fresh: ReconciliationDoc): Promise<boolean>;
  /** Counters after a chunk, and the findings kept on the report itself. */
  progress(id: string, progress: ReportProgress, kept: Finding[]): Promise<void>;
  complete(id: string, at: Date): Promise<void>;
  fail(id: string, error: string, at: Date): Promise<void>;
  /** Writes (or, on a restarted import, rewrites) one chunk of a report's findings. */
  saveFindings(reportId: string, chunk: number, findings: Finding[]): Promise<void>;
  findings(reportId: string, chunk: number): Promise<Finding[] | undefined>;
  /** Reports of statement days in [from, to] (YYYY-MM-DD). */
  between(from: string, to: string): Promise<ReconciliationDoc[]>;
}

/**
 * Reports and findings in MongoDB. The card numbers a CARD_MISMATCH finding quotes are sealed
 * before every write and opened after every read (issue 14).
 */
export class MongoReconciliationStore implements ReconciliationStore {
  private readonly reports: DocumentCipher;
  private readonly chunks: DocumentCipher;

  constructor(
    private readonly models: ReconciliationModels,
    ciphers: Pick<PaymentCiphers, 'payment_reconciliations' | 'payment_reconciliation_findings'>,
  ) {
    this.reports = ciphers.payment_reconciliations;
    this.chunks = ciphers.payment_reconciliation_findings;
  }

  /** Findings as stored in `cipher`'s collection (pushed or replaced, never stored clear). */
  private sealed(cipher: DocumentCipher, findings: Finding[]): Finding[] {
    return cipher.seal({ findings }).findings;
  }

  insert(report: ReconciliationDoc): Promise<boolean> {
    return createOnce(this.models.Reconciliation, this.reports.seal(report));
  }

  async findById(id: string): Promise<ReconciliationDoc | undefined> {
    const doc = await this.models.Reconciliation.findById(id).lean<ReconciliationDoc>().exec();
    if (!doc) return undefined;
    const opened = await this.reports.open(doc);
    return { ...opened, findings: withoutBlind(opened.findings) };
  }

  async restart(existing: ReconciliationDoc, fresh: ReconciliationDoc): Promise<boolean> {
    const { _id, ...set } = fresh;
    const taken = await this.models.Reconciliation.updateOne(
      { _id, status: existing.status, updatedAt: existing.updatedAt },
      { $set: this.reports.seal(set), $unset: { error: '', finishedAt: '' } },
    ).exec();
    if (taken.modifiedCount !== 1) return false;
    // Rare (a failed or abandoned import): a scan by report id is acceptable here.
    await this.models.FindingChunk.deleteMany({ reportId: _id }).exec();
    return true;
  }

  async progress(id: string, progress: ReportProgress, kept: Finding[]): Promise<void> {
    await this.models.Reconciliation.updateOne(
      { _id: id },
      {
        $set: progress,
        ...(kept.length > 0
          ? { $push: { findings: { $each: this.sealed(this.reports, kept) } } }
          : {}),
      },
    ).exec();
  }

  async complete(id: string, at: Date): Promise<void> {
    await this.models.Reconciliation.updateOne(
      { _id: id },
      { $set: { status: 'completed', finishedAt: at, updatedAt: at } },
    ).exec();
  }

  async fail(id: string, error: string, at: Date): Promise<void> {
    await this.models.Reconciliation.updateOne(
      { _id: id },
      { $set: { status: 'failed', error, finishedAt: at } },
    ).exec();
  }

  async saveFindings(reportId: string, chunk: number, findings: Finding[]): Promise<void> {
    // Replaced, not inserted: a restarted import rewrites the chunk it wrote before.
    await this.models.FindingChunk.replaceOne(
      { _id: `${reportId}#${chunk}` },
      { reportId, chunk, findings: this.sealed(this.chunks, findings) },
      { upsert: true },
    ).exec();
  }

  async findings(reportId: string, chunk: number): Promise<Finding[] | undefined> {
    const doc = await this.models.FindingChunk.findById(`${reportId}#${chunk}`)
      .lean<FindingChunkDoc>()
      .exec();
    return doc ? withoutBlind((await this.chunks.open(doc)).findings) : undefined;
  }

  async between(from: string, to: string): Promise<ReconciliationDoc[]> {
    const docs = await this.models.Reconciliation.find({ date: { $gte: from, $lte: to } })
      .lean<ReconciliationDoc[]>()
      .exec();
    const opened = await this.reports.openMany(docs);
    return opened.map((r) => ({ ...r, findings: withoutBlind(r.findings) }));
  }
}

/** Findings as callers see them: blind indexes are storage detail, never shown. */
function withoutBlind(findings: Finding[]): Finding[] {
  return findings.map(({ orderCardNoBidx: _o, statementCardNoBidx: _s, ...f }) => f);
}
