import type { Express } from 'express';
import {
  actorOf,
  civilAffairsStaffRoles,
  requireAuth,
  requireRole,
  type Role,
  type TokenVerifier,
} from '@jh/platform-auth';
import { handle, parseBody } from '@jh/platform-http';
import { certifyBody, endBody } from './certification.input';
import type { CertificationService } from './certification.service';
import { certificationView } from './certification.view';

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
