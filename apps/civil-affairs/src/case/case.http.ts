import type { Express } from 'express';
import {
  actorOf,
  civilAffairsStaffRoles,
  requireAuth,
  requireRole,
  type TokenVerifier,
} from '@jh/platform-auth';
import { notFound } from '@jh/platform-errors';
import { handle, iso, parseBody, parseQuery } from '@jh/platform-http';
import {
  bulletinQuery,
  listQuery,
  pageQuery,
  rateQuery,
  referralBody,
  transferBody,
} from './case.input';
import type { CaseService } from './case.service';
import { caseView, partView } from './case.view';
import { bulletinCsv, type Coordination } from './coordination';
import type { IntakeClient } from './intake.client';
import type { RoutingTable } from './routing';
import type { SlaMonitor } from './sla-monitor';

export function mountCaseRoutes(
  app: Express,
  deps: {
    verifier: TokenVerifier;
    cases: CaseService;
    coordination: Coordination;
    monitor: SlaMonitor;
    routing: RoutingTable;
    intake: IntakeClient;
  },
): void {
  const { cases, coordination, monitor, routing, intake } = deps;
  // Civil-affairs staff; department officers work from their own department's worklist.
  app.use('/cases', requireAuth(deps.verifier), requireRole(...civilAffairsStaffRoles, 'service'));
  app.use('/coordination', requireAuth(deps.verifier), requireRole('coordinator'));
  app.use('/sla', requireAuth(deps.verifier), requireRole('coordinator'));

  // The application as intake holds it, read over gRPC.
  app.get(
    '/cases/:applicationId/application',
    handle(async (req, res) => {
      actorOf(res);
      const application = await intake.getApplication(String(req.params['applicationId']));
      if (!application) throw notFound('APPLICATION_NOT_FOUND', '未找到该申请');
      res.json(application);
    }),
  );
  app.get(
    '/cases',
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      const { items, total } = await cases.list(
        {
          status: q.status,
          department: q.department,
          overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        },
        q.page,
        q.pageSize,
      );
      res.json({
        items: items.map((d) => caseView(d, routing)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      });
    }),
  );
  app.get(
    '/cases/:id',
    handle(async (req, res) => {
      res.json(caseView(await cases.get(String(req.params['id'])), routing));
    }),
  );
  app.post(
    '/cases/:id/parts/:partId/transfer',
    requireRole('coordinator'),
    handle(async (req, res) => {
      const body = parseBody(transferBody, req.body);
      const { doc, cancelled, replacement } = await cases.transfer(
        String(req.params['id']),
        String(req.params['partId']),
        body,
      );
      res.status(201).json({
        case: caseView(doc, routing),
        cancelled: partView(cancelled, routing),
        replacement: partView(replacement, routing),
      });
    }),
  );
  app.post(
    '/cases/:id/referrals',
    requireRole('coordinator'),
    handle(async (req, res) => {
      const body = parseBody(referralBody, req.body);
      const doc = await cases.refer(String(req.params['id']), body, actorOf(res));
      res.status(201).json(caseView(doc, routing));
    }),
  );
  app.get(
    '/cases/:id/parts/:partId/due-explanation',
    handle(async (req, res) => {
      const { part, report, handling } = await cases.explainDue(
        String(req.params['id']),
        String(req.params['partId']),
      );
      res.json({
        partId: part.partId,
        department: part.department,
        dispatchedAt: iso(part.dispatchedAt),
        report: { ruleId: 'R-JH-3', ...report },
        handling: { ruleId: 'R-JH-3', ...handling },
      });
    }),
  );

  app.post(
    '/sla/scan',
    handle(async (_req, res) => {
      res.json(await monitor.scan());
    }),
  );
  app.get(
    '/coordination/overdue',
    handle(async (req, res) => {
      const q = parseQuery(pageQuery, req.query);
      res.json(await coordination.partsByRisk('overdue', q.page, q.pageSize));
    }),
  );
  app.get(
    '/coordination/at-risk',
    handle(async (req, res) => {
      const q = parseQuery(pageQuery, req.query);
      res.json(await coordination.partsByRisk('at_risk', q.page, q.pageSize));
    }),
  );
  app.get(
    '/coordination/on-time-rate',
    handle(async (req, res) => {
      const q = parseQuery(rateQuery, req.query);
      res.json(await coordination.onTimeRate(q.from, q.to));
    }),
  );
  app.get(
    '/coordination/bulletin',
    handle(async (req, res) => {
      const q = parseQuery(bulletinQuery, req.query);
      const bulletin = await coordination.bulletin(q.month);
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`tongbao-${bulletin.month}.csv`)
          .send(bulletinCsv(bulletin));
        return;
      }
      res.json(bulletin);
    }),
  );
}
