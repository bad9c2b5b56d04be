import type { Express } from 'express';
import { idNumberSchema, maskIdNumber, regionCodeSchema } from '@jh/domain-application';
import { EDUCATION_CATEGORY_ZH, type EducationCategory } from '@jh/domain-policy';
import {
  actorOf,
  civilAffairsStaffRoles,
  requireAuth,
  requireRole,
  type Role,
  type TokenVerifier,
} from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, iso, parseBody } from '@jh/platform-http';
import type { CertificationDoc } from './certification.model';
import type { CertificationService } from './certification.service';

const categories = Object.keys(EDUCATION_CATEGORY_ZH) as [
  EducationCategory,
  ...EducationCategory[],
];

const idNumber = idNumberSchema;

const certifyBody = z
  .object({
    certificateNo: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{1,64}$/, '证书编号只能包含字母、数字和连字符'),
    category: z.enum(categories),
    student: z
      .object({
        name: z.string().trim().min(1).max(50),
        idNumber,
        school: z.string().trim().max(100).default(''),
      })
      .strict(),
    household: z
      .object({
        caseId: z.string().trim().max(100).default(''),
        householdNo: z.string().trim().max(64).default(''),
        regionCode: regionCodeSchema,
      })
      .strict(),
  })
  .strict();

const endBody = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

/** Staff view; the ID number is masked (R-OV-2), the outbox never leaves the service. */
export function certificationView(doc: CertificationDoc) {
  return {
    id: doc._id,
    certificateNo: doc.certificateNo,
    category: doc.category,
    categoryZh: EDUCATION_CATEGORY_ZH[doc.category],
    student: { ...doc.student, idNumber: maskIdNumber(doc.student.idNumber) },
    household: doc.household,
    status: doc.status,
    certifiedAt: iso(doc.certifiedAt),
    certifiedBy: doc.certifiedBy,
    endedAt: iso(doc.endedAt),
    endedBy: doc.endedBy,
    endReason: doc.endReason,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
  };
}

/**
 * Who may certify or end: 社会事务办负责人 (first_reviewer), 街道分管领导 (approver) and the county
 * bureau — the staff who decide 低保 / 特困 membership the categories follow. Window clerks only
 * register and coordinators only chase deadlines, so they may read but not certify.
 */
export const certifierRoles = [
  'first_reviewer',
  'approver',
  'county_bureau',
] as const satisfies readonly Role[];

export function mountCertificationRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; certifications: CertificationService },
): void {
  const { certifications } = deps;
  app.use('/certifications', requireAuth(deps.verifier), requireRole(...civilAffairsStaffRoles));

  app.post(
    '/certifications',
    requireRole(...certifierRoles),
    handle(async (req, res) => {
      const body = parseBody(certifyBody, req.body);
      const { doc, created } = await certifications.certify(body, actorOf(res));
      res.status(created ? 201 : 200).json(certificationView(doc));
    }),
  );
  app.get(
    '/certifications/:id',
    handle(async (req, res) => {
      res.json(certificationView(await certifications.get(String(req.params['id']))));
    }),
  );
  app.post(
    '/certifications/:id/end',
    requireRole(...certifierRoles),
    handle(async (req, res) => {
      const body = parseBody(endBody, req.body);
      const doc = await certifications.end(String(req.params['id']), body.reason, actorOf(res));
      res.json(certificationView(doc));
    }),
  );
}
