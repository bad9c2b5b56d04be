import type { Express } from 'express';
import { AssistanceItem } from '@jh/contracts';
import { deadlineNotice } from '@jh/domain-calendar';
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

/** The officer's view of a part; outbox internals never leave the service. */
export function partView(doc: PartDoc, service: PartService, now: Date) {
  const reportedAt = doc.report?.reportedAt ? new Date(doc.report.reportedAt) : undefined;
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    department: doc.department,
    items: doc.items.map((i) => AssistanceItem[i] ?? String(i)),
    status: doc.status,
    dispatchedAt: doc.dispatchedAt,
    reportDueAt: doc.reportClock.dueAt,
    handlingDueAt: doc.handlingClock.dueAt,
    // §10: says when these deadlines were counted Monday–Friday only.
    deadlineNotice: deadlineNotice([doc.reportClock.dueAt, doc.handlingClock.dueAt]),
    // Once reported, both clocks stop at the report (met or breached); cancelled parts keep none.
    sla:
      doc.status === 'cancelled'
        ? null
        : {
            report: service.clocks.status(
              'department_report_back',
              doc.reportClock,
              now,
              reportedAt,
            ),
            handling: service.clocks.status(
              'department_handling',
              doc.handlingClock,
              now,
              reportedAt,
            ),
          },
    owner: doc.owner,
    acceptedAt: doc.acceptedAt,
    report: doc.report,
    transferRequest: doc.transferRequest,
    cancellation: doc.cancellation,
    audit: doc.audit,
  };
}

export function mountDepartmentRoutes(
  app: Express,
  service: PartService,
  verifier: TokenVerifier,
  /** The department's own figures shown with its worklist (DepartmentExtension). */
  worklistSummary?: () => Promise<Record<string, unknown>>,
): void {
  const def = service.department;
  const officer = requireRole('department_officer');
  const reader = requireRole('department_officer', 'coordinator');
  const view = (doc: PartDoc) => partView(doc, service, service.now());

  app.get('/department', (_req, res) => {
    res.json({
      code: def.code,
      name: def.name,
      items: def.items.map((i) => AssistanceItem[i]),
      handlingLimitWorkingDays: service.clocks.rules.handlingLimitWorkingDays,
      atRiskPercent: service.clocks.rules.atRiskPercent,
      grantAmount: def.grantAmount,
      target: def.target
        ? { code: def.target.code, labelZh: def.target.labelZh, figures: def.target.figures }
        : null,
    });
  });

  app.use('/parts', requireAuth(verifier));
  app.get(
    '/parts',
    reader,
    handle(async (req, res) => {
      const query = parseQuery(listQuery, req.query);
      const page = await service.list(query, actorOf(res));
      res.json({
        items: page.items.map(view),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
        ...(worklistSummary ? { summary: await worklistSummary() } : {}),
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
