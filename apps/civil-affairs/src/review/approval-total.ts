import { fen, sumFen } from '@jh/domain-money';
import { conflict } from '@jh/platform-errors';
import type { FirstAidLink } from './emergency-claims';
import type { ApprovalDoc, ReviewDoc } from './review.model';
import { isSameRequest } from '@jh/platform-http';

/**
 * R-AP-5 by total (ADR 0011): already approved for the case and event — 先行救助, regular,
 * 跟进救助 — plus first aid of the same emergency, linked or about to be.
 */
export function approvedTotalFen(doc: ReviewDoc, firstAids: readonly FirstAidLink[]) {
  const approvals = doc.approvals ?? [];
  const linked = [...firstAids, ...approvals.flatMap((a) => a.linkedFirstAids ?? [])];
  return sumFen([...approvals, ...linked].map((a) => fen(a.amountFen)));
}

/** A replay: same content → the stored result; same id, other content → a clear conflict. */
export function sameApproval(doc: ReviewDoc, approval: ApprovalDoc, hash: string): ReviewDoc {
  if (!isSameRequest(approval.requestHash, hash)) {
    throw conflict(
      'REQUEST_REPLAY_MISMATCH',
      '该审批已按不同内容办理，重复提交的内容与原审批不符；如需追加救助请使用跟进救助',
    );
  }
  return doc;
}
