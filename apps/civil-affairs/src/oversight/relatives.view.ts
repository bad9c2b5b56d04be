import { maskIdNumber } from '@jh/domain-application';
import { iso } from '@jh/platform-http';
import { RELATION_ZH, STAFF_ROLE_ZH, type RelativeDoc } from './relatives.model';
import type { RelativesCheckResult } from './relatives.service';

/** ID numbers are always masked here (R-OV-2); the full number stays in the registry. */
export function relativeView(doc: RelativeDoc) {
  return {
    id: doc._id,
    relativeName: doc.relativeName,
    regionCode: doc.regionCode ?? '',
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

export function checkView(result: RelativesCheckResult) {
  return {
    ...result,
    matches: result.matches.map((m) => ({ ...m, idNumber: maskIdNumber(m.idNumber) })),
  };
}
