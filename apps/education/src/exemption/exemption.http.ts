import type { Express } from 'express';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseQuery } from '@jh/platform-http';
import { listQuery } from './exemption.input';
import type { ExemptionService } from './exemption.service';
import { exemptionView } from './exemption.view';

export function mountExemptionRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; exemptions: ExemptionService },
): void {
  const { exemptions } = deps;
  // Roles come from the one access table (kind `exemption`); region per grant.
  app.use('/exemptions', requireAuth(deps.verifier), (_req, res, next) => {
    try {
      exemptions.assertRole(actorOf(res));
      next();
    } catch (e) {
      next(e);
    }
  });
  app.get(
    '/exemptions',
    handle(async (req, res) => {
      const query = parseQuery(listQuery, req.query);
      const page = await exemptions.list(query, actorOf(res));
      const now = exemptions.now();
      res.json({
        items: page.items.map((doc) => exemptionView(doc, now)),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      });
    }),
  );
  app.get(
    '/exemptions/:id',
    handle(async (req, res) => {
      const doc = await exemptions.get(String(req.params['id']), actorOf(res));
      res.json(exemptionView(doc, exemptions.now()));
    }),
  );
}
