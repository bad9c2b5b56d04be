import { maskCardNo, maskIdNumber } from '@jh/domain-application';
import { deadlineNotice } from '@jh/domain-calendar';
import { workingDayDeadlines } from '@jh/domain-sla';
import { iso } from '@jh/platform-http';
import { type ApprovalDoc, type ReviewDoc } from './review.model';
import type { ReviewService } from './review.service';

/** Public view; the outbox never leaves the service. */
export function reviewView(doc: ReviewDoc, reviews: ReviewService) {
  const evaluation = reviews.evaluate(doc);
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    item: doc.item,
    applicantName: doc.applicantName,
    // R-OV-2: identity numbers only masked.
    applicantIdNumber: doc.applicantIdNumber ? maskIdNumber(doc.applicantIdNumber) : '',
    citizenCardNo: maskCardNo(doc.citizenCardNo ?? ''),
    regionCode: doc.regionCode,
    status: doc.status,
    temporaryKind: doc.temporaryKind ?? null,
    emergency: doc.emergency ?? null,
    actors: doc.actors,
    economicCheck: doc.economicCheck
      ? {
          ...doc.economicCheck,
          startedAt: iso(doc.economicCheck.startedAt),
          completedAt: iso(doc.economicCheck.completedAt),
          recordedAt: iso(doc.economicCheck.recordedAt),
        }
      : null,
    homeVisit: doc.homeVisit
      ? {
          ...doc.homeVisit,
          visitedAt: iso(doc.homeVisit.visitedAt),
          recordedAt: iso(doc.homeVisit.recordedAt),
        }
      : null,
    selfCare: doc.selfCare ? { ...doc.selfCare, recordedAt: iso(doc.selfCare.recordedAt) } : null,
    democraticReview: doc.democraticReview
      ? {
          ...doc.democraticReview,
          heldAt: iso(doc.democraticReview.heldAt),
          recordedAt: iso(doc.democraticReview.recordedAt),
        }
      : null,
    paperwork: doc.paperwork ? paperworkView(doc.paperwork, reviews.now()) : null,
    // R-AP-8: the flag and the extra review; matched ID numbers masked.
    relatives: {
      flagged: doc.relatives?.flagged ?? false,
      matches: (doc.relatives?.matches ?? []).map((m) => ({
        ...m,
        idNumber: maskIdNumber(m.idNumber),
      })),
      reviewRequired: (doc.relatives?.flagged ?? false) && !doc.relativesReview,
      review: doc.relativesReview
        ? { ...doc.relativesReview, at: iso(doc.relativesReview.at) }
        : null,
    },
    // R-AP-2 / R-AP-4, shown to coordinators.
    deadline: {
      kind: doc.clock.kind,
      ruleId: evaluation.ruleId,
      labelZh: evaluation.labelZh,
      startedAt: iso(doc.clock.startedAt),
      limit: doc.clock.limit,
      extended: doc.clock.extensions.length > 0,
      dueAt: iso(evaluation.dueAt),
      status: evaluation.status,
      remainingMs: evaluation.remainingMs,
    },
    // §10: says when a working-day deadline above (review, 急难 paperwork) assumed Monday–Friday.
    deadlineNotice: deadlineNotice([
      ...workingDayDeadlines([[doc.clock.kind, evaluation.dueAt]]),
      doc.paperwork?.dueAt,
    ]),
    routedTo: doc.routedTo ? { ...doc.routedTo, at: iso(doc.routedTo.at) } : null,
    approval: doc.approval
      ? {
          ...doc.approval,
          approvedAt: iso(doc.approval.approvedAt),
          instalments: doc.approval.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
        }
      : null,
    approvals: (doc.approvals ?? []).map(approvalView),
    decisionReason: doc.decisionReason,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}

function approvalView(a: ApprovalDoc) {
  // The replay hash is the service's business, not the caller's.
  const { requestHash: _hash, ...shown } = a;
  return {
    ...shown,
    linkedFirstAids: a.linkedFirstAids ?? [],
    approvedAt: iso(a.approvedAt),
    instalments: a.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
  };
}

export function paperworkView(p: NonNullable<ReviewDoc['paperwork']>, now: Date) {
  return {
    ...p,
    dueAt: iso(p.dueAt),
    completedAt: iso(p.completedAt),
    overdue: p.status === 'outstanding' && new Date(p.dueAt) < now,
  };
}
