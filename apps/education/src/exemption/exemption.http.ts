import type { Express } from 'express';
import { maskIdNumber } from '@jh/domain-application';
import { EDUCATION_CATEGORY_ZH } from '@jh/domain-policy';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, iso, parseQuery } from '@jh/platform-http';
import { exemptionStatuses, type ExemptionDoc } from './exemption.model';
import { statusOf, type ExemptionService } from './exemption.service';

const listQuery = z
  .object({
    status: z.enum(exemptionStatuses).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** Back-office view of an automatic grant; the ID number is always masked (R-OV-2). */
export function exemptionView(doc: ExemptionDoc, now: Date) {
  return {
    id: doc._id,
    /** Granted without an application (免申即享), unlike the parts of the worklist. */
    automatic: true,
    category: doc.category,
    categoryZh: EDUCATION_CATEGORY_ZH[doc.category],
    student: { ...doc.student, idNumber: maskIdNumber(doc.student.idNumber) },
    household: doc.household,
    status: statusOf(doc, now),
    startMonth: doc.startMonth,
    startsOn: doc.startsOn,
    lastDay: doc.lastDay,
    lastMonth: doc.lastDay ? doc.lastDay.slice(0, 7) : null,
    stopsFromSemester: doc.stopsFromSemester,
    reason: doc.reason,
    endReason: doc.endReason,
    certificationId: doc.certificationId,
    certificateNo: doc.certificateNo,
    certifiedAt: iso(doc.certifiedAt),
    endedAt: iso(doc.endedAt),
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
  };
}

export function mountExemptionRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; exemptions: ExemptionService },
): void {
  const { exemptions } = deps;
  app.use(
    '/exemptions',
    requireAuth(deps.verifier),
    requireRole('department_officer', 'coordinator'),
  );
  app.get(
    '/exemptions',
    handle(async (req, res) => {
      const query = parseQuery(listQuery, req.query);
      const page = await exemptions.list(query, actorOf(res));
      const now = exemptions.now();
      res.json({
        items: page.items.map((doc) => exemptionView(doc, now)),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      });
    }),
  );
  app.get(
    '/exemptions/:id',
    handle(async (req, res) => {
      const doc = await exemptions.get(String(req.params['id']), actorOf(res));
      res.json(exemptionView(doc, exemptions.now()));
    }),
  );
}
