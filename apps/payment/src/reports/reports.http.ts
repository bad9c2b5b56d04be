import type { AccessGuard } from '@jh/access-guard';
import type { Express } from 'express';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { fen, formatYuan } from '@jh/domain-money';
import { handle, parseQuery } from '@jh/platform-http';
import { may, scopeFilter, seesPlatform } from '../payment.access';
import { totalsQuery } from './reports.input';
import { totalsCsv } from './totals.csv';
import type { TotalsService } from './totals.service';

/** Totals per day / street / item over the caller's region (R-OV-2); `format=csv` for Excel. */
export function mountReportRoutes(
  app: Express,
  deps: {
    verifier: TokenVerifier;
    totals: TotalsService;
    guard: AccessGuard;
    platformRegion: string;
  },
): void {
  const { guard } = deps;
  app.get(
    '/reports/totals',
    requireAuth(deps.verifier),
    may(guard, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(totalsQuery, req.query);
      const scope = scopeFilter(guard, actorOf(res));
      const whole = seesPlatform(scope, deps.platformRegion);
      const rows = await deps.totals.totals(q.from, q.to, q.groupBy, scope, whole);
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
