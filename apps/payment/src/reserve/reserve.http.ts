import type { AccessGuard } from '@jh/access-guard';
import type { Express } from 'express';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { inScope, may, scopeFilter } from '../payment.access';
import { depositBody, reservesQuery } from './reserve.input';
import type { ReserveService } from './reserve.service';
import { accountView, entryView } from './reserve.view';

/**
 * R-PAY-4 street reserves: balances, ledger, 拨付 deposits. Kind `reserve`: a street's account is
 * seen and fed by its county (and the city); another county's street answers 404 (R-OV-2).
 */
export function mountReserveRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; reserves: ReserveService; guard: AccessGuard },
): void {
  const { reserves, verifier, guard } = deps;
  const read = [requireAuth(verifier), may(guard, 'read')];
  app.get(
    '/reserves',
    ...read,
    handle(async (req, res) => {
      const q = parseQuery(reservesQuery, req.query);
      const scope = scopeFilter(guard, actorOf(res));
      const items = await reserves.accounts({ belowThreshold: q.belowThreshold === 'true', scope });
      res.json({ items: items.map(accountView), total: items.length });
    }),
  );
  app.get(
    '/reserves/:streetCode',
    ...read,
    handle(async (req, res) => {
      const street = String(req.params['streetCode']);
      inScope(guard, res, 'read', street);
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
    may(guard, 'write'),
    handle(async (req, res) => {
      const street = String(req.params['streetCode']);
      inScope(guard, res, 'write', street);
      const body = parseBody(depositBody, req.body);
      const r = await reserves.deposit({ streetCode: street, ...body, by: actorOf(res).userId });
      res
        .status(r.replayed ? 200 : 201)
        .json({ replayed: r.replayed, entry: entryView(r.entry), account: accountView(r.account) });
    }),
  );
}
