import { addFen, fen } from '@jh/domain-money';
import { invalidInput } from '@jh/platform-errors';
import { platformKeyOf, type OrderStatus, type PaymentOrderDoc } from '../order/order.model';
import type { PaymentOrderStore } from '../order/order.store';
import type { ReconciliationStore } from '../reconciliation/reconciliation.store';
import type { ScopeKeys } from '@jh/access-guard';
import { orderScopeOf } from '../payment.access';

export const totalsGroupings = ['day', 'street', 'item'] as const;
export type TotalsGrouping = (typeof totalsGroupings)[number];

export interface TotalsRow {
  key: string;
  orders: number;
  amountFen: number;
  confirmedFen: number;
  paidByStreetFen: number;
  preallocatedFen: number;
  inTransitFen: number;
  failedFen: number;
  returnedFen: number;
  /** Approved but unpaid for want of a payee (ADR 0010): owed, not yet on its way. */
  awaitingPayeeFen: number;
  /** Reconciliation findings (mismatches) attributed to this group. */
  findings: number;
}

type MoneyBucket =
  | 'confirmedFen'
  | 'paidByStreetFen'
  | 'preallocatedFen'
  | 'inTransitFen'
  | 'failedFen'
  | 'returnedFen'
  | 'awaitingPayeeFen';

const bucketOf: Record<OrderStatus, MoneyBucket> = {
  awaiting_payee: 'awaitingPayeeFen',
  pending: 'inTransitFen',
  sending: 'inTransitFen',
  sent: 'inTransitFen',
  confirmed: 'confirmedFen',
  failed: 'failedFen',
  returned: 'returnedFen',
  preallocated: 'preallocatedFen',
  paid_by_street: 'paidByStreetFen',
};

/** Safe-integer fen addition (throws rather than lose precision). */
const plus = (a: number, b: number): number => addFen(fen(a), fen(b));
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UNKNOWN = '(未知)';
const day = (d: Date) => d.toISOString().slice(0, 10);
const inScope = (o: PaymentOrderDoc, scope: Partial<ScopeKeys>) => {
  const keys = orderScopeOf(o);
  return Object.entries(scope).every(([level, value]) => keys[level as keyof ScopeKeys] === value);
};

/**
 * Totals per day / street / item. Days are UTC dates like the platform's statement day
 * (docs/payment-statement.md); orders count on their due day, findings on their statement day.
 */
export class TotalsService {
  constructor(
    private readonly store: PaymentOrderStore,
    private readonly reconciliations: Pick<ReconciliationStore, 'between'>,
  ) {}

  /**
   * `scope`: the reader's region (R-OV-2) — orders by one indexed equality on their scope keys;
   * `wholePlatform` when that region holds the whole platform (findings then count in full,
   * including those of no known order); `undefined` scope reads nothing.
   */
  async totals(
    from: string,
    to: string,
    groupBy: TotalsGrouping,
    scope: Partial<ScopeKeys> | undefined = {},
    wholePlatform = true,
  ): Promise<TotalsRow[]> {
    const errors = [
      ...(DAY.test(from)
        ? []
        : [{ path: 'from', code: 'DATE_INVALID', message: '日期格式应为 YYYY-MM-DD' }]),
      ...(DAY.test(to)
        ? []
        : [{ path: 'to', code: 'DATE_INVALID', message: '日期格式应为 YYYY-MM-DD' }]),
    ];
    if (errors.length === 0 && from > to) {
      errors.push({ path: 'to', code: 'RANGE_INVALID', message: '结束日期不能早于开始日期' });
    }
    if (errors.length > 0) throw invalidInput(errors);
    if (!scope) return [];
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + 24 * 3600_000);
    const rows = new Map<string, TotalsRow>();
    const row = (key: string) => {
      let r = rows.get(key);
      if (!r) {
        r = {
          key,
          orders: 0,
          amountFen: 0,
          confirmedFen: 0,
          paidByStreetFen: 0,
          preallocatedFen: 0,
          inTransitFen: 0,
          failedFen: 0,
          returnedFen: 0,
          awaitingPayeeFen: 0,
          findings: 0,
        };
        rows.set(key, r);
      }
      return r;
    };
    const keyOf = (o: PaymentOrderDoc) =>
      groupBy === 'day' ? day(o.dueAt) : groupBy === 'street' ? o.streetCode || UNKNOWN : o.item;
    for await (const o of this.store.dueBetween(start, end, scope)) {
      const r = row(keyOf(o));
      r.orders += 1;
      r.amountFen = plus(r.amountFen, o.amountFen);
      const bucket = bucketOf[o.status];
      // Returned funds count with the amount staff recorded as returned, when they did.
      const moved =
        bucket === 'returnedFen' ? (o.returnedFunds?.amountFen ?? o.amountFen) : o.amountFen;
      r[bucket] = plus(r[bucket], moved);
    }
    const reports = await this.reconciliations.between(from, to);
    const findingKeys = [
      ...new Set(reports.flatMap((rep) => rep.findings.map((f) => f.idempotencyKey))),
    ];
    // A county's findings: only those of its own orders (kept findings; the count of a large
    // statement beyond them is the platform's, which the county does not see).
    const byOrder = groupBy !== 'day' || !wholePlatform;
    const byKey = !byOrder
      ? new Map<string, PaymentOrderDoc>()
      : new Map(
          (await this.store.findByPlatformKeys(findingKeys)).map((o) => [platformKeyOf(o), o]),
        );
    for (const rep of reports) {
      if (!byOrder) {
        // Large statements keep only their first findings on the report; the count is complete.
        row(rep.date).findings += rep.findingsTotal ?? rep.findings.length;
        continue;
      }
      for (const f of rep.findings) {
        const order = byKey.get(f.idempotencyKey);
        if (!wholePlatform && (!order || !inScope(order, scope))) continue;
        row(groupBy === 'day' ? rep.date : order ? keyOf(order) : UNKNOWN).findings += 1;
      }
    }
    // Code-point order: stable across locales (days sort chronologically).
    return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
