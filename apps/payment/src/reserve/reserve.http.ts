import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { orderReaders } from '../order/order.http';
import { depositBody, reservesQuery } from './reserve.input';
import type { ReserveService } from './reserve.service';
import { accountView, entryView } from './reserve.view';

/** R-PAY-4 street reserves: balances, ledger, 拨付 deposits. */
export function mountReserveRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; reserves: ReserveService },
): void {
  const { reserves, verifier } = deps;
  const read = [requireAuth(verifier), requireRole(...orderReaders)];
  app.get(
    '/reserves',
    ...read,
    handle(async (req, res) => {
      const q = parseQuery(reservesQuery, req.query);
      const items = await reserves.accounts({ belowThreshold: q.belowThreshold === 'true' });
      res.json({ items: items.map(accountView), total: items.length });
    }),
  );
  app.get(
    '/reserves/:streetCode',
    ...read,
    handle(async (req, res) => {
      const street = String(req.params['streetCode']);
      const [account, entries] = await Promise.all([
        reserves.account(street),
        reserves.entries(street),
      ]);
      res.json({ ...accountView(account), entries: entries.map(entryView) });
    }),
  );
  app.post(
    '/reserves/:streetCode/deposits',
    requireAuth(verifier),
    requireRole('payment_staff', 'county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(depositBody, req.body);
      const r = await reserves.deposit({
        streetCode: String(req.params['streetCode']),
        ...body,
        by: actorOf(res).userId,
      });
      res
        .status(r.replayed ? 200 : 201)
        .json({ replayed: r.replayed, entry: entryView(r.entry), account: accountView(r.account) });
    }),
  );
}
