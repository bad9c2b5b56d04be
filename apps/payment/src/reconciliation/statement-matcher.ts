import { orderKeyOfPlatformKey } from '@jh/domain-policy';
import type { Logger } from '@jh/platform-logger';
import { platformKeyOf, type OrderStatus, type PaymentOrderDoc } from '../order/order.model';
import type { PaymentOrderStore } from '../order/order.store';
import {
  findingText,
  keptFindings,
  type Finding,
  type FindingCode,
  type ReconciliationDoc,
} from './reconciliation.model';
import type { ReconciliationStore } from './reconciliation.store';
import type { StatementLine } from './statement-csv';

/** Orders the platform holds no money for: declined, or paid by the street instead (R-PAY-3). */
const notOnPlatform: OrderStatus[] = ['failed', 'preallocated', 'paid_by_street'];

/** The order `_id` a statement key names: the key itself, or `_id#n` after a re-send. */
const orderIdOf = orderKeyOfPlatformKey;

export interface MatchPolicy {
  /** Statement rows matched per chunk (one progress write and one findings write each). */
  chunkRows: number;
  /** Concurrent `_id` lookups per chunk. */
  lookupConcurrency: number;
}

/**
 * Matches statement lines against the orders (R-PAY-5): key, amount, card number (and account
 * name where the statement has it). Lines come as a stream and are matched in chunks with `_id`
 * point lookups; each chunk writes its findings once and its progress on the report.
 */
export class StatementMatcher {
  constructor(
    private readonly reports: ReconciliationStore,
    private readonly orders: PaymentOrderStore,
    private readonly logger: Logger,
    private readonly policy: MatchPolicy,
    private readonly clock: () => Date,
  ) {}

  async match(report: ReconciliationDoc, lines: AsyncIterable<StatementLine>): Promise<void> {
    const state = new MatchState(report);
    let chunk: StatementLine[] = [];
    for await (const line of lines) {
      chunk.push(line);
      if (chunk.length >= this.policy.chunkRows) {
        await this.matchChunk(state, chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await this.matchChunk(state, chunk);

    const dayStart = new Date(`${report.date}T00:00:00Z`);
    const dayEnd = new Date(dayStart.getTime() + 24 * 3600_000);
    let missing: Finding[] = [];
    for await (const order of this.orders.sentBetween(dayStart, dayEnd)) {
      if (state.seen.has(platformKeyOf(order)) || notOnPlatform.includes(order.status)) continue;
      missing.push(finding('MISSING_ON_PLATFORM', order._id, order.amountFen, null));
      if (missing.length >= this.policy.chunkRows) {
        await this.record(state, missing, 0);
        missing = [];
      }
    }
    await this.record(state, missing, 0);
    await this.reports.complete(report._id, this.clock());
    this.logger.info(
      { reportId: report._id, rows: state.rows, matched: state.matched, findings: state.total },
      'statement import completed',
    );
  }

  private async matchChunk(state: MatchState, chunk: StatementLine[]): Promise<void> {
    const orders = await this.lookup(chunk.map((l) => l.idempotencyKey));
    const findings: Finding[] = [];
    let matched = 0;
    for (const line of chunk) {
      const found = orders.get(orderIdOf(line.idempotencyKey));
      // A key the order no longer uses (re-sent under `_id#n`) is not this order's payment.
      const order = found && platformKeyOf(found) === line.idempotencyKey ? found : undefined;
      const add = (code: FindingCode, extra: Partial<Finding> = {}) =>
        findings.push({
          ...finding(code, line.idempotencyKey, order?.amountFen ?? null, line.amountFen),
          line: line.line,
          ...extra,
        });
      if (state.seen.has(line.idempotencyKey)) {
        add('DUPLICATE');
        continue;
      }
      state.seen.add(line.idempotencyKey);
      if (!order) add('UNKNOWN_ON_PLATFORM');
      else if (order.amountFen !== line.amountFen) add('AMOUNT_MISMATCH');
      else if (order.recipient.citizenCardNo !== line.cardNo) {
        // R-PAY-5: money on another card is not this order's payment, whatever the key says.
        add('CARD_MISMATCH', {
          orderCardNo: order.recipient.citizenCardNo,
          statementCardNo: line.cardNo,
        });
      } else if (line.accountName !== undefined && line.accountName !== order.recipient.name) {
        add('ACCOUNT_NAME_MISMATCH');
      } else if (line.status === 'returned') {
        add('RETURNED');
        await this.markReturned(order, state.report);
      } else matched += 1;
    }
    state.matched += matched;
    await this.record(state, findings, chunk.length);
  }

  /** `_id` point lookups (the only lookup the local engine serves from its index), bounded. */
  private async lookup(keys: string[]): Promise<Map<string, PaymentOrderDoc>> {
    const ids = [...new Set(keys.map(orderIdOf))];
    const found = new Map<string, PaymentOrderDoc>();
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const order = await this.orders.findById(id);
        if (order) found.set(id, order);
      }
    };
    await Promise.all(Array.from({ length: this.policy.lookupConcurrency }, lane));
    return found;
  }

  private async markReturned(order: PaymentOrderDoc, report: ReconciliationDoc): Promise<void> {
    for (const from of ['confirmed', 'sent'] as const) {
      await this.orders.transition(order._id, {
        from,
        to: 'returned',
        audit: {
          at: this.clock(),
          actor: report.importedBy,
          from,
          to: 'returned',
          action: 'statement_returned',
          reason: `对账单 ${report.date} 显示资金退回`,
        },
      });
    }
  }

  /** One findings chunk and one progress write per processed chunk. */
  private async record(state: MatchState, findings: Finding[], rows: number): Promise<void> {
    if (findings.length > 0) {
      await this.reports.saveFindings(state.report._id, state.chunks, findings);
      state.chunks += 1;
    }
    const keep = findings.slice(0, Math.max(0, keptFindings - state.total));
    for (const f of findings) state.counts[f.code] = (state.counts[f.code] ?? 0) + 1;
    state.total += findings.length;
    state.rows += rows;
    await this.reports.progress(
      state.report._id,
      {
        rows: state.rows,
        matched: state.matched,
        findingsTotal: state.total,
        findingCounts: state.counts,
        findingChunks: state.chunks,
        updatedAt: this.clock(),
      },
      keep,
    );
    if (rows > 0) {
      this.logger.info(
        { reportId: state.report._id, processed: state.rows, total: state.report.totalRows },
        'statement import progress',
      );
    }
  }
}

/** Running counters of one import; `seen` holds each key once (duplicates), never the rows. */
class MatchState {
  readonly seen = new Set<string>();
  rows = 0;
  matched = 0;
  total = 0;
  chunks = 0;
  counts: Partial<Record<FindingCode, number>> = {};
  constructor(readonly report: ReconciliationDoc) {}
}

const finding = (
  code: FindingCode,
  key: string,
  order: number | null,
  statement: number | null,
): Finding => ({
  code,
  message: findingText[code],
  idempotencyKey: key,
  orderAmountFen: order,
  statementAmountFen: statement,
});
