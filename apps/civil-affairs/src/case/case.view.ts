import { deadlineNotice } from '@jh/domain-calendar';
import { iso } from '@jh/platform-http';
import type { CaseDoc, PartDoc } from './case.model';
import type { RoutingTable } from './routing';

export function partView(part: PartDoc, routing: RoutingTable) {
  return {
    partId: part.partId,
    department: part.department,
    departmentName: routing.nameOf(part.department),
    items: part.items,
    status: part.status,
    dispatchedAt: iso(part.dispatchedAt),
    reportDueAt: iso(part.report.dueAt),
    handlingDueAt: iso(part.handling.dueAt),
    handlingWorkingDays: part.handlingWorkingDays,
    // §10: says when the report/handling deadlines were counted Monday–Friday only.
    deadlineNotice: deadlineNotice([part.report.dueAt, part.handling.dueAt]),
    currentOwner: part.currentOwner,
    acceptedAt: iso(part.acceptedAt),
    result: part.result ? { ...part.result, reportedAt: iso(part.result.reportedAt) } : null,
    transferRequest: part.transferRequest
      ? { ...part.transferRequest, requestedAt: iso(part.transferRequest.requestedAt) }
      : null,
    cancellation: part.cancellation
      ? { ...part.cancellation, cancelledAt: iso(part.cancellation.cancelledAt) }
      : null,
    replacesPartId: part.replacesPartId,
    escalations: part.escalations,
    // 督办 history (R-JH-4); the idempotency key and event id stay inside.
    supervisions: (part.supervisions ?? []).map((s) => ({
      supervisionId: s.supervisionId,
      action: s.action,
      note: s.note,
      clock: s.clock,
      byUserId: s.byUserId,
      at: iso(s.at),
    })),
  };
}

/** Public view of a case; outbox and processed ids never leave the service. */
export function caseView(doc: CaseDoc, routing: RoutingTable) {
  return {
    id: doc._id,
    applicationId: doc.applicationId,
    applicationNumber: doc.applicationNumber,
    applicantName: doc.applicantName,
    regionCode: doc.regionCode,
    status: doc.status,
    items: doc.items,
    ownItems: doc.ownItems,
    // R-JH-5: the case's owner stays the first receiver; each part shows who holds it now.
    owner: doc.owner,
    currentOwners: doc.parts
      .filter((p) => p.status !== 'cancelled')
      .map((p) => ({ partId: p.partId, ...p.currentOwner })),
    parts: doc.parts.map((p) => partView(p, routing)),
    referrals: doc.referrals.map((r) => ({ ...r, at: iso(r.at) })),
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}
