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
import type { FirstAidDoc } from './first-aid.model';
import type { FirstAidService } from './first-aid.service';
import { EMERGENCY_CATEGORIES } from './review.model';

const text = z.string().trim().min(1).max(1000);

const grantBody = z
  .object({
    requestId: z.string().uuid().optional(),
    caseId: z.string().trim().min(1).max(100).optional(),
    recipient: z
      .object({
        name: z.string().trim().min(1).max(100),
        idNumber: z.string().trim().min(1).max(30),
        // Absent (or empty) → 409 PAYEE_REQUIRED from the service; malformed → 400 here.
        citizenCardNo: z.preprocess(
          (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
          citizenCardNoSchema.optional(),
        ),
        regionCode: z.string().trim().max(20).optional(),
      })
      .strict(),
    amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    householdIdNumbers: z.array(idNumberSchema).max(20).default([]),
    situation: z
      .object({ category: z.enum(EMERGENCY_CATEGORIES), occurredOn: isoDay, description: text })
      .strict(),
  })
  .strict();
const endedBody = z.object({ endedOn: isoDay }).strict();
const noteBody = z.object({ note: text }).strict();
const listQuery = z.object({
  status: z
    .enum(['ongoing', 'paperwork_due', 'overdue', 'outstanding', 'completed', 'all'])
    .default('outstanding'),
});

/** County-visible view (R-AP-9 备案); identity numbers masked (R-OV-2). */
export function firstAidView(doc: FirstAidDoc, now: Date) {
  return {
    id: doc._id,
    approvalId: doc._id,
    caseId: doc.caseId,
    recipient: {
      ...doc.recipient,
      idNumber: maskIdNumber(doc.recipient.idNumber),
      citizenCardNo: maskCardNo(doc.recipient.citizenCardNo),
    },
    situation: doc.situation,
    streetCode: doc.streetCode,
    amountFen: doc.amountFen,
    approverId: doc.approverId,
    approvedAt: iso(doc.approvedAt),
    instalments: doc.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
    inPlaceDueAt: iso(doc.inPlaceDueAt),
    status: doc.status,
    emergencyEndedAt: iso(doc.emergencyEndedAt),
    paperworkDueAt: iso(doc.paperworkDueAt),
    paperworkOverdue:
      doc.status === 'emergency_ended' &&
      doc.paperworkDueAt !== null &&
      new Date(doc.paperworkDueAt) < now,
    paperwork: doc.paperwork
      ? { ...doc.paperwork, completedAt: iso(doc.paperwork.completedAt) }
      : null,
    reportedToCountyAt: iso(doc.reportedToCountyAt),
    // §10: 24 hours and one week (R-AP-9) as configured; flagged only if counted in working days.
    deadlineNotice: deadlineNotice(
      workingDayDeadlines([
        ['first_aid_in_place', doc.inPlaceDueAt],
        ['first_aid_paperwork', doc.paperworkDueAt],
      ]),
    ),
    countyAcknowledged: doc.countyAcknowledged
      ? { ...doc.countyAcknowledged, at: iso(doc.countyAcknowledged.at) }
      : null,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    updatedAt: iso(doc.updatedAt),
  };
}

export function mountFirstAidRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; firstAid: FirstAidService },
): void {
  const { firstAid } = deps;
  app.use(
    '/first-aid',
    requireAuth(deps.verifier),
    requireRole('approver', 'first_reviewer', 'county_bureau', 'coordinator', 'auditor'),
  );
  const id = (p: unknown) => String(p);
  const view = (doc: FirstAidDoc) => firstAidView(doc, firstAid.now());

  // R-AP-9: street level only.
  app.post(
    '/first-aid',
    requireRole('approver'),
    handle(async (req, res) => {
      const body = parseBody(grantBody, req.body);
      const { doc, created } = await firstAid.grant(actorOf(res), body);
      res.status(created ? 201 : 200).json(view(doc));
    }),
  );
  // The county's notification list.
  app.get(
    '/first-aid',
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      res.json({ items: (await firstAid.list(q.status)).map(view) });
    }),
  );
  app.get(
    '/first-aid/:id',
    handle(async (req, res) => {
      res.json(view(await firstAid.get(id(req.params['id']))));
    }),
  );
  app.post(
    '/first-aid/:id/emergency-ended',
    requireRole('approver', 'first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(endedBody, req.body);
      res.json(
        view(await firstAid.emergencyEnded(id(req.params['id']), actorOf(res), body.endedOn)),
      );
    }),
  );
  app.post(
    '/first-aid/:id/paperwork',
    requireRole('approver', 'first_reviewer'),
    handle(async (req, res) => {
      const body = parseBody(noteBody, req.body);
      res.json(
        view(await firstAid.completePaperwork(id(req.params['id']), actorOf(res), body.note)),
      );
    }),
  );
  app.post(
    '/first-aid/:id/acknowledge',
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(noteBody, req.body);
      res.json(view(await firstAid.acknowledge(id(req.params['id']), actorOf(res), body.note)));
    }),
  );
}
