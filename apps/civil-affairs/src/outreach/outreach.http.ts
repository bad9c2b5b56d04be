import type { Express, Response } from 'express';
import { rolesFor } from '@jh/domain-access';
import { markPersonalDataRead } from '@jh/platform-audit';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { notAllowed, notFound } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { Logger } from '@jh/platform-logger';
import { assertInScope, civilGuard, may, scopeQuery, scopedId, type ScopeQuery } from '../access';
import type { ConsultationService } from './consultation.service';
import {
  bulletinQuery,
  consultationBody,
  consultationListQuery,
  endBody,
  followUpParams,
  regradeBody,
  skippedQuery,
  taskListQuery,
  taskQuery,
} from './outreach.input';
import type { OutreachTaskDoc } from './outreach.model';
import type { OutreachService } from './outreach.service';
import {
  bulletinCsv,
  consultationListItem,
  consultationView,
  draftView,
  skippedView,
  taskListItem,
  taskView,
} from './outreach.view';

/** Who may see the subject unmasked: the staff who act on the task (a recorded read). */
export const unmaskRoles = rolesFor('outreach', 'write');

/** A page of a list; nothing when the caller's scope covers no region. */
async function scopedPage<D, V>(
  scope: ScopeQuery | undefined,
  q: { page: number; pageSize: number },
  load: (scope: ScopeQuery) => Promise<{ items: D[]; total: number }>,
  view: (doc: D) => V,
) {
  const { items, total } = scope ? await load(scope) : { items: [], total: 0 };
  return { items: items.map(view), total, page: q.page, pageSize: q.pageSize };
}

