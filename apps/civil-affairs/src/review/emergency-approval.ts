import { conflict } from '@jh/platform-errors';
import type { EmergencyClaim, EmergencyClaims } from './emergency-claims';
import type { ApprovalDoc, ReviewDoc } from './review.model';

/** Fail closed: no guards, or no event, means no 急难型 approval (R-AP-6). */
export function requireClaims(
  claims: EmergencyClaims | undefined,
  doc: ReviewDoc,
): EmergencyClaims {
  if (!claims || !doc.emergency) {
    throw conflict('EMERGENCY_EVENT_REQUIRED', '急难型临时救助须登记急难事项（R-AP-6）');
  }
  return claims;
}

/** The household (applicant and every member) and the emergency of a review's approval. */
export function emergencyClaimOf(doc: ReviewDoc, approval: ApprovalDoc | null): EmergencyClaim {
  const applicant = (doc.applicantIdNumber ?? '').trim();
  if (!applicant) {
    throw conflict('ID_NUMBER_REQUIRED', '缺少申请人身份证号码，无法核验同一急难事项（R-AP-6）');
  }
  return {
    household: [applicant, ...(doc.householdIdNumbers ?? [])],
    occurredOn: doc.emergency?.occurredOn ?? '',
    source: 'review',
    ownerId: doc._id,
    approvalId: approval?.approvalId ?? '',
    amountFen: approval?.amountFen ?? 0,
  };
}
