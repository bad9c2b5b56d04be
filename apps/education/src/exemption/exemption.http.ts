import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseQuery } from '@jh/platform-http';
import { listQuery } from './exemption.input';
import type { ExemptionService } from './exemption.service';
import { exemptionView } from './exemption.view';

export function mountExemptionRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; exemptions: ExemptionService },
): void {
  const { exemptions } = deps;
  app.use(
    '/exemptions',
    requireAuth(deps.verifier),
    requireRole('department_officer', 'coordinator'),
  );
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
