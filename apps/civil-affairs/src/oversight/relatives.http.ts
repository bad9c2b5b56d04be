import type { Express } from 'express';
import { idNumberSchema, maskIdNumber } from '@jh/domain-application';
import { actorOf, civilAffairsStaffRoles, requireRole } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, iso, parseBody, parseQuery } from '@jh/platform-http';
import {
  RELATIONS,
  RELATION_ZH,
  STAFF_ROLES,
  STAFF_ROLE_ZH,
  type RelativeDoc,
} from './relatives.model';
import type { RelativesCheckResult, RelativesRegistry } from './relatives';

/** User ids as tokens carry them; no `~` (it separates a registration id). */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '用户编号格式不正确');
const text = (max: number) => z.string().trim().min(1).max(max);

const idNumber = idNumberSchema;

const registerBody = z
  .object({
    staffId: userIdSchema,
    staffName: text(50),
    staffRole: z.enum(STAFF_ROLES),
    post: text(100),
    relativeName: text(50),
    relativeIdNumber: idNumber,
    relation: z.enum(RELATIONS),
  })
  .strict();
const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    staffId: userIdSchema.optional(),
    staffRole: z.enum(STAFF_ROLES).optional(),
    status: z.enum(['active', 'inactive']).optional(),
  })
  .strict();
const deactivateBody = z.object({ reason: text(1000) }).strict();
const checkBody = z
  .object({ idNumbers: z.array(z.string().trim().min(1).max(32)).min(1).max(50) })
  .strict();

/** ID numbers are always masked here (R-OV-2); the full number stays in the registry. */
export function relativeView(doc: RelativeDoc) {
  return {
    id: doc._id,
    relativeName: doc.relativeName,
    idNumber: maskIdNumber(doc.idNumber),
    active: doc.activeCount > 0,
    registrations: doc.registrations.map((r) => ({
      registrationId: r.registrationId,
      staffId: r.staffId,
      staffName: r.staffName,
      staffRole: r.staffRole,
      staffRoleZh: STAFF_ROLE_ZH[r.staffRole],
      post: r.post,
      relation: r.relation,
      relationZh: RELATION_ZH[r.relation],
      active: r.active,
      registeredAt: iso(r.registeredAt),
      registeredBy: r.registeredBy,
      deactivatedAt: iso(r.deactivatedAt),
      deactivatedBy: r.deactivatedBy,
      deactivationReason: r.deactivationReason,
    })),
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

function checkView(result: RelativesCheckResult) {
  return {
    ...result,
    matches: result.matches.map((m) => ({ ...m, idNumber: maskIdNumber(m.idNumber) })),
  };
}

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
