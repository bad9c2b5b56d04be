import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { notFound } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { Logger } from '@jh/platform-logger';
import { assertInScope, civilGuard, may, scopeKeysOf, scopeQuery, scopedId } from '../access';
import type { DeliberationDoc } from './deliberation.model';
import type { DeliberationService } from './deliberation.service';
import {
  openBody,
  investigationBody,
  democraticReviewBody,
  officeReviewBody,
  decisionBody,
  noticeBody,
  objectionBody,
  reasonBody,
  filingBody,
  generateBody,
  tasksQuery,
  resultBody,
  listQuery,
} from './deliberation.input';
import { stepsFor } from './deliberation.may';
import { deliberationListItem, deliberationView, taskView } from './deliberation.view';

export function mountDeliberationRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; deliberations: DeliberationService; logger?: Logger },
): void {
  const { deliberations } = deps;
  const street = ['window_clerk', 'first_reviewer'] as const;
  // Roles by the access table, then each step's own; a deliberation's region is its household's.
  const guard = civilGuard(
    'deliberation',
    () => notFound('DELIBERATION_NOT_FOUND', '未找到该“一事一议”事项'),
    deps.logger,
  );
  const tasks = civilGuard(
    'deliberation',
    () => notFound('REVIEW_TASK_NOT_FOUND', '未找到该复核任务'),
    deps.logger,
  );
  app.use('/deliberations', requireAuth(deps.verifier));
  app.use('/deliberation-reviews', requireAuth(deps.verifier));
  const read = may(guard, 'read');
  const write = may(guard, 'write');
  /** The deliberation's id, once the caller may `op` it (else 404). */
  const id = scopedId(guard, (recordId) => deliberations.get(recordId));
  const view = (doc: DeliberationDoc) => deliberationView(doc, deliberations);

  app.post(
    '/deliberations',
    write,
    requireRole('window_clerk'),
    handle(async (req, res) => {
      const body = parseBody(openBody, req.body);
      // Opened only within the caller's region: the case's, else the applicant's as entered.
      const scope =
        body.caseId !== undefined
          ? (await deliberations.caseOf(body.caseId)).scope
          : scopeKeysOf(body.applicant?.regionCode);
      assertInScope(guard, actorOf(res), 'write', { scope }, body.caseId);
      const { doc, created } = await deliberations.open(body, actorOf(res));
      res.status(created ? 201 : 200).json(view(doc));
    }),
  );
  // The worklist: the caller's region, by stage, newest first (no ids typed by hand).
  app.get(
    '/deliberations',
    read,
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      const scope = scopeQuery(guard, actorOf(res));
      const { items, total } = scope
        ? await deliberations.list({ scope, stage: q.stage }, q.page, q.pageSize)
        : { items: [], total: 0 };
      res.json({
        items: items.map((d) => deliberationListItem(d, deliberations)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      });
    }),
  );
  app.get(
    '/deliberations/filing-overdue',
    read,
    handle(async (_req, res) => {
      const scope = scopeQuery(guard, actorOf(res));
      res.json({ items: scope ? (await deliberations.filingOverdue(scope)).map(view) : [] });
    }),
  );
  app.get(
    '/deliberations/:id',
    read,
    handle(async (req, res) => {
      const doc = await deliberations.get(await id(req.params['id'], res, 'read'));
      // What this caller may do next and why not (the services' own checks), and §5's figures.
      res.json({ ...view(doc), steps: stepsFor(doc, actorOf(res)), rules: deliberations.rules() });
    }),
  );
  app.post(
    '/deliberations/:id/investigation',
    write,
    requireRole(...street),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(investigationBody, req.body);
      res.json(view(await deliberations.investigate(deliberationId, actorOf(res), body)));
    }),
  );
  app.post(
    '/deliberations/:id/democratic-review',
    write,
    requireRole(...street),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(democraticReviewBody, req.body);
      const doc = await deliberations.democraticReview(deliberationId, actorOf(res), {
        ...body,
        heldAt: new Date(body.heldAt),
      });
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/office-review',
    write,
    requireRole('first_reviewer'),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(officeReviewBody, req.body);
      res.json(view(await deliberations.officeReview(deliberationId, actorOf(res), body)));
    }),
  );
  app.post(
    '/deliberations/:id/collective-decision',
    write,
    requireRole('approver'),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(decisionBody, req.body);
      const doc = await deliberations.collectiveDecision(deliberationId, actorOf(res), body);
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/public-notice',
    write,
    requireRole(...street),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(noticeBody, req.body);
      const doc = await deliberations.postPublicNotice(deliberationId, actorOf(res), body);
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/objection',
    write,
    requireRole(...street, 'approver'),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(objectionBody, req.body);
      const doc = await deliberations.objection(deliberationId, actorOf(res), body.content);
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/approve',
    write,
    requireRole('approver'),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      parseBody(z.object({}).strict(), req.body ?? {});
      res.json(view(await deliberations.approve(deliberationId, actorOf(res))));
    }),
  );
  app.post(
    '/deliberations/:id/continue',
    write,
    requireRole('approver'),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(reasonBody, req.body);
      const doc = await deliberations.afterReinvestigation(deliberationId, actorOf(res), {
        proceed: true,
        reason: body.reason,
      });
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/conclude',
    write,
    requireRole('approver'),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(reasonBody, req.body);
      const doc = await deliberations.afterReinvestigation(deliberationId, actorOf(res), {
        proceed: false,
        reason: body.reason,
      });
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/filing',
    write,
    requireRole(...street, 'approver'),
    handle(async (req, res) => {
      const deliberationId = await id(req.params['id'], res, 'write');
      const body = parseBody(filingBody, req.body);
      res.json(view(await deliberations.file(deliberationId, actorOf(res), body.recipients)));
    }),
  );

  // R-YS-1 periodic reviews (county).
  app.post(
    '/deliberation-reviews/generate',
    write,
    requireRole('county_bureau', 'coordinator'),
    handle(async (req, res) => {
      // Generated for the approved deliberations of the caller's region only.
      const scope = scopeQuery(tasks, actorOf(res)) ?? { 'scope.city': '-' };
      const body = parseBody(generateBody, req.body);
      res.json(
        await deliberations.generateReviewTasks(body.year, body.period, actorOf(res), scope),
      );
    }),
  );
  app.get(
    '/deliberation-reviews',
    read,
    requireRole('county_bureau', 'coordinator', 'auditor'),
    handle(async (req, res) => {
      const q = parseQuery(tasksQuery, req.query);
      // Figures and tasks of the caller's region (none without one).
      const scope = scopeQuery(tasks, actorOf(res)) ?? { 'scope.city': '-' };
      const found = await deliberations.reviewTasks(q.year, q.period, scope, q.status);
      res.json({ figures: found.figures, items: found.tasks.map(taskView) });
    }),
  );
  app.post(
    '/deliberation-reviews/:id/result',
    write,
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const taskId = String(req.params['id']);
      assertInScope(tasks, actorOf(res), 'write', await deliberations.reviewTask(taskId), taskId);
      const body = parseBody(resultBody, req.body);
      const task = await deliberations.recordReview(taskId, actorOf(res), body);
      res.json(taskView({ ...task, overdue: false }));
    }),
  );
}
