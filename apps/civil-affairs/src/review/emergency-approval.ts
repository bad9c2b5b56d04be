import { conflict } from '@jh/platform-errors';
import type { EmergencyClaim, EmergencyClaims, FirstAidLink } from './emergency-claims';
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

/**
 * R-AP-6 (ADR 0011): claims the household's guards of a 急难型 approval before writing it; a
 * concurrent second aid of the same emergency hits a guard's unique _id. Released again when
 * the write fails.
 */
export async function withEmergencyGuard(
  claims: EmergencyClaims | undefined,
  doc: ReviewDoc,
  approval: ApprovalDoc,
  now: Date,
  write: () => Promise<ReviewDoc>,
): Promise<ReviewDoc> {
  if (doc.temporaryKind !== 'emergency') return write();
  const required = requireClaims(claims, doc);
  const guardIds = await required.claim(emergencyClaimOf(doc, approval), now);
  try {
    return await write();
  } catch (e) {
    await required.release(guardIds, approval.approvalId);
    throw e;
  }
}

/**
 * Read-only R-AP-6 check before anything is written (routing included); returns the first aid
 * (R-AP-9) of the same emergency this approval completes, to link and add for R-AP-5.
 */
export async function emergencyFirstAids(
  claims: EmergencyClaims | undefined,
  doc: ReviewDoc,
  now: Date,
): Promise<FirstAidLink[]> {
  if (doc.temporaryKind !== 'emergency') return [];
  const required = requireClaims(claims, doc);
  return (await required.check(emergencyClaimOf(doc, null), now)).firstAids;
}
