import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { citizenCardNoSchema, maskCardNo, maskIdNumber } from '@jh/domain-application';
import { deadlineNotice } from '@jh/domain-calendar';
import { workingDayDeadlines } from '@jh/domain-sla';
import { handle, parseBody, parseQuery, iso, isoDay } from '@jh/platform-http';
import { EMERGENCY_CATEGORIES, type ApprovalDoc, type ReviewDoc } from './review.model';
import type { ReviewService } from './review.service';

const reason = z.string().trim().min(1).max(1000);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const openBody = z
  .object({
    caseId: z.string().trim().min(1).max(100),
    item: z.enum(['dibao', 'dibian', 'tekun', 'temporary']),
    /** 临时救助: 急难型 (emergency) or 支出型 (expenditure). */
    kind: z.enum(['emergency', 'expenditure']).optional(),
    emergency: z
      .object({
        category: z.enum(EMERGENCY_CATEGORIES),
        occurredOn: isoDay,
        description: z.string().trim().min(1).max(1000),
      })
      .strict()
      .optional(),
  })
  .strict();
const selfCare = z
  .object({
    ability: z.enum(['fully_able', 'partly_unable', 'fully_unable']),
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
const democraticReviewBody = z
  .object({
    heldOn: isoDay,
    participantCount: z.number().int().min(1).max(1000),
    conclusion: z.enum(['agree', 'disagree']),
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
const opinionRequired = z.object({ opinion: reason }).strict();
const noteBody = z.object({ note: reason }).strict();
const opinionBody = z.object({ opinion: z.string().trim().max(1000).default('') }).strict();
const economicCheckBody = z
  .object({ startedOn: isoDay, completedOn: isoDay, note: z.string().trim().max(1000).default('') })
  .strict();
const homeVisitBody = z
  .object({
    visitedOn: isoDay,
    note: z.string().trim().max(1000).default(''),
    /** R-AP-3 特困: the self-care assessment made during the visit. */
    selfCare: selfCare.optional(),
  })
  .strict();
const approveFields = {
  amountFen: amount,
  instalments: z
    .array(z.object({ amountFen: amount, payFrom: isoDay.optional() }).strict())
    .min(1)
    .max(24)
    .optional(),
  severe: z.boolean().optional(),
  largeSocialImpact: z.boolean().optional(),
  notCoveredByPolicy: z.boolean().optional(),
};
const approveBody = z.object(approveFields).strict();
const followUpBody = z
  .object({ ...approveFields, reason, requestKey: z.string().trim().min(1).max(100).optional() })
  .strict();
const paperworkQuery = z.object({ overdue: z.enum(['true', 'false']).default('false') });
const reasonBody = z.object({ reason }).strict();
const payeeBody = z.object({ citizenCardNo: citizenCardNoSchema, reason }).strict();

/** Public view; the outbox never leaves the service. */
export function reviewView(doc: ReviewDoc, reviews: ReviewService) {
  const evaluation = reviews.evaluate(doc);
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    item: doc.item,
    applicantName: doc.applicantName,
    // R-OV-2: identity numbers only masked.
    applicantIdNumber: doc.applicantIdNumber ? maskIdNumber(doc.applicantIdNumber) : '',
    citizenCardNo: maskCardNo(doc.citizenCardNo ?? ''),
    regionCode: doc.regionCode,
    status: doc.status,
    temporaryKind: doc.temporaryKind ?? null,
    emergency: doc.emergency ?? null,
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
    selfCare: doc.selfCare ? { ...doc.selfCare, recordedAt: iso(doc.selfCare.recordedAt) } : null,
    democraticReview: doc.democraticReview
      ? {
          ...doc.democraticReview,
          heldAt: iso(doc.democraticReview.heldAt),
          recordedAt: iso(doc.democraticReview.recordedAt),
        }
      : null,
    paperwork: doc.paperwork ? paperworkView(doc.paperwork, reviews.now()) : null,
    // R-AP-8: the flag and the extra review; matched ID numbers masked.
    relatives: {
      flagged: doc.relatives?.flagged ?? false,
      matches: (doc.relatives?.matches ?? []).map((m) => ({
        ...m,
        idNumber: maskIdNumber(m.idNumber),
      })),
      reviewRequired: (doc.relatives?.flagged ?? false) && !doc.relativesReview,
      review: doc.relativesReview
        ? { ...doc.relativesReview, at: iso(doc.relativesReview.at) }
        : null,
    },
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
    // §10: says when a working-day deadline above (review, 急难 paperwork) assumed Monday–Friday.
    deadlineNotice: deadlineNotice([
      ...workingDayDeadlines([[doc.clock.kind, evaluation.dueAt]]),
      doc.paperwork?.dueAt,
    ]),
    routedTo: doc.routedTo ? { ...doc.routedTo, at: iso(doc.routedTo.at) } : null,
    approval: doc.approval
      ? {
          ...doc.approval,
          approvedAt: iso(doc.approval.approvedAt),
          instalments: doc.approval.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
        }
      : null,
    approvals: (doc.approvals ?? []).map(approvalView),
    decisionReason: doc.decisionReason,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}

function approvalView(a: ApprovalDoc) {
  // The replay hash is the service's business, not the caller's.
  const { requestHash: _hash, ...shown } = a;
  return {
    ...shown,
    linkedFirstAids: a.linkedFirstAids ?? [],
    approvedAt: iso(a.approvedAt),
    instalments: a.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
  };
}

function paperworkView(p: NonNullable<ReviewDoc['paperwork']>, now: Date) {
  return {
    ...p,
    dueAt: iso(p.dueAt),
    completedAt: iso(p.completedAt),
    overdue: p.status === 'outstanding' && new Date(p.dueAt) < now,
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
