import type { Express } from 'express';
import { actorOf, civilAffairsStaffRoles, requireRole } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { RelativesRegistry } from './relatives.service';
import { registerBody, listQuery, deactivateBody, checkBody } from './relatives.input';
import { relativeView, checkView } from './relatives.view';

/**
 * Roles: the street office receiving a filing records it (window clerk, first reviewer) and so
 * does the county bureau; only the county bureau, as supervisor, ends one, since ending it removes
 * a review flag. Every civil-affairs staff role may read (reviewers need it; auditors check it).
 */
export function mountRelativesRoutes(app: Express, registry: RelativesRegistry): void {
  const base = '/oversight/relatives';
  app.post(
    base,
    requireRole('window_clerk', 'first_reviewer', 'county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(registerBody, req.body);
      const { doc, registrationId } = await registry.register(body, actorOf(res));
      res
        .status(201)
        .location(`${base}/${doc._id}`)
        .json({ registrationId, ...relativeView(doc) });
    }),
  );
  app.get(
    base,
    requireRole(...civilAffairsStaffRoles),
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      const { items, total } = await registry.list(q, q.page, q.pageSize);
      res.json({ items: items.map(relativeView), total, page: q.page, pageSize: q.pageSize });
    }),
  );
  app.post(
    `${base}/check`,
    requireRole(...civilAffairsStaffRoles),
    handle(async (req, res) => {
      const body = parseBody(checkBody, req.body);
      res.json(checkView(await registry.check(body.idNumbers)));
    }),
  );
  app.get(
    `${base}/:id`,
    requireRole(...civilAffairsStaffRoles),
    handle(async (req, res) => {
      res.json(relativeView(await registry.get(String(req.params['id']))));
    }),
  );
  app.post(
    `${base}/registrations/:registrationId/deactivate`,
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(deactivateBody, req.body);
      const doc = await registry.deactivate(
        String(req.params['registrationId']),
        body.reason,
        actorOf(res),
      );
      res.json(relativeView(doc));
    }),
  );
}
