import { requireAccess } from '@jh/access-guard';
import type { Express } from 'express';
import { actorOf, requireAuth, type Actor, type TokenVerifier } from '@jh/platform-auth';
import type { Subject } from '@jh/domain-access';
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
  worklistSummary: (reader: Subject) => Promise<Record<string, unknown> | undefined>,
): void {
  const def = service.department;
  const view = (doc: PartDoc) => partView(doc, service.clocks, service.now());
  // Roles come from the one access table (kind `part`); region and department per part.
  const may = (op: 'read' | 'write') => requireAccess(service, op);

  // The department's rules: for the people who read its worklist.
  app.get('/department', requireAuth(verifier), may('read'), (_req, res) => {
    res.json(departmentView(def, service.clocks.rules));
  });

  app.use('/parts', requireAuth(verifier));
  app.get(
    '/parts',
    may('read'),
    handle(async (req, res) => {
      const query = parseQuery(listQuery, req.query);
      const page = await service.list(query, actorOf(res));
      const summary = await worklistSummary(actorOf(res));
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
    may('read'),
    handle(async (req, res) => {
      res.json(view(await service.get(String(req.params['id']), actorOf(res))));
    }),
  );
  /**
   * Officer actions, in the order that makes a status independent of the body: role (403),
   * then the part in scope (404, also for another department's officer), then the body (400).
   */
  const action = <T>(
    name: string,
    parse: (body: unknown) => T,
    run: (part: PartDoc, input: T, actor: Actor) => Promise<PartDoc>,
  ) =>
    app.post(
      `/parts/:id/${name}`,
      may('write'),
      handle(async (req, res) => {
        const actor = actorOf(res);
        const part = await service.get(String(req.params['id']), actor, 'write');
        const input = parse(req.body);
        res.json(view(await run(part, input, actor)));
      }),
    );
  action(
    'accept',
    () => undefined,
    (part, _input, actor) => service.accept(part, actor),
  );
  action(
    'report',
    (body) => parseReport(def, body),
    (part, input, actor) => service.report(part, input, actor),
  );
  action(
    'transfer-request',
    (body) => parseBody(transferBody, body),
    (part, input, actor) => service.requestTransfer(part, input, actor),
  );
}
