import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, parseBody } from '@jh/platform-http';
import type { ReviewDoc } from './review.model';
import type { ReviewService } from './review.service';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const reason = z.string().trim().min(1).max(1000);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const openBody = z
  .object({
    caseId: z.string().trim().min(1).max(100),
    item: z.enum(['dibao', 'dibian', 'tekun', 'temporary']),
  })
  .strict();
const opinionBody = z.object({ opinion: z.string().trim().max(1000).default('') }).strict();
const economicCheckBody = z
  .object({ startedOn: isoDay, completedOn: isoDay, note: z.string().trim().max(1000).default('') })
  .strict();
const homeVisitBody = z
  .object({ visitedOn: isoDay, note: z.string().trim().max(1000).default('') })
  .strict();
const approveBody = z
  .object({
    amountFen: amount,
    instalments: z
      .array(z.object({ amountFen: amount, payFrom: isoDay.optional() }).strict())
      .min(1)
      .max(24)
      .optional(),
    severe: z.boolean().optional(),
    largeSocialImpact: z.boolean().optional(),
  })
  .strict();
const reasonBody = z.object({ reason }).strict();

/** Public view; the outbox never leaves the service. */
export function reviewView(doc: ReviewDoc, reviews: ReviewService) {
  const evaluation = reviews.evaluate(doc);
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    item: doc.item,
    applicantName: doc.applicantName,
    regionCode: doc.regionCode,
    status: doc.status,
    actors: doc.actors,
    economicCheck: doc.economicCheck
      ? {
          ...doc.economicCheck,
          startedAt: iso(doc.economicCheck.startedAt),
          completedAt: iso(doc.economicCheck.completedAt),
          recordedAt: iso(doc.economicCheck.recordedAt),
        }
      : null,
    homeVisit: doc.homeVisit
      ? {
          ...doc.homeVisit,
          visitedAt: iso(doc.homeVisit.visitedAt),
          recordedAt: iso(doc.homeVisit.recordedAt),
        }
      : null,
    // R-AP-2 / R-AP-4, shown to coordinators.
    deadline: {
      kind: doc.clock.kind,
      ruleId: evaluation.ruleId,
      labelZh: evaluation.labelZh,
      startedAt: iso(doc.clock.startedAt),
      limit: doc.clock.limit,
      extended: doc.clock.extensions.length > 0,
      dueAt: iso(evaluation.dueAt),
      status: evaluation.status,
      remainingMs: evaluation.remainingMs,
    },
    routedTo: doc.routedTo ? { ...doc.routedTo, at: iso(doc.routedTo.at) } : null,
    approval: doc.approval
      ? {
          ...doc.approval,
          approvedAt: iso(doc.approval.approvedAt),
          instalments: doc.approval.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
        }
      : null,
    decisionReason: doc.decisionReason,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}

export function mountReviewRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; reviews: ReviewService },
): void {
  const { reviews } = deps;
  const approvers = ['approver', 'county_bureau', 'city_bureau'] as const;
  app.use(
    '/reviews',
    requireAuth(deps.verifier),
    requireRole('window_clerk', 'first_reviewer', ...approvers, 'coordinator', 'auditor'),
  );
  const id = (p: unknown) => String(p);

  app.post(
    '/reviews',
    requireRole('window_clerk', 'first_reviewer', 'coordinator'),
    handle(async (req, res) => {
      const body = parseBody(openBody, req.body);
      const { doc, created } = await reviews.open(body.caseId, body.item, actorOf(res));
      res.status(created ? 201 : 200).json(reviewView(doc, reviews));
    }),
  );
  app.get(
    '/reviews/:id',
    handle(async (req, res) => {
      res.json(reviewView(await reviews.get(id(req.params['id'])), reviews));
    }),
  );
  app.post(
    '/reviews/:id/first-review',
    requireRole('first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(opinionBody, req.body ?? {});
      const doc = await reviews.firstReview(id(req.params['id']), actorOf(res), body.opinion);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/economic-check',
    requireRole('first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(economicCheckBody, req.body);
      const doc = await reviews.economicCheck(id(req.params['id']), actorOf(res), body);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/home-visit',
    requireRole('first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(homeVisitBody, req.body);
      const doc = await reviews.homeVisit(id(req.params['id']), actorOf(res), body);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/approve',
    requireRole(...approvers),
    handle(async (req, res) => {
      const body = parseBody(approveBody, req.body);
      const doc = await reviews.approve(id(req.params['id']), actorOf(res), body);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/reject',
    requireRole('first_reviewer', ...approvers),
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const doc = await reviews.reject(id(req.params['id']), actorOf(res), body.reason);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/withdraw',
    requireRole('window_clerk', 'first_reviewer', ...approvers),
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const doc = await reviews.withdraw(id(req.params['id']), actorOf(res), body.reason);
      res.json(reviewView(doc, reviews));
    }),
  );
}
