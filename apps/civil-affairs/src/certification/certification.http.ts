import type { Express } from 'express';
import {
  actorOf,
  requireAuth,
  requireRole,
  type Role,
  type TokenVerifier,
} from '@jh/platform-auth';
import { notFound } from '@jh/platform-errors';
import { handle, parseBody } from '@jh/platform-http';
import type { Logger } from '@jh/platform-logger';
import { assertInScope, civilGuard, may, scopeKeysOf } from '../access';
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
  deps: { verifier: TokenVerifier; certifications: CertificationService; logger?: Logger },
): void {
  const { certifications } = deps;
  // Roles by the access table; a certification's region is the student's household's.
  const guard = civilGuard(
    'certification',
    () => notFound('CERTIFICATION_NOT_FOUND', '未找到该认定记录'),
    deps.logger,
  );
  app.use('/certifications', requireAuth(deps.verifier));
  const scoped = async (id: string, res: Parameters<typeof actorOf>[0], op: 'read' | 'write') => {
    const doc = await certifications.get(id);
    assertInScope(guard, actorOf(res), op, { scope: scopeKeysOf(doc.household.regionCode) }, id);
    return doc;
  };

  app.post(
    '/certifications',
    may(guard, 'write'),
    requireRole(...certifierRoles),
    handle(async (req, res) => {
      const body = parseBody(certifyBody, req.body);
      const scope = scopeKeysOf(body.household.regionCode);
      assertInScope(guard, actorOf(res), 'write', { scope });
      const { doc, created } = await certifications.certify(body, actorOf(res));
      res.status(created ? 201 : 200).json(certificationView(doc));
    }),
  );
  app.get(
    '/certifications/:id',
    may(guard, 'read'),
    handle(async (req, res) => {
      res.json(certificationView(await scoped(String(req.params['id']), res, 'read')));
    }),
  );
  app.post(
    '/certifications/:id/end',
    may(guard, 'write'),
    requireRole(...certifierRoles),
    handle(async (req, res) => {
      await scoped(String(req.params['id']), res, 'write');
      const body = parseBody(endBody, req.body);
      const doc = await certifications.end(String(req.params['id']), body.reason, actorOf(res));
      res.json(certificationView(doc));
    }),
  );
}
