import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
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
} from './deliberation.input';
import { deliberationView, taskView } from './deliberation.view';

export function mountDeliberationRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; deliberations: DeliberationService },
): void {
  const { deliberations } = deps;
  const street = ['window_clerk', 'first_reviewer'] as const;
  app.use(
    '/deliberations',
    requireAuth(deps.verifier),
    requireRole(...street, 'approver', 'county_bureau', 'coordinator', 'auditor'),
  );
  app.use(
    '/deliberation-reviews',
    requireAuth(deps.verifier),
    requireRole('county_bureau', 'coordinator', 'auditor'),
  );
  const id = (p: unknown) => String(p);
  const view = (doc: DeliberationDoc) => deliberationView(doc, deliberations);

  app.post(
    '/deliberations',
    requireRole('window_clerk'),
    handle(async (req, res) => {
      const body = parseBody(openBody, req.body);
      const { doc, created } = await deliberations.open(body, actorOf(res));
      res.status(created ? 201 : 200).json(view(doc));
    }),
  );
  app.get(
    '/deliberations/filing-overdue',
    handle(async (_req, res) => {
      res.json({ items: (await deliberations.filingOverdue()).map(view) });
    }),
  );
  app.get(
    '/deliberations/:id',
    handle(async (req, res) => {
      res.json(view(await deliberations.get(id(req.params['id']))));
    }),
  );
  app.post(
    '/deliberations/:id/investigation',
    requireRole(...street),
    handle(async (req, res) => {
      const body = parseBody(investigationBody, req.body);
      res.json(view(await deliberations.investigate(id(req.params['id']), actorOf(res), body)));
    }),
  );
  app.post(
    '/deliberations/:id/democratic-review',
    requireRole(...street),
    handle(async (req, res) => {
      const body = parseBody(democraticReviewBody, req.body);
      const doc = await deliberations.democraticReview(id(req.params['id']), actorOf(res), {
        ...body,
        heldAt: new Date(body.heldAt),
      });
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/office-review',
    requireRole('first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(officeReviewBody, req.body);
      res.json(view(await deliberations.officeReview(id(req.params['id']), actorOf(res), body)));
    }),
  );
  app.post(
    '/deliberations/:id/collective-decision',
    requireRole('approver'),
    handle(async (req, res) => {
      const body = parseBody(decisionBody, req.body);
      const doc = await deliberations.collectiveDecision(id(req.params['id']), actorOf(res), body);
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/public-notice',
    requireRole(...street),
    handle(async (req, res) => {
      const body = parseBody(noticeBody, req.body);
      const doc = await deliberations.postPublicNotice(id(req.params['id']), actorOf(res), body);
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/objection',
    requireRole(...street, 'approver'),
    handle(async (req, res) => {
      const body = parseBody(objectionBody, req.body);
      const doc = await deliberations.objection(id(req.params['id']), actorOf(res), body.content);
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/approve',
    requireRole('approver'),
    handle(async (req, res) => {
      parseBody(z.object({}).strict(), req.body ?? {});
      res.json(view(await deliberations.approve(id(req.params['id']), actorOf(res))));
    }),
  );
  app.post(
    '/deliberations/:id/continue',
    requireRole('approver'),
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const doc = await deliberations.afterReinvestigation(id(req.params['id']), actorOf(res), {
        proceed: true,
        reason: body.reason,
      });
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/conclude',
    requireRole('approver'),
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const doc = await deliberations.afterReinvestigation(id(req.params['id']), actorOf(res), {
        proceed: false,
        reason: body.reason,
      });
      res.json(view(doc));
    }),
  );
  app.post(
    '/deliberations/:id/filing',
    requireRole(...street, 'approver'),
    handle(async (req, res) => {
      const body = parseBody(filingBody, req.body);
      res.json(view(await deliberations.file(id(req.params['id']), actorOf(res), body.recipients)));
    }),
  );

  // R-YS-1 periodic reviews (county).
  app.post(
    '/deliberation-reviews/generate',
    requireRole('county_bureau', 'coordinator'),
    handle(async (req, res) => {
      const body = parseBody(generateBody, req.body);
      res.json(await deliberations.generateReviewTasks(body.year, body.period, actorOf(res)));
    }),
  );
  app.get(
    '/deliberation-reviews',
    handle(async (req, res) => {
      const q = parseQuery(tasksQuery, req.query);
      const { figures, tasks } = await deliberations.reviewTasks(q.year, q.period, q.status);
      res.json({ figures, items: tasks.map(taskView) });
    }),
  );
  app.post(
    '/deliberation-reviews/:id/result',
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(resultBody, req.body);
      const task = await deliberations.recordReview(id(req.params['id']), actorOf(res), body);
      res.json(taskView({ ...task, overdue: false }));
    }),
  );
}
