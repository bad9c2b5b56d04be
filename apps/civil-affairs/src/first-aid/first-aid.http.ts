import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { notFound } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { Logger } from '@jh/platform-logger';
import { civilGuard, may, scopeKeysOf, scopeQuery, assertInScope, scopedId } from '../access';
import { endedBody, grantBody, listQuery, noteBody, precheckBody } from './first-aid.input';
import type { FirstAidDoc } from './first-aid.model';
import type { FirstAidService } from './first-aid.service';
import { firstAidView } from './first-aid.view';

export function mountFirstAidRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; firstAid: FirstAidService; logger?: Logger },
): void {
  const { firstAid } = deps;
  // Roles by the access table, then each step's own; the region is the recipient household's.
  const guard = civilGuard(
    'first-aid',
    () => notFound('FIRST_AID_NOT_FOUND', '未找到该先行救助记录'),
    deps.logger,
  );
  app.use('/first-aid', requireAuth(deps.verifier));
  const read = may(guard, 'read');
  const write = may(guard, 'write');
  /** The record's id, once the caller may `op` it (else 404). */
  const id = scopedId(guard, (recordId) => firstAid.get(recordId));
  const view = (doc: FirstAidDoc) => firstAidView(doc, firstAid.now());

  // R-AP-9: street level only.
  app.post(
    '/first-aid',
    write,
    requireRole('approver'),
    handle(async (req, res) => {
      const body = parseBody(grantBody, req.body);
      // Granted only within the approver's region (the recipient's, else the approver's own).
      const region = body.recipient.regionCode ?? actorOf(res).regionCode;
      assertInScope(guard, actorOf(res), 'write', { scope: scopeKeysOf(region) });
      const { doc, created } = await firstAid.grant(actorOf(res), body);
      res.status(created ? 201 : 200).json(view(doc));
    }),
  );
  // R-AP-9/R-AP-6 asked before the grant (an ID number in the body: POST). Across regions like
  // the grant's own guard: it answers a flag and the reason, never another record.
  app.post(
    '/first-aid/check',
    write,
    requireRole('approver'),
    handle(async (req, res) => {
      const body = parseBody(precheckBody, req.body);
      res.json(await firstAid.precheck(body));
    }),
  );
  // The county's notification list.
  app.get(
    '/first-aid',
    read,
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      const scope = scopeQuery(guard, actorOf(res));
      res.json({ items: scope ? (await firstAid.list(q.status, scope)).map(view) : [] });
    }),
  );
  app.get(
    '/first-aid/:id',
    read,
    handle(async (req, res) => {
      res.json(view(await firstAid.get(await id(req.params['id'], res, 'read'))));
    }),
  );
  app.post(
    '/first-aid/:id/emergency-ended',
    write,
    requireRole('approver', 'first_reviewer'),
    handle(async (req, res) => {
      const firstAidId = await id(req.params['id'], res, 'write');
      const body = parseBody(endedBody, req.body);
      res.json(view(await firstAid.emergencyEnded(firstAidId, actorOf(res), body.endedOn)));
    }),
  );
  app.post(
    '/first-aid/:id/paperwork',
    write,
    requireRole('approver', 'first_reviewer'),
    handle(async (req, res) => {
      const firstAidId = await id(req.params['id'], res, 'write');
      const body = parseBody(noteBody, req.body);
      res.json(view(await firstAid.completePaperwork(firstAidId, actorOf(res), body.note)));
    }),
  );
  app.post(
    '/first-aid/:id/acknowledge',
    write,
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const firstAidId = await id(req.params['id'], res, 'write');
      const body = parseBody(noteBody, req.body);
      res.json(view(await firstAid.acknowledge(firstAidId, actorOf(res), body.note)));
    }),
  );
}
