import type { Express } from 'express';
import {
  actorOf,
  civilAffairsStaffRoles,
  requireAuth,
  requireRole,
  type TokenVerifier,
} from '@jh/platform-auth';
import { deadlineNotice } from '@jh/domain-calendar';
import { z } from '@jh/platform-config';
import { notFound } from '@jh/platform-errors';
import { handle, iso, parseBody, parseQuery } from '@jh/platform-http';
import type { CaseDoc, PartDoc } from './case/case.model';
import type { CaseService } from './case/case.service';
import { bulletinCsv, type Coordination } from './case/coordination';
import type { SlaMonitor } from './case/sla-monitor';
import type { IntakeClient } from './intake-client';
import type { RoutingTable } from './routing';

export function partView(part: PartDoc, routing: RoutingTable) {
  return {
    partId: part.partId,
    department: part.department,
    departmentName: routing.nameOf(part.department),
    items: part.items,
    status: part.status,
    dispatchedAt: iso(part.dispatchedAt),
    reportDueAt: iso(part.report.dueAt),
    handlingDueAt: iso(part.handling.dueAt),
    handlingWorkingDays: part.handlingWorkingDays,
    // §10: says when the report/handling deadlines were counted Monday–Friday only.
    deadlineNotice: deadlineNotice([part.report.dueAt, part.handling.dueAt]),
    currentOwner: part.currentOwner,
    acceptedAt: iso(part.acceptedAt),
    result: part.result ? { ...part.result, reportedAt: iso(part.result.reportedAt) } : null,
    transferRequest: part.transferRequest
      ? { ...part.transferRequest, requestedAt: iso(part.transferRequest.requestedAt) }
      : null,
    cancellation: part.cancellation
      ? { ...part.cancellation, cancelledAt: iso(part.cancellation.cancelledAt) }
      : null,
    replacesPartId: part.replacesPartId,
    escalations: part.escalations,
  };
}

/** Public view of a case; outbox and processed ids never leave the service. */
export function caseView(doc: CaseDoc, routing: RoutingTable) {
  return {
    id: doc._id,
    applicationId: doc.applicationId,
    applicationNumber: doc.applicationNumber,
    applicantName: doc.applicantName,
    regionCode: doc.regionCode,
    status: doc.status,
    items: doc.items,
    ownItems: doc.ownItems,
    // R-JH-5: the case's owner stays the first receiver; each part shows who holds it now.
    owner: doc.owner,
    currentOwners: doc.parts
      .filter((p) => p.status !== 'cancelled')
      .map((p) => ({ partId: p.partId, ...p.currentOwner })),
    parts: doc.parts.map((p) => partView(p, routing)),
    referrals: doc.referrals.map((r) => ({ ...r, at: iso(r.at) })),
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}

const pagination = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const listQuery = z
  .object({
    ...pagination,
    status: z
      .enum(['dispatched', 'partially_reported', 'completed', 'civil_affairs_only'])
      .optional(),
    department: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .optional(),
    overdue: z.enum(['true', 'false']).optional(),
  })
  .strict();
const pageQuery = z.object(pagination).strict();
const transferBody = z
  .object({
    toDepartment: z.string().regex(/^[a-z][a-z0-9_]*$/),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
const referralBody = z
  .object({
    organisation: z.string().trim().min(1).max(200),
    kind: z.enum(['charity', 'social_work']),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
const rateQuery = z.object({ from: z.string().min(1), to: z.string().min(1) }).strict();
const bulletinQuery = z
  .object({ month: z.string().min(1), format: z.enum(['json', 'csv']).default('json') })
  .strict();

export function mountCivilAffairsRoutes(
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
