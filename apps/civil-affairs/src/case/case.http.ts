import type { Express } from 'express';
import { scopeQueryOf } from '@jh/access-guard';
import { regionLevel } from '@jh/domain-access';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import type { Logger } from '@jh/platform-logger';
import { notAllowed, notFound } from '@jh/platform-errors';
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
import { mountSupervisionRoutes } from './supervision.http';
import { assertInScope, civilGuard, may, scopeQuery, type ScopeQuery } from '../access';

const caseNotFound = () => notFound('CASE_NOT_FOUND', '未找到该案件');
/** Matches no stored record: the figures of a caller who sees no region are empty. */
const nothing: ScopeQuery = { 'scope.city': '-' };

export function mountCaseRoutes(
  app: Express,
  deps: {
    verifier: TokenVerifier;
    cases: CaseService;
    coordination: Coordination;
    monitor: SlaMonitor;
    routing: RoutingTable;
    intake: IntakeClient;
    logger?: Logger;
  },
): void {
  const { cases, coordination, monitor, routing, intake } = deps;
  // Civil-affairs staff (and services) by the access table; department officers work from their
  // own department's worklist. A case's region is its applicant's (R-OV-2).
  const guard = civilGuard('case', caseNotFound, deps.logger);
  const coord = civilGuard('coordination', caseNotFound, deps.logger);
  app.use('/cases', requireAuth(deps.verifier));
  app.use('/coordination', requireAuth(deps.verifier));
  app.use('/sla', requireAuth(deps.verifier));
  /** The case, if the caller may `op` it; else the 404 of a missing case. */
  const scoped = async (id: string, actor: ReturnType<typeof actorOf>, op: 'read' | 'write') => {
    const doc = await cases.get(id);
    assertInScope(guard, actor, op, doc, id);
    return doc;
  };
  const regionOf = (actor: ReturnType<typeof actorOf>) => scopeQuery(coord, actor) ?? nothing;
  mountSupervisionRoutes(app, { cases, coordination, guard, coord });

  // The application as intake holds it, read over gRPC, for callers who may read its case.
  app.get(
    '/cases/:applicationId/application',
    may(guard, 'read'),
    handle(async (req, res) => {
      const id = String(req.params['applicationId']);
      await scoped(id, actorOf(res), 'read');
      const application = await intake.getApplication(id);
      if (!application) throw notFound('APPLICATION_NOT_FOUND', '未找到该申请');
      res.json(application);
    }),
  );
  app.get(
    '/cases',
    may(guard, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      // The caller's region, narrowed to `region` when given; a region outside it → nothing.
      const filter = guard.listFilter(actorOf(res), q.region);
      if (!filter) {
        res.json({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
        return;
      }
      const { items, total } = await cases.list(
        {
          scope: scopeQueryOf(filter.scope),
          status: q.status,
          department: q.department,
          overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
          deadline: q.deadline,
          applicationNumber: q.q,
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
    may(guard, 'read'),
    handle(async (req, res) => {
      res.json(caseView(await scoped(String(req.params['id']), actorOf(res), 'read'), routing));
    }),
  );
  app.post(
    '/cases/:id/parts/:partId/transfer',
    may(guard, 'write'),
    requireRole('coordinator'),
    handle(async (req, res) => {
      await scoped(String(req.params['id']), actorOf(res), 'write');
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
    may(guard, 'write'),
    requireRole('coordinator'),
    handle(async (req, res) => {
      await scoped(String(req.params['id']), actorOf(res), 'write');
      const body = parseBody(referralBody, req.body);
      const doc = await cases.refer(String(req.params['id']), body, actorOf(res));
      res.status(201).json(caseView(doc, routing));
    }),
  );
  app.get(
    '/cases/:id/parts/:partId/due-explanation',
    may(guard, 'read'),
    handle(async (req, res) => {
      await scoped(String(req.params['id']), actorOf(res), 'read');
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

  // An operator action: it walks every region's cases (the same scan the timer runs) and its
  // counts are deployment-wide, so only a city-level coordinator may start it by hand.
  app.post(
    '/sla/scan',
    may(coord, 'write'),
    handle(async (_req, res) => {
      if (regionLevel(actorOf(res).regionCode) !== 'city')
        throw notAllowed('SCAN_CITY_ONLY', '只有市级协调人员可以手动触发时限扫描');
      res.json(await monitor.scan());
    }),
  );
  app.get(
    '/coordination/overdue',
    may(coord, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(pageQuery, req.query);
      res.json(
        await coordination.partsByRisk('overdue', q.page, q.pageSize, regionOf(actorOf(res))),
      );
    }),
  );
  app.get(
    '/coordination/at-risk',
    may(coord, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(pageQuery, req.query);
      res.json(
        await coordination.partsByRisk('at_risk', q.page, q.pageSize, regionOf(actorOf(res))),
      );
    }),
  );
  app.get(
    '/coordination/on-time-rate',
    may(coord, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(rateQuery, req.query);
      res.json(await coordination.onTimeRate(q.from, q.to, regionOf(actorOf(res))));
    }),
  );
  app.get(
    '/coordination/bulletin',
    may(coord, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(bulletinQuery, req.query);
      const bulletin = await coordination.bulletin(q.month, regionOf(actorOf(res)));
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
