import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { notFound } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { Logger } from '@jh/platform-logger';
import { civilGuard, may, scopeQuery, assertInScope, scopedId } from '../access';
import type { ReviewService } from './review.service';
import {
  openBody,
  selfCare,
  democraticReviewBody,
  opinionRequired,
  noteBody,
  opinionBody,
  economicCheckBody,
  homeVisitBody,
  approveBody,
  followUpBody,
  paperworkQuery,
  reasonBody,
  payeeBody,
  reviewListQuery,
} from './review.input';
import { reviewRowView, reviewView, paperworkView } from './review.view';
import { STEP_ROLES } from './review.guards';

export function mountReviewRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; reviews: ReviewService; logger?: Logger },
): void {
  const { reviews } = deps;
  const approvers = ['approver', 'county_bureau', 'city_bureau'] as const;
  // Roles by the access table, then each step's own; a review's region is its household's.
  const guard = civilGuard(
    'review',
    () => notFound('REVIEW_NOT_FOUND', '未找到该审核'),
    deps.logger,
  );
  app.use('/reviews', requireAuth(deps.verifier));
  const read = may(guard, 'read');
  const write = may(guard, 'write');
  /** The record's id, once the caller may `op` it (else 404). */
  const id = scopedId(guard, (recordId) => reviews.get(recordId));

  app.post(
    '/reviews',
    write,
    requireRole(...STEP_ROLES.open),
    handle(async (req, res) => {
      const body = parseBody(openBody, req.body);
      // Opened only within the caller's region: a case outside it answers like a missing one.
      const c = await reviews.caseOf(body.caseId);
      assertInScope(guard, actorOf(res), 'write', c, body.caseId);
      const { doc, created } = await reviews.open(body.caseId, body.item, actorOf(res), body);
      res.status(created ? 201 : 200).json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  // The queue per reviewer (R-AP-1/2/4/5), in the reader's region; before /reviews/:id.
  app.get(
    '/reviews',
    read,
    handle(async (req, res) => {
      const q = parseQuery(reviewListQuery, req.query);
      const scope = scopeQuery(guard, actorOf(res));
      if (!scope) {
        res.json({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
        return;
      }
      const { items, total } = await reviews.list(
        {
          scope,
          status: q.status,
          stage: q.stage,
          item: q.item,
          clock: q.clock,
          paperworkOutstanding: q.paperwork === 'outstanding',
          applicationNumber: q.q,
        },
        (q.page - 1) * q.pageSize,
        q.pageSize,
      );
      res.json({
        items: items.map((d) => reviewRowView(d, reviews)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      });
    }),
  );
  // 先行救助 paperwork still outstanding (R-AP-4), for coordinators; before /reviews/:id.
  app.get(
    '/reviews/outstanding-paperwork',
    read,
    requireRole('coordinator', 'county_bureau', ...approvers, 'auditor'),
    handle(async (req, res) => {
      const q = parseQuery(paperworkQuery, req.query);
      const scope = scopeQuery(guard, actorOf(res));
      const docs = scope ? await reviews.outstandingPaperwork(q.overdue === 'true', scope) : [];
      res.json({
        items: docs.map((d) => ({
          id: d._id,
          caseId: d.caseId,
          item: d.item,
          applicantName: d.applicantName,
          regionCode: d.regionCode,
          status: d.status,
          paperwork: d.paperwork ? paperworkView(d.paperwork, reviews.now()) : null,
        })),
      });
    }),
  );
  app.get(
    '/reviews/:id',
    read,
    handle(async (req, res) => {
      const doc = await reviews.get(await id(req.params['id'], res, 'read'));
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/first-review',
    write,
    requireRole(...STEP_ROLES.first_review),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(opinionBody, req.body ?? {});
      const doc = await reviews.firstReview(reviewId, actorOf(res), body.opinion);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/economic-check',
    write,
    requireRole(...STEP_ROLES.economic_check),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(economicCheckBody, req.body);
      const doc = await reviews.economicCheck(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/home-visit',
    write,
    requireRole(...STEP_ROLES.home_visit),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(homeVisitBody, req.body);
      const doc = await reviews.homeVisit(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/self-care',
    write,
    requireRole(...STEP_ROLES.self_care),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(selfCare, req.body);
      const doc = await reviews.recordSelfCare(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/democratic-review',
    write,
    requireRole(...STEP_ROLES.democratic_review),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(democraticReviewBody, req.body);
      const doc = await reviews.recordDemocraticReview(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/relatives-review',
    write,
    requireRole(...STEP_ROLES.relatives_review),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(opinionRequired, req.body);
      const doc = await reviews.relativesReview(reviewId, actorOf(res), body.opinion);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/fast-aid',
    write,
    requireRole(...STEP_ROLES.fast_aid),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(approveBody, req.body);
      const doc = await reviews.fastAid(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/paperwork',
    write,
    requireRole(...STEP_ROLES.paperwork),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(noteBody, req.body);
      const doc = await reviews.completePaperwork(reviewId, actorOf(res), body.note);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/follow-up',
    write,
    requireRole(...STEP_ROLES.follow_up),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(followUpBody, req.body);
      const doc = await reviews.followUp(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  // ADR 0010: record the payee's citizen card before approval (audited in the review's history).
  app.put(
    '/reviews/:id/payee',
    write,
    requireRole(...STEP_ROLES.payee),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(payeeBody, req.body);
      const doc = await reviews.recordPayee(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/approve',
    write,
    requireRole(...STEP_ROLES.approve),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(approveBody, req.body);
      const doc = await reviews.approve(reviewId, actorOf(res), body);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/reject',
    write,
    requireRole(...STEP_ROLES.reject),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(reasonBody, req.body);
      const doc = await reviews.reject(reviewId, actorOf(res), body.reason);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
  app.post(
    '/reviews/:id/withdraw',
    write,
    requireRole(...STEP_ROLES.withdraw),
    handle(async (req, res) => {
      const reviewId = await id(req.params['id'], res, 'write');
      const body = parseBody(reasonBody, req.body);
      const doc = await reviews.withdraw(reviewId, actorOf(res), body.reason);
      res.json(reviewView(doc, reviews, actorOf(res)));
    }),
  );
}
