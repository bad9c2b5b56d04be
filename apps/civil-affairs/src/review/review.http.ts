import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
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
} from './review.input';
import { reviewView, paperworkView } from './review.view';

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
      const { doc, created } = await reviews.open(body.caseId, body.item, actorOf(res), body);
      res.status(created ? 201 : 200).json(reviewView(doc, reviews));
    }),
  );
  // 先行救助 paperwork still outstanding (R-AP-4), for coordinators; before /reviews/:id.
  app.get(
    '/reviews/outstanding-paperwork',
    requireRole('coordinator', 'county_bureau', ...approvers, 'auditor'),
    handle(async (req, res) => {
      const q = parseQuery(paperworkQuery, req.query);
      const docs = await reviews.outstandingPaperwork(q.overdue === 'true');
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
    '/reviews/:id/self-care',
    requireRole('first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(selfCare, req.body);
      const doc = await reviews.recordSelfCare(id(req.params['id']), actorOf(res), body);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/democratic-review',
    requireRole('first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(democraticReviewBody, req.body);
      const doc = await reviews.recordDemocraticReview(id(req.params['id']), actorOf(res), body);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/relatives-review',
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(opinionRequired, req.body);
      const doc = await reviews.relativesReview(id(req.params['id']), actorOf(res), body.opinion);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/fast-aid',
    requireRole(...approvers),
    handle(async (req, res) => {
      const body = parseBody(approveBody, req.body);
      const doc = await reviews.fastAid(id(req.params['id']), actorOf(res), body);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/paperwork',
    requireRole(...approvers),
    handle(async (req, res) => {
      const body = parseBody(noteBody, req.body);
      const doc = await reviews.completePaperwork(id(req.params['id']), actorOf(res), body.note);
      res.json(reviewView(doc, reviews));
    }),
  );
  app.post(
    '/reviews/:id/follow-up',
    requireRole(...approvers),
    handle(async (req, res) => {
      const body = parseBody(followUpBody, req.body);
      const doc = await reviews.followUp(id(req.params['id']), actorOf(res), body);
      res.json(reviewView(doc, reviews));
    }),
  );
  // ADR 0010: record the payee's citizen card before approval (audited in the review's history).
  app.put(
    '/reviews/:id/payee',
    requireRole('window_clerk', 'first_reviewer', ...approvers),
    handle(async (req, res) => {
      const body = parseBody(payeeBody, req.body);
      const doc = await reviews.recordPayee(id(req.params['id']), actorOf(res), body);
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
