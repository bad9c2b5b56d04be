import type { Express } from 'express';
import { actorOf, requireRole } from '@jh/platform-auth';
import { notFound } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { Logger } from '@jh/platform-logger';
import { assertInScope, civilGuard, may, scopeQuery } from '../access';
import type { RelativesRegistry } from './relatives.service';
import { registerBody, listQuery, deactivateBody, checkBody } from './relatives.input';
import { relativeView, checkView } from './relatives.view';

/**
 * Roles by the access table (`relative`): the street office receiving a filing records it
 * (window clerk, first reviewer) and so does the county bureau; only the county bureau, as
 * supervisor, ends one, since ending it removes a review flag. Every civil-affairs staff role may
 * read (reviewers need it; auditors check it). A relative's region is the filing office's.
 */
export function mountRelativesRoutes(
  app: Express,
  registry: RelativesRegistry,
  logger?: Logger,
): void {
  const base = '/oversight/relatives';
  const guard = civilGuard(
    'relative',
    () => notFound('RELATIVE_NOT_FOUND', '未找到该近亲属备案'),
    logger,
  );
  const filings = civilGuard(
    'relative',
    () => notFound('RELATIVE_REGISTRATION_NOT_FOUND', '未找到该近亲属备案记录'),
    logger,
  );
  const read = may(guard, 'read');
  const write = may(guard, 'write');
  app.post(
    base,
    write,
    requireRole('window_clerk', 'first_reviewer', 'county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(registerBody, req.body);
      // A relative filed by another region's office answers like one never filed.
      const existing = await registry.existing(body.relativeIdNumber);
      if (existing) assertInScope(guard, actorOf(res), 'write', existing, existing._id);
      const { doc, registrationId } = await registry.register(body, actorOf(res));
      res
        .status(201)
        .location(`${base}/${doc._id}`)
        .json({ registrationId, ...relativeView(doc) });
    }),
  );
  app.get(
    base,
    read,
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      const scope = scopeQuery(guard, actorOf(res));
      const { items, total } = scope
        ? await registry.list({ ...q, scope }, q.page, q.pageSize)
        : { items: [], total: 0 };
      res.json({ items: items.map(relativeView), total, page: q.page, pageSize: q.pageSize });
    }),
  );
  // R-AP-8 check by ID numbers the caller already holds: across regions on purpose (a relative
  // filed by another office must still flag); it answers flags, never the registry's records.
  app.post(
    `${base}/check`,
    read,
    handle(async (req, res) => {
      const body = parseBody(checkBody, req.body);
      res.json(checkView(await registry.check(body.idNumbers)));
    }),
  );
  app.get(
    `${base}/:id`,
    read,
    handle(async (req, res) => {
      const id = String(req.params['id']);
      const doc = await registry.get(id);
      assertInScope(guard, actorOf(res), 'read', doc, id);
      res.json(relativeView(doc));
    }),
  );
  app.post(
    `${base}/registrations/:registrationId/deactivate`,
    write,
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const registrationId = String(req.params['registrationId']);
      const doc = await registry.ofRegistration(registrationId);
      assertInScope(filings, actorOf(res), 'write', doc, registrationId);
      const body = parseBody(deactivateBody, req.body);
      res.json(relativeView(await registry.deactivate(registrationId, body.reason, actorOf(res))));
    }),
  );
}
