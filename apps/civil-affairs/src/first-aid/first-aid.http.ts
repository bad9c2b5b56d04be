import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { endedBody, grantBody, listQuery, noteBody } from './first-aid.input';
import type { FirstAidDoc } from './first-aid.model';
import type { FirstAidService } from './first-aid.service';
import { firstAidView } from './first-aid.view';

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
