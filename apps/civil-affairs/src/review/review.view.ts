import { maskCardNo, maskIdNumber } from '@jh/domain-application';
import { deadlineNotice } from '@jh/domain-calendar';
import { workingDayDeadlines } from '@jh/domain-sla';
import { iso } from '@jh/platform-http';
import type { Actor } from '@jh/platform-auth';
import { type ApprovalDoc, type ReviewDoc } from './review.model';
import { STAGE_ROLE, stageOf } from './review.queue';
import type { ReviewService } from './review.service';

/**
 * Public view; the outbox never leaves the service. With the reader: which steps they may take now
 * and why not (R-AP-1 etc.), and the R-AP-5 thresholds for the approval form.
 */
export function reviewView(doc: ReviewDoc, reviews: ReviewService, reader?: Actor) {
  const evaluation = reviews.evaluate(doc);
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    applicationNumber: doc.applicationNumber ?? '',
    stage: stageOf(doc),
    ...(reader
      ? {
          nextSteps: reviews.nextSteps(doc, reader),
          approvalRule: reviews.approvalRule(doc, reader),
        }
      : {}),
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
      // R-AP-2: the extension is shown with its reason.
      extensions: doc.clock.extensions.map((e) => ({ ...e, at: iso(e.at) })),
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

/**
 * One queue row (GET /reviews): the applicant masked (R-OV-2), what is next and who may take it,
 * the clock (R-AP-2/4, with its extension), the amount and level once known (R-AP-5), and who did
 * the earlier steps (R-AP-1).
 */
export function reviewRowView(doc: ReviewDoc, reviews: ReviewService) {
  const evaluation = reviews.evaluate(doc);
  const stage = stageOf(doc);
  const approvals = doc.approvals ?? [];
  const extension = doc.clock.extensions.at(-1);
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationNumber: doc.applicationNumber ?? '',
    applicantName: maskName(doc.applicantName),
    applicantIdNumber: doc.applicantIdNumber ? maskIdNumber(doc.applicantIdNumber) : '',
    item: doc.item,
    temporaryKind: doc.temporaryKind ?? null,
    regionCode: doc.regionCode,
    status: doc.status,
    stage,
    nextRole: STAGE_ROLE[stage],
    deadline: {
      ruleId: evaluation.ruleId,
      labelZh: evaluation.labelZh,
      dueAt: iso(evaluation.dueAt),
      status: evaluation.status,
      limit: doc.clock.limit,
      extension: extension ? { reason: extension.reason, at: iso(extension.at) } : null,
    },
    amountFen:
      approvals.length > 0
        ? approvals.reduce((s, a) => s + a.amountFen, 0)
        : (doc.routedTo?.amountFen ?? null),
    level: doc.routedTo?.level ?? doc.approval?.level ?? null,
    routedTo: doc.routedTo ? { level: doc.routedTo.level, reason: doc.routedTo.reason } : null,
    paperwork: doc.paperwork ? paperworkView(doc.paperwork, reviews.now()) : null,
    relativesFlagged: doc.relatives?.flagged ?? false,
    actors: doc.actors,
    openedAt: iso(doc.openedAt),
  };
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: enough for the reviewer to recognise the row (R-OV-2). */
function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}
