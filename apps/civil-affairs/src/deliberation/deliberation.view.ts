import { maskCardNo, maskIdNumber } from '@jh/domain-application';
import { deadlineNotice } from '@jh/domain-calendar';
import { workingDayDeadlines } from '@jh/domain-sla';
import { iso } from '@jh/platform-http';
import type { DeliberationDoc, PeriodicReviewDoc } from './deliberation.model';
import type { DeliberationService } from './deliberation.service';

export function deliberationView(doc: DeliberationDoc, deliberations: DeliberationService) {
  const d = deliberations.deadlines(doc);
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    item: doc.item,
    // R-OV-2: identity and card numbers masked.
    applicant: {
      ...doc.applicant,
      idNumber: maskIdNumber(doc.applicant.idNumber),
      citizenCardNo: maskCardNo(doc.applicant.citizenCardNo),
    },
    hardship: doc.hardship,
    declaration: { ...doc.declaration, signedOn: iso(doc.declaration.signedOn) },
    stage: doc.stage,
    actors: doc.actors,
    acceptedAt: iso(doc.acceptedAt),
    deadlines: {
      democraticReview: { ...d.democraticReview, dueAt: iso(d.democraticReview.dueAt) },
      publicNotice: d.publicNotice
        ? {
            ...d.publicNotice,
            postedAt: iso(d.publicNotice.postedAt),
            endsAt: iso(d.publicNotice.endsAt),
          }
        : null,
      filing: d.filing ? { ...d.filing, dueAt: iso(d.filing.dueAt) } : null,
    },
    // §10: says when the deadlines above were counted Monday–Friday only.
    deadlineNotice: deadlineNotice(
      workingDayDeadlines([
        ['case_by_case_review', d.democraticReview.dueAt],
        ['case_by_case_filing', d.filing?.dueAt],
      ]),
    ),
    investigations: doc.investigations.map((i) => ({
      round: i.round,
      economicCheck: {
        ...i.economicCheck,
        startedAt: iso(i.economicCheck.startedAt),
        completedAt: iso(i.economicCheck.completedAt),
      },
      homeVisit: { ...i.homeVisit, visitedAt: iso(i.homeVisit.visitedAt) },
      byUserId: i.byUserId,
      recordedAt: iso(i.recordedAt),
    })),
    democraticReview: doc.democraticReview
      ? {
          ...doc.democraticReview,
          heldAt: iso(doc.democraticReview.heldAt),
          recordedAt: iso(doc.democraticReview.recordedAt),
        }
      : null,
    officeReview: doc.officeReview ? { ...doc.officeReview, at: iso(doc.officeReview.at) } : null,
    collectiveDecision: doc.collectiveDecision
      ? {
          ...doc.collectiveDecision,
          meetingOn: iso(doc.collectiveDecision.meetingOn),
          at: iso(doc.collectiveDecision.at),
        }
      : null,
    publicNotice: doc.publicNotice
      ? {
          ...doc.publicNotice,
          postedAt: iso(doc.publicNotice.postedAt),
          endsAt: iso(doc.publicNotice.endsAt),
          objection: doc.publicNotice.objection
            ? { ...doc.publicNotice.objection, at: iso(doc.publicNotice.objection.at) }
            : null,
        }
      : null,
    approval: doc.approval
      ? {
          ...doc.approval,
          requestHash: undefined,
          approvedAt: iso(doc.approval.approvedAt),
          instalments: doc.approval.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
        }
      : null,
    filing: doc.filing
      ? { ...doc.filing, dueAt: iso(doc.filing.dueAt), filedAt: iso(doc.filing.filedAt) }
      : null,
    conclusion: doc.conclusion,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}

/** A list row: what the worklist shows, no audit (the list reads without it). */
export function deliberationListItem(doc: DeliberationDoc, deliberations: DeliberationService) {
  const d = deliberations.deadlines(doc);
  return {
    id: doc._id,
    caseId: doc.caseId,
    item: doc.item,
    applicant: { name: doc.applicant.name, regionCode: doc.applicant.regionCode },
    stage: doc.stage,
    actors: doc.actors,
    acceptedAt: iso(doc.acceptedAt),
    democraticReviewDueAt: iso(d.democraticReview.dueAt),
    democraticReviewStatus: d.democraticReview.status,
    publicNoticeEndsAt: iso(d.publicNotice?.endsAt),
    filingDueAt: iso(d.filing?.dueAt),
    filingStatus: d.filing?.status ?? null,
    filedAt: iso(doc.filing?.filedAt ?? null),
    amountFen: doc.approval?.amountFen ?? doc.collectiveDecision?.amountFen ?? null,
    openedAt: iso(doc.openedAt),
    updatedAt: iso(doc.updatedAt),
  };
}

export const taskView = (t: PeriodicReviewDoc & { overdue: boolean }) => ({
  id: t._id,
  deliberationId: t.deliberationId,
  caseId: t.caseId,
  applicantName: t.applicantName,
  regionCode: t.regionCode,
  year: t.year,
  period: t.period,
  from: t.from,
  to: t.to,
  dueAt: iso(t.dueAt),
  status: t.status,
  overdue: t.overdue,
  result: t.result ? { ...t.result, reviewedAt: iso(t.result.reviewedAt) } : null,
  audit: t.audit.map((a) => ({ ...a, at: iso(a.at) })),
});