export function mountOutreachRoutes(
  app: Express,
  deps: {
    verifier: TokenVerifier;
    outreach: OutreachService;
    consultations: ConsultationService;
    logger?: Logger;
  },
): void {
  const { outreach, consultations: meetings } = deps;
  // Tasks live at the household's street: staff of another street get the 404 of a missing one.
  const guard = civilGuard(
    'outreach',
    () => notFound('OUTREACH_TASK_NOT_FOUND', '未找到该外展任务'),
    deps.logger,
  );
  const consultations = civilGuard(
    'consultation',
    () => notFound('CONSULTATION_NOT_FOUND', '未找到该研判会商记录'),
    deps.logger,
  );
  app.use('/outreach', requireAuth(deps.verifier));
  const taskId = scopedId(guard, (id) => outreach.get(id));
  const consultationId = scopedId(consultations, (id) => meetings.get(id));
  /** 查询留痕: an answer with the subject unmasked is recorded with the household it shows. */
  const recordRead = (res: Response, doc: OutreachTaskDoc) =>
    markPersonalDataRead(res, {
      kind: 'outreach-task',
      id: doc._id,
      personRefs: [doc.householdRef],
    });

  app.get(
    '/outreach/tasks',
    may(guard, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(taskListQuery, req.query);
      const now = outreach.now();
      res.json(
        await scopedPage(
          scopeQuery(guard, actorOf(res)),
          q,
          (scope) =>
            outreach.list(
              { scope, status: q.status, grade: q.grade, overdue: q.overdue },
              q.page,
              q.pageSize,
            ),
          (d) => taskListItem(d, now),
        ),
      );
    }),
  );
  // R-PD-1: signals that opened no task because the need is already covered, with the reason.
  app.get(
    '/outreach/skipped-signals',
    may(guard, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(skippedQuery, req.query);
      const scope = scopeQuery(guard, actorOf(res));
      const rows = scope ? await outreach.skipped(scope, q.limit) : [];
      res.json({ items: rows.map(skippedView) });
    }),
  );
  app.get(
    '/outreach/tasks/:id',
    may(guard, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(taskQuery, req.query);
      const doc = await outreach.get(await taskId(req.params['id'], res, 'read'));
      const unmask = q.unmask === true;
      if (unmask) {
        if (!actorOf(res).roles.some((r) => (unmaskRoles as readonly string[]).includes(r)))
          throw notAllowed('UNMASK_NOT_ALLOWED', '当前角色不能查看完整的身份证号、电话和住址');
        recordRead(res, doc);
      }
      res.json(taskView(doc, outreach.now(), unmask));
    }),
  );
  app.post(
    '/outreach/tasks/:id/regrade',
    may(guard, 'write'),
    handle(async (req, res) => {
      const id = await taskId(req.params['id'], res, 'write');
      const body = parseBody(regradeBody, req.body);
      res.json(taskView(await outreach.regrade(id, actorOf(res), body), outreach.now(), false));
    }),
  );
  app.post(
    '/outreach/tasks/:id/end',
    may(guard, 'write'),
    handle(async (req, res) => {
      const id = await taskId(req.params['id'], res, 'write');
      const body = parseBody(endBody, req.body);
      res.json(taskView(await outreach.end(id, actorOf(res), body.outcome), outreach.now(), false));
    }),
  );
  app.get(
    '/outreach/tasks/:id/application-draft',
    may(guard, 'write'),
    handle(async (req, res) => {
      const id = await taskId(req.params['id'], res, 'write');
      const { doc, draft } = await outreach.draft(id, actorOf(res));
      // The draft carries the subject in clear: a recorded read.
      recordRead(res, doc);
      res.json(draftView(draft, doc.subject));
    }),
  );
  app.get(
    '/outreach/overview',
    may(guard, 'read'),
    requireRole('coordinator'),
    handle(async (_req, res) => {
      const scope = scopeQuery(guard, actorOf(res));
      res.json({ streets: scope ? await outreach.overview(scope) : [], at: outreach.now() });
    }),
  );
  // R-PD-2: the month's 通报 of response times per street (JSON, or CSV for Excel).
  app.get(
    '/outreach/bulletin',
    may(guard, 'read'),
    requireRole('coordinator', 'county_bureau', 'city_bureau'),
    handle(async (req, res) => {
      const q = parseQuery(bulletinQuery, req.query);
      const scope = scopeQuery(guard, actorOf(res));
      const bulletin = scope
        ? await outreach.bulletin(q.month, scope)
        : { month: q.month, generatedAt: outreach.now(), streets: [] };
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`zhudong-faxian-tongbao-${q.month}.csv`)
          .send(bulletinCsv(bulletin.streets));
        return;
      }
      res.json(bulletin);
    }),
  );
  app.post(
    '/outreach/consultations',
    may(consultations, 'write'),
    handle(async (req, res) => {
      const body = parseBody(consultationBody, req.body);
      // Held for a task the coordinator may see: its street is the record's region.
      const task = await outreach.get(await taskId(body.taskId, res, 'read'));
      assertInScope(consultations, actorOf(res), 'write', task, body.taskId);
      const { doc, created } = await meetings.record(actorOf(res), body, task);
      res.status(created ? 201 : 200).json(consultationView(doc, outreach.now()));
    }),
  );
  app.get(
    '/outreach/consultations',
    may(consultations, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(consultationListQuery, req.query);
      const now = outreach.now();
      res.json(
        await scopedPage(
          scopeQuery(consultations, actorOf(res)),
          q,
          (scope) => meetings.list(scope, { taskId: q.taskId }, q.page, q.pageSize),
          (d) => consultationListItem(d, now),
        ),
      );
    }),
  );
  app.get(
    '/outreach/consultations/:id',
    may(consultations, 'read'),
    handle(async (req, res) => {
      const id = await consultationId(req.params['id'], res, 'read');
      res.json(consultationView(await meetings.get(id), outreach.now()));
    }),
  );
  app.post(
    '/outreach/consultations/:id/follow-ups/:n/complete',
    may(consultations, 'write'),
    handle(async (req, res) => {
      const id = await consultationId(req.params['id'], res, 'write');
      const { n } = parseBody(followUpParams, { n: req.params['n'] });
      res.json(
        consultationView(await meetings.completeFollowUp(id, n, actorOf(res)), outreach.now()),
      );
    }),
  );
}
