import { createOnce } from '@jh/platform-mongo';
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

export class MongoReconciliationStore implements ReconciliationStore {
  constructor(private readonly models: ReconciliationModels) {}

  insert(report: ReconciliationDoc): Promise<boolean> {
    return createOnce(this.models.Reconciliation, report);
  }

  async findById(id: string): Promise<ReconciliationDoc | undefined> {
    const doc = await this.models.Reconciliation.findById(id).lean<ReconciliationDoc>().exec();
    return doc ?? undefined;
  }

  async restart(existing: ReconciliationDoc, fresh: ReconciliationDoc): Promise<boolean> {
    const { _id, ...set } = fresh;
    const taken = await this.models.Reconciliation.updateOne(
      { _id, status: existing.status, updatedAt: existing.updatedAt },
      { $set: set, $unset: { error: '', finishedAt: '' } },
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
        ...(kept.length > 0 ? { $push: { findings: { $each: kept } } } : {}),
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
      { reportId, chunk, findings },
      { upsert: true },
    ).exec();
  }

  async findings(reportId: string, chunk: number): Promise<Finding[] | undefined> {
    const doc = await this.models.FindingChunk.findById(`${reportId}#${chunk}`)
      .lean<FindingChunkDoc>()
      .exec();
    return doc?.findings;
  }

  between(from: string, to: string): Promise<ReconciliationDoc[]> {
    return this.models.Reconciliation.find({ date: { $gte: from, $lte: to } })
      .lean<ReconciliationDoc[]>()
      .exec();
  }
}
