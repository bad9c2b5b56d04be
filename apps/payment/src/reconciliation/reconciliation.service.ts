import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { invalidInput, notFound } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { PaymentOrderStore } from '../order/order.store';
import type { Finding, ReconciliationDoc } from './reconciliation.model';
import type { ReconciliationStore } from './reconciliation.store';
import { StatementMatcher, type MatchPolicy } from './statement-matcher';
import { spoolStatement } from './statement-spool';
import { StatementFormatError, statementLines, type StatementLine } from './statement-csv';

export interface ReconciliationPolicy extends MatchPolicy {
  /** A `running` import without progress for this long (its process died) may be restarted. */
  staleMs?: number;
  /** Where uploaded statements are spooled while they are imported. */
  spoolDir?: string;
}

export const defaultReconciliationPolicy: ReconciliationPolicy = {
  chunkRows: 1000,
  lookupConcurrency: 8,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Imports the platform's daily statement (R-PAY-5): validates it in full, creates the report once
 * per file (idempotent), and has StatementMatcher match it chunk by chunk with progress.
 */
export class ReconciliationService {
  private readonly inflight = new Set<Promise<unknown>>();
  /** Report ids this process is matching right now. */
  private readonly active = new Set<string>();

  private readonly matcher: StatementMatcher;

  constructor(
    private readonly store: ReconciliationStore,
    orders: PaymentOrderStore,
    private readonly logger: Logger,
    /** Keyed digest (blind index key) of a file's SHA-256: the report id, never the hash itself. */
    private readonly fileKey: (sha256: string) => string,
    private readonly policy: ReconciliationPolicy = defaultReconciliationPolicy,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.matcher = new StatementMatcher(store, orders, logger, policy, clock);
  }

  /** A small statement sent as JSON, matched before answering; a re-import returns the report. */
  async import(
    date: string,
    csv: string,
    actor: string,
  ): Promise<{ report: ReconciliationDoc; replayed: boolean }> {
    this.validDate(date);
    const totalRows = await validate(() => statementLines(csv));
    const sha256 = createHash('sha256').update(csv).digest('hex');
    const started = await this.begin(date, sha256, totalRows, actor);
    if (started.replayed) return started;
    return { report: await this.match(started.report, statementLines(csv)), replayed: false };
  }

  /**
   * A statement file of any size, streamed from the request: spooled to disk while hashed,
   * validated in full (a bad line refuses the file and changes nothing), then matched in the
   * background; the answer is the report in state `running`, which `get` shows progressing.
   */
  async importFile(
    date: string,
    body: Readable,
    actor: string,
  ): Promise<{ report: ReconciliationDoc; replayed: boolean }> {
    this.validDate(date);
    const file = await spoolStatement(body, this.policy.spoolDir);
    let handedOver = false;
    try {
      const totalRows = await validate(() => statementLines(createReadStream(file.path)));
      const started = await this.begin(date, file.sha256, totalRows, actor);
      if (started.replayed) return started;
      this.logger.info(
        { reportId: started.report._id, totalRows, bytes: file.bytes },
        'statement import started',
      );
      const running = this.match(started.report, statementLines(createReadStream(file.path)))
        .catch(async (err: unknown) => {
          this.logger.error({ err, reportId: started.report._id }, 'statement import failed');
          const error = err instanceof Error ? err.message : String(err);
          await this.store.fail(started.report._id, error, this.clock()).catch(() => undefined);
        })
        .finally(() => {
          this.inflight.delete(running);
          return file.remove();
        });
      this.inflight.add(running);
      handedOver = true;
      return started;
    } finally {
      if (!handedOver) await file.remove();
    }
  }

  async get(id: string): Promise<ReconciliationDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('RECONCILIATION_NOT_FOUND', '未找到该对账记录');
    return doc;
  }

  /** Reports of statement days in [from, to], newest first, without their findings. */
  async list(from: string, to: string): Promise<Omit<ReconciliationDoc, 'findings'>[]> {
    const reports = await this.store.between(from, to);
    return reports
      .map(({ findings: _f, ...r }) => r)
      .sort((a, b) => b.importedAt.getTime() - a.importedAt.getTime());
  }

  /** All findings of one processed chunk (the report keeps only the first ones). */
  async findingsChunk(id: string, chunk: number): Promise<Finding[]> {
    const findings = await this.store.findings(id, chunk);
    if (!findings) throw notFound('RECONCILIATION_FINDINGS_NOT_FOUND', '未找到该批对账差异');
    return findings;
  }

  /** Waits for background imports (service stop). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  private validDate(date: string): void {
    if (!DATE.test(date)) {
      throw invalidInput([
        { path: 'date', code: 'DATE_INVALID', message: '日期格式应为 YYYY-MM-DD' },
      ]);
    }
  }

  /**
   * Creates the report once (`_id` = date:hash); an existing one is returned as replayed, unless
   * its import failed or was left running by a stopped process: then it is matched again from the
   * start (findings chunks keep their ids, returned orders move once, counters are rewritten).
   * The id is `date:` + the file's keyed digest; a report imported before ids were keyed is still
   * found under its old `date:sha256` id, so the same file is never imported twice.
   */
  private async begin(
    date: string,
    sha256: string,
    totalRows: number,
    actor: string,
  ): Promise<{ report: ReconciliationDoc; replayed: boolean }> {
    const now = this.clock();
    const keyed = `${date}:${this.fileKey(sha256)}`;
    const existing =
      (await this.store.findById(keyed)) ?? (await this.store.findById(`${date}:${sha256}`));
    const id = existing?._id ?? keyed;
    const report: ReconciliationDoc = {
      _id: id,
      date,
      status: 'running',
      totalRows,
      rows: 0,
      matched: 0,
      findingsTotal: 0,
      findingCounts: {},
      findings: [],
      findingChunks: 0,
      importedBy: actor,
      importedAt: now,
      updatedAt: now,
    };
    if (existing) {
      if (!this.abandoned(existing, now)) return { report: existing, replayed: true };
      if (!(await this.store.restart(existing, report))) {
        return { report: await this.get(id), replayed: true };
      }
      this.logger.warn({ reportId: id, was: existing.status }, 'statement import restarted');
      return { report, replayed: false };
    }
    if (await this.store.insert(report)) return { report, replayed: false };
    return { report: await this.get(id), replayed: true };
  }

  private abandoned(r: ReconciliationDoc, now: Date): boolean {
    if (r.status === 'failed') return true;
    return (
      r.status === 'running' &&
      !this.active.has(r._id) &&
      now.getTime() - r.updatedAt.getTime() > (this.policy.staleMs ?? 120_000)
    );
  }

  private async match(
    report: ReconciliationDoc,
    lines: AsyncIterable<StatementLine>,
  ): Promise<ReconciliationDoc> {
    this.active.add(report._id);
    try {
      await this.matcher.match(report, lines);
      return await this.get(report._id);
    } finally {
      this.active.delete(report._id);
    }
  }
}

/** Parses the whole statement once without acting on it; returns its data row count. */
async function validate(lines: () => AsyncIterable<StatementLine>): Promise<number> {
  let rows = 0;
  try {
    for await (const _ of lines()) rows += 1;
  } catch (e) {
    if (!(e instanceof StatementFormatError)) throw e;
    throw invalidInput([{ path: `csv:${e.line}`, code: 'STATEMENT_INVALID', message: e.message }]);
  }
  return rows;
}
