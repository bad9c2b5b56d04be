import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody } from '@jh/platform-http';
import { maskIdNumber } from '@jh/domain-application';
import { createApplicationInput } from './application/application.input';
import type { ApplicationDoc } from './application/application.model';
import type { ApplicationService } from './application/application.service';

/** Public view: ID number masked (R-OV-2), outbox internals never leave the service. */
export function applicationView(doc: ApplicationDoc) {
  return {
    id: doc._id,
    applicationNo: doc.applicationNo,
    status: doc.status,
    applicant: { ...doc.applicant, idNumber: maskIdNumber(doc.applicant.idNumber) },
    items: doc.items,
    channel: doc.channel,
    hardshipDescription: doc.hardshipDescription,
    declarationSigned: doc.declarationSigned,
    owner: doc.owner,
    submittedAt: doc.submittedAt.toISOString(),
  };
}

export function mountIntakeRoutes(
  app: Express,
  service: ApplicationService,
  verifier: TokenVerifier,
): void {
  app.use('/applications', requireAuth(verifier));
  app.post(
    '/applications',
    requireRole('window_clerk', 'first_reviewer', 'coordinator'),
    handle(async (req, res) => {
      const input = parseBody(createApplicationInput, req.body);
      const doc = await service.create(input, actorOf(res));
      res.status(201).location(`/applications/${doc._id}`).json(applicationView(doc));
    }),
  );
  app.get(
    '/applications/:id',
    handle(async (req, res) => {
      res.json(applicationView(await service.get(String(req.params['id']))));
    }),
  );
}
