import { randomUUID } from 'node:crypto';
import { type ApprovalLevel, type PolicyContext } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { requestHash } from '@jh/platform-http';
import { assistanceApprovedEntry } from '../approval/assistance-approved';
import { instalmentsFor } from '../approval/instalments';
import { sameApproval } from './approval-total';
import type { EmergencyClaims } from './emergency-claims';
import { emergencyFirstAids, withEmergencyGuard } from './emergency-approval';
import { requirePayee } from '../approval/payee';
import { reviewableOf } from './review.catalogue';
import { stagesOf, type ApproveInput, type FollowUpInput } from './review.input';
import type { ApprovalDoc, ApprovalKind, ReviewDoc } from './review.model';
import type { ReviewRecorder } from './review.recorder';
import { guardApprove, guardFollowUp } from './review.guards';
import { requireTier, type Tier } from './review.tier';

/** 审核确认 / 审批 and 跟进救助 (R-AP-1, R-AP-3..5); each publishes AssistanceApproved. */
export class ReviewApprovals {
  constructor(
    private readonly reviews: ReviewRecorder,
    private readonly policy: PolicyContext,
    private readonly emergencyClaims: EmergencyClaims | undefined,
  ) {}

  private get deps() {
    return { reviews: this.reviews, policy: this.policy };
  }

  /** 审核确认 / 审批 (R-AP-1, R-AP-5); publishes AssistanceApproved through the outbox. */
  async approve(id: string, actor: Actor, input: ApproveInput): Promise<ReviewDoc> {
    const doc = await this.reviews.get(id);
    const hash = requestHash(actor.userId, input);
    // A retried approval by the same approver returns the approval already made, if it is the same.
    const regular = (doc.approvals ?? []).find((a) => a.kind === 'regular');
    if (doc.status === 'approved' && regular?.approverId === actor.userId) {
      return sameApproval(doc, regular, hash);
    }
    guardApprove(doc, actor);
    const stages = stagesOf(input);
    requirePayee(doc.citizenCardNo, 'citizenCardNo');
    const now = this.reviews.clock();
    const firstAids = await emergencyFirstAids(this.emergencyClaims, doc, now);
    const tier = await requireTier(this.deps, doc, actor, input, firstAids);
    const approval = newApproval(this.policy, doc, actor, 'regular', tier, input, stages, now);
    approval.requestHash = hash;
    approval.linkedFirstAids = firstAids;
    return withEmergencyGuard(this.emergencyClaims, doc, approval, now, async () => {
      const stopped = this.policy.clocks.stop(doc.clock, now);
      return this.reviews.apply(
        doc,
        actor,
        'approved',
        `${tier.reason}（${tier.ruleId}）`,
        {
          status: 'approved',
          actors: { ...doc.actors, confirmation: actor.userId },
          approval: primary(approval),
          approvals: [...(doc.approvals ?? []), approval],
          clock: stopped.ok ? stopped.clock : doc.clock,
        },
        [approvedEntry(doc, approval)],
        approval.approvedAt,
      );
    });
  }

  /** 跟进救助 (R-AP-4): a further approval on an approved temporary-aid review, new approval id. */
  async followUp(id: string, actor: Actor, input: FollowUpInput): Promise<ReviewDoc> {
    const doc = await this.reviews.get(id);
    const hash = requestHash(actor.userId, input);
    if (input.requestKey) {
      const done = (doc.approvals ?? []).find((a) => a.requestKey === input.requestKey);
      if (done) return sameApproval(doc, done, hash);
    }
    guardFollowUp(doc, actor);
    const stages = stagesOf(input);
    requirePayee(doc.citizenCardNo, 'citizenCardNo');
    const tier = await requireTier(this.deps, doc, actor, input);
    const now = this.reviews.clock();
    const approval = newApproval(this.policy, doc, actor, 'follow_up', tier, input, stages, now, {
      reason: input.reason,
      requestKey: input.requestKey ?? null,
    });
    approval.requestHash = hash;
    // Follow-up aid for the same emergency is part of the same case, not a new R-AP-6 approval.
    return this.reviews.apply(
      doc,
      actor,
      'follow_up',
      `${input.reason}（${tier.ruleId}）`,
      { approvals: [...(doc.approvals ?? []), approval] },
      [approvedEntry(doc, approval)],
      approval.approvedAt,
    );
  }
}

/** A new approval with its R-PAY-2 instalments (one key per instalment). */
export function newApproval(
  policy: PolicyContext,
  doc: ReviewDoc,
  actor: Actor,
  kind: ApprovalKind,
  tier: Pick<Tier, 'level'>,
  input: ApproveInput,
  stages: readonly { amountFen: number; payFrom?: string }[],
  now: Date,
  extra: { reason: string; requestKey: string | null } = { reason: '', requestKey: null },
): ApprovalDoc {
  const approvalId = randomUUID();
  return {
    approvalId,
    kind,
    level: tier.level,
    amountFen: input.amountFen,
    approverId: actor.userId,
    approvedAt: now,
    instalments: instalmentsFor(policy, approvalId, reviewableOf(doc.item).schedule, stages, now),
    reason: extra.reason,
    requestKey: extra.requestKey,
    requestHash: null,
    linkedFirstAids: [],
  };
}

/** The review's AssistanceApproved, keyed by the application. */
export function approvedEntry(doc: ReviewDoc, approval: ApprovalDoc) {
  return assistanceApprovedEntry(
    {
      approvalId: approval.approvalId,
      caseId: doc.caseId,
      applicationId: doc.applicationId,
      item: doc.item,
      schedule: reviewableOf(doc.item).schedule,
      recipient: {
        name: doc.applicantName,
        idNumber: doc.applicantIdNumber ?? '',
        citizenCardNo: doc.citizenCardNo ?? '',
        regionCode: doc.regionCode,
      },
      streetCode: doc.regionCode,
      level: approval.level as ApprovalLevel,
      approverId: approval.approverId,
      approvedAt: approval.approvedAt,
      instalments: approval.instalments,
    },
    doc.applicationId,
    doc.traceparent,
  );
}

export function primary(a: ApprovalDoc): NonNullable<ReviewDoc['approval']> {
  return {
    approvalId: a.approvalId,
    level: a.level,
    amountFen: a.amountFen,
    approverId: a.approverId,
    approvedAt: a.approvedAt,
    instalments: a.instalments,
  };
}
