import type { Express } from 'express';
import {
  actorOf,
  requireAuth,
  requireRole,
  type Actor,
  type TokenVerifier,
} from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { listQuery, parseReport, transferBody } from './part.input';
import type { PartDoc } from './part.model';
import type { PartService } from './part.service';
import { departmentView, partView } from './part.view';

export function mountPartRoutes(
  app: Express,
  service: PartService,
  verifier: TokenVerifier,
  /** The department's own figures shown with its worklist (its features' `worklistSummary`). */
  worklistSummary: () => Promise<Record<string, unknown> | undefined>,
): void {
  const def = service.department;
  const officer = requireRole('department_officer');
  const reader = requireRole('department_officer', 'coordinator');
  const view = (doc: PartDoc) => partView(doc, service.clocks, service.now());

  app.get('/department', (_req, res) => {
    res.json(departmentView(def, service.clocks.rules));
  });

  app.use('/parts', requireAuth(verifier));
  app.get(
    '/parts',
    reader,
    handle(async (req, res) => {
      const query = parseQuery(listQuery, req.query);
      const page = await service.list(query, actorOf(res));
      const summary = await worklistSummary();
      res.json({
        items: page.items.map(view),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
        ...(summary ? { summary } : {}),
      });
    }),
  );
  app.get(
    '/parts/:id',
    reader,
    handle(async (req, res) => {
      res.json(view(await service.get(String(req.params['id']), actorOf(res))));
    }),
  );
  /** Officer actions: 403 for another department before the body is even looked at. */
  const action = <T>(
    name: string,
    parse: (body: unknown) => T,
    run: (id: string, input: T, actor: Actor) => Promise<PartDoc>,
  ) =>
    app.post(
      `/parts/:id/${name}`,
      officer,
      handle(async (req, res) => {
        const actor = actorOf(res);
        service.assertCanHandle(actor);
        const input = parse(req.body);
        res.json(view(await run(String(req.params['id']), input, actor)));
      }),
    );
  action(
    'accept',
    () => undefined,
    (id, _input, actor) => service.accept(id, actor),
  );
  action(
    'report',
    (body) => parseReport(def, body),
    (id, input, actor) => service.report(id, input, actor),
  );
  action(
    'transfer-request',
    (body) => parseBody(transferBody, body),
    (id, input, actor) => service.requestTransfer(id, input, actor),
  );
}
