import type { Express } from 'express';
import { requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { fen, formatYuan } from '@jh/domain-money';
import { handle, parseQuery } from '@jh/platform-http';
import { orderReaders } from '../order/order.http';
import { totalsQuery } from './reports.input';
import { totalsCsv } from './totals.csv';
import type { TotalsService } from './totals.service';

/** Totals per day / street / item; `format=csv` for Excel. */
export function mountReportRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; totals: TotalsService },
): void {
  app.get(
    '/reports/totals',
    requireAuth(deps.verifier),
    requireRole(...orderReaders),
    handle(async (req, res) => {
      const q = parseQuery(totalsQuery, req.query);
      const rows = await deps.totals.totals(q.from, q.to, q.groupBy);
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`payment-totals-${q.groupBy}-${q.from}-${q.to}.csv`)
          .send(totalsCsv(rows, q.groupBy));
        return;
      }
      res.json({
        from: q.from,
        to: q.to,
        groupBy: q.groupBy,
        items: rows.map((r) => ({ ...r, amountText: formatYuan(fen(r.amountFen)) })),
      });
    }),
  );
}
