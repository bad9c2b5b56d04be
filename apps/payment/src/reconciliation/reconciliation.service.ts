import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { invalidInput } from '@jh/platform-errors';
import { platformKeyOf, type OrderStatus } from '../order/order.model';
import type { PaymentOrderStore } from '../order/order.store';
import { parseStatementCsv, StatementFormatError, type StatementLine } from './statement-csv';
import { isDuplicateKey } from '@jh/platform-mongo';

export type FindingCode =
  'MISSING_ON_PLATFORM' | 'UNKNOWN_ON_PLATFORM' | 'AMOUNT_MISMATCH' | 'DUPLICATE' | 'RETURNED';

const findingText: Record<FindingCode, string> = {
  MISSING_ON_PLATFORM: '平台无此笔',
  UNKNOWN_ON_PLATFORM: '平台多出未知款项',
  AMOUNT_MISMATCH: '金额不符',
  DUPLICATE: '重复入账',
  RETURNED: '资金退回',
};

export interface Finding {
  code: FindingCode;
  message: string;
  idempotencyKey: string;
  orderAmountFen: number | null;
  statementAmountFen: number | null;
}

export interface ReconciliationDoc {
  /** date + ":" + sha256 of the file: the same file imported again is the same document. */
  _id: string;
  date: string;
  rows: number;
  matched: number;
  findings: Finding[];
  importedBy: string;
  importedAt: Date;
}

const reconciliationSchema = new Schema<ReconciliationDoc>(
  {
    _id: { type: String, required: true },
    date: { type: String, required: true },
    rows: Number,
    matched: Number,
    findings: {
      type: [
        new Schema<Finding>(
          {
            code: String,
            message: String,
            idempotencyKey: String,
            orderAmountFen: { type: Number, default: null },
            statementAmountFen: { type: Number, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    importedBy: String,
    importedAt: Date,
  },
  { collection: 'payment_reconciliations', versionKey: false },
);

export function reconciliationModel(conn: Connection): Model<ReconciliationDoc> {
  return (
    (conn.models['Reconciliation'] as Model<ReconciliationDoc> | undefined) ??
    conn.model<ReconciliationDoc>('Reconciliation', reconciliationSchema)
  );
}

/** Orders the platform holds no money for: declined, or paid by the street instead (R-PAY-3). */
const notOnPlatform: OrderStatus[] = ['failed', 'preallocated', 'paid_by_street'];

export class ReconciliationService {
  constructor(
    private readonly model: Model<ReconciliationDoc>,
    private readonly orders: PaymentOrderStore,
  ) {}

  /** Matches one day's statement against the orders; a re-import returns the stored report. */
  async import(
    date: string,
    csv: string,
    actor: string,
  ): Promise<{ report: ReconciliationDoc; replayed: boolean }> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw invalidInput([
        { path: 'date', code: 'DATE_INVALID', message: '日期格式应为 YYYY-MM-DD' },
      ]);
    }
    let lines: StatementLine[];
    try {
      lines = parseStatementCsv(csv);
    } catch (e) {
      if (!(e instanceof StatementFormatError)) throw e;
      throw invalidInput([
        { path: `csv:${e.line}`, code: 'STATEMENT_INVALID', message: e.message },
      ]);
    }
    const id = `${date}:${createHash('sha256').update(csv).digest('hex')}`;
    const existing = await this.model.findById(id).lean<ReconciliationDoc>().exec();
    if (existing) return { report: existing, replayed: true };

    const dayStart = new Date(`${date}T00:00:00Z`);
    const dayEnd = new Date(dayStart.getTime() + 24 * 3600_000);
    const expected = await this.orders.sentBetween(dayStart, dayEnd);
    const keys = [...new Set(lines.map((l) => l.idempotencyKey))];
    const known = new Map(
      (await this.orders.findByPlatformKeys(keys)).map((o) => [platformKeyOf(o), o]),
    );
    const findings: Finding[] = [];
    const add = (code: FindingCode, key: string, order: number | null, statement: number | null) =>
      findings.push({
        code,
        message: findingText[code],
        idempotencyKey: key,
        orderAmountFen: order,
        statementAmountFen: statement,
      });
    const seen = new Set<string>();
    let matched = 0;
    for (const line of lines) {
      const order = known.get(line.idempotencyKey);
      if (seen.has(line.idempotencyKey)) {
        add('DUPLICATE', line.idempotencyKey, order?.amountFen ?? null, line.amountFen);
        continue;
      }
      seen.add(line.idempotencyKey);
      if (!order) {
        add('UNKNOWN_ON_PLATFORM', line.idempotencyKey, null, line.amountFen);
        continue;
      }
      if (order.amountFen !== line.amountFen) {
        add('AMOUNT_MISMATCH', line.idempotencyKey, order.amountFen, line.amountFen);
        continue;
      }
      if (line.status === 'returned') {
        add('RETURNED', line.idempotencyKey, order.amountFen, line.amountFen);
        for (const from of ['confirmed', 'sent'] as const) {
          await this.orders.transition(order._id, {
            from,
            to: 'returned',
            audit: {
              at: new Date(),
              actor,
              from,
              to: 'returned',
              action: 'statement_returned',
              reason: `对账单 ${date} 显示资金退回`,
            },
          });
        }
        continue;
      }
      matched += 1;
    }
    for (const order of expected) {
      if (!seen.has(platformKeyOf(order)) && !notOnPlatform.includes(order.status)) {
        add('MISSING_ON_PLATFORM', order._id, order.amountFen, null);
      }
    }
    const report: ReconciliationDoc = {
      _id: id,
      date,
      rows: lines.length,
      matched,
      findings,
      importedBy: actor,
      importedAt: new Date(),
    };
    try {
      await this.model.create(report);
      return { report, replayed: false };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const stored = await this.model.findById(id).lean<ReconciliationDoc>().exec();
      return { report: stored ?? report, replayed: true };
    }
  }
}
