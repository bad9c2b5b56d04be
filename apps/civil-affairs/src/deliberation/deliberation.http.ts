import type { Express } from 'express';
import {
  citizenCardNoSchema,
  idNumberSchema,
  maskCardNo,
  maskIdNumber,
} from '@jh/domain-application';
import { deadlineNotice } from '@jh/domain-calendar';
import { workingDayDeadlines } from '@jh/domain-sla';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, parseBody, parseQuery, iso, isoDay } from '@jh/platform-http';
import type { DeliberationDoc, PeriodicReviewDoc } from './deliberation.model';
import type { DeliberationService } from './deliberation.service';

const text = (max = 1000) => z.string().trim().max(max).default('');
const reason = z.string().trim().min(1).max(1000);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const idNumber = idNumberSchema;
const citizenCardNo = citizenCardNoSchema;
const regionCode = z
  .string()
  .trim()
  .regex(/^\d{6,12}$/, '行政区划代码应为6至12位数字');

const openBody = z
  .object({
    caseId: z.string().trim().min(1).max(100).optional(),
    applicant: z
      .object({
        name: z.string().trim().min(1).max(50),
        idNumber,
        citizenCardNo,
        regionCode,
      })
      .strict()
      .optional(),
    // Until the case document carries them (ADR 0008).
    recipient: z.object({ idNumber, citizenCardNo }).strict().optional(),
    item: z.enum(['temporary', 'dibao', 'dibian', 'tekun', 'medical']).default('temporary'),
    hardship: reason,
    declaration: z.object({ signed: z.boolean(), signedOn: isoDay, text: text(2000) }).strict(),
  })
  .strict();
const investigationBody = z
  .object({
    economicCheck: z.object({ startedOn: isoDay, completedOn: isoDay, note: text() }).strict(),
    homeVisit: z.object({ visitedOn: isoDay, note: text() }).strict(),
  })
  .strict();
const democraticReviewBody = z
  .object({
    heldAt: z.string().datetime({ offset: true }),
    participants: z
      .array(
        z
          .object({
            personId: z.string().trim().min(1).max(100),
            role: z.enum([
              'street_staff',
              'village_committee',
              'resident_official',
              'resident_representative',
              'discipline_observer',
            ]),
          })
          .strict(),
      )
      .max(500),
    minutes: text(5000),
  })
  .strict();
const officeReviewBody = z.object({ passed: z.boolean(), opinion: text() }).strict();
const decisionBody = z
  .object({
    approved: z.boolean(),
    meetingOn: isoDay,
    amountFen: amount.optional(),
    instalments: z
      .array(z.object({ amountFen: amount, payFrom: isoDay.optional() }).strict())
      .min(1)
      .max(24)
      .optional(),
    schedule: z.enum(['temporary', 'monthly']).optional(),
    minutes: text(5000),
  })
  .strict();
const noticeBody = z
  .object({ postedOn: isoDay, place: z.string().trim().min(1).max(200) })
  .strict();
const objectionBody = z.object({ content: reason }).strict();
const reasonBody = z.object({ reason }).strict();
const filingBody = z
  .object({
    recipients: z.array(z.enum(['discipline_committee', 'business_department'])).max(5),
  })
  .strict();
const generateBody = z
  .object({ year: z.number().int().min(2000).max(2100), period: z.number().int().min(1) })
  .strict();
const tasksQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  period: z.coerce.number().int().min(1),
  status: z.enum(['due', 'overdue', 'done']).optional(),
});
const resultBody = z
  .object({ outcome: z.enum(['continue', 'adjust', 'terminate']), note: text() })
  .strict();

/** Public view; the outbox never leaves the service. */
export function deliberationView(doc: DeliberationDoc, deliberations: DeliberationService) {
  const d = deliberations.deadlines(doc);
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    item: doc.item,
    // R-OV-2: identity and card numbers masked.
    applicant: {
      ...doc.applicant,
      idNumber: maskIdNumber(doc.applicant.idNumber),
      citizenCardNo: maskCardNo(doc.applicant.citizenCardNo),
    },
    hardship: doc.hardship,
    declaration: { ...doc.declaration, signedOn: iso(doc.declaration.signedOn) },
    stage: doc.stage,
    actors: doc.actors,
    acceptedAt: iso(doc.acceptedAt),
    deadlines: {
      democraticReview: { ...d.democraticReview, dueAt: iso(d.democraticReview.dueAt) },
      publicNotice: d.publicNotice
        ? {
            ...d.publicNotice,
            postedAt: iso(d.publicNotice.postedAt),
            endsAt: iso(d.publicNotice.endsAt),
          }
        : null,
      filing: d.filing ? { ...d.filing, dueAt: iso(d.filing.dueAt) } : null,
    },
    // §10: says when the deadlines above were counted Monday–Friday only.
    deadlineNotice: deadlineNotice(
      workingDayDeadlines([
        ['case_by_case_review', d.democraticReview.dueAt],
        ['case_by_case_filing', d.filing?.dueAt],
      ]),
    ),
    investigations: doc.investigations.map((i) => ({
      round: i.round,
      economicCheck: {
        ...i.economicCheck,
        startedAt: iso(i.economicCheck.startedAt),
        completedAt: iso(i.economicCheck.completedAt),
      },
      homeVisit: { ...i.homeVisit, visitedAt: iso(i.homeVisit.visitedAt) },
      byUserId: i.byUserId,
      recordedAt: iso(i.recordedAt),
    })),
    democraticReview: doc.democraticReview
      ? {
          ...doc.democraticReview,
          heldAt: iso(doc.democraticReview.heldAt),
          recordedAt: iso(doc.democraticReview.recordedAt),
        }
      : null,
    officeReview: doc.officeReview ? { ...doc.officeReview, at: iso(doc.officeReview.at) } : null,
    collectiveDecision: doc.collectiveDecision
      ? {
          ...doc.collectiveDecision,
          meetingOn: iso(doc.collectiveDecision.meetingOn),
          at: iso(doc.collectiveDecision.at),
        }
      : null,
    publicNotice: doc.publicNotice
      ? {
          ...doc.publicNotice,
          postedAt: iso(doc.publicNotice.postedAt),
          endsAt: iso(doc.publicNotice.endsAt),
          objection: doc.publicNotice.objection
            ? { ...doc.publicNotice.objection, at: iso(doc.publicNotice.objection.at) }
            : null,
        }
      : null,
    approval: doc.approval
      ? {
          ...doc.approval,
          requestHash: undefined,
          approvedAt: iso(doc.approval.approvedAt),
          instalments: doc.approval.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
        }
      : null,
    filing: doc.filing
      ? { ...doc.filing, dueAt: iso(doc.filing.dueAt), filedAt: iso(doc.filing.filedAt) }
      : null,
    conclusion: doc.conclusion,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}

const taskView = (t: PeriodicReviewDoc & { overdue: boolean }) => ({
  id: t._id,
  deliberationId: t.deliberationId,
  caseId: t.caseId,
  applicantName: t.applicantName,
  regionCode: t.regionCode,
  year: t.year,
  period: t.period,
  from: t.from,
  to: t.to,
  dueAt: iso(t.dueAt),
  status: t.status,
  overdue: t.overdue,
  result: t.result ? { ...t.result, reviewedAt: iso(t.result.reviewedAt) } : null,
  audit: t.audit.map((a) => ({ ...a, at: iso(a.at) })),
});

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
