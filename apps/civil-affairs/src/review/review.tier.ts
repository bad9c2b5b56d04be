import { fen } from '@jh/domain-money';
import {
  APPROVAL_LEVEL_ZH,
  approverLevelOf,
  mayApproveAt,
  requiredLevelForTotal,
  type ApprovalLevel,
  type ApproverLevel,
  type PolicyContext,
} from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict, notAllowed } from '@jh/platform-errors';
import { approvedTotalFen } from './approval-total';
import type { FirstAidLink } from './emergency-claims';
import { reviewableOf } from './review.catalogue';
import type { ApproveInput } from './review.input';
import type { ReviewDoc } from './review.model';
import type { ReviewRecorder } from './review.recorder';

export interface Tier {
  level: ApproverLevel;
  reason: string;
  ruleId: string;
}

/**
 * R-AP-5 by total: refuses (and records the routing) when the approver is below the level the
 * case's total asks for, or when the case belongs to 一事一议.
 */
export async function requireTier(
  deps: { reviews: ReviewRecorder; policy: PolicyContext },
  doc: ReviewDoc,
  actor: Actor,
  input: ApproveInput,
  firstAids: readonly FirstAidLink[] = [],
): Promise<Tier> {
  const { reviews } = deps;
  // Everything already approved on this case and event counts.
  const tier = requiredLevelForTotal(
    {
      item: reviewableOf(doc.item).policyItem,
      amountFen: fen(input.amountFen),
      alreadyApprovedFen: approvedTotalFen(doc, firstAids),
      routedTo: (doc.routedTo?.level as ApprovalLevel | undefined) ?? null,
      coveredByPolicy: !input.notCoveredByPolicy,
      severe: input.severe,
      largeSocialImpact: input.largeSocialImpact,
    },
    deps.policy.config,
  );
  if (!tier.ok) throw conflict(tier.code, tier.reason);
  if (tier.level === 'case_by_case') {
    // Recorded like any routing, so the window knows to open the 一事一议 procedure.
    await reviews.apply(doc, actor, 'routed', tier.reason, {
      routedTo: {
        level: 'case_by_case',
        reason: tier.reason,
        ruleId: tier.ruleId,
        amountFen: input.amountFen,
        at: reviews.clock(),
      },
    });
    throw conflict('CASE_BY_CASE_REQUIRED', '现行政策难以明确覆盖该案件，须按“一事一议”程序办理');
  }
  const own = approverLevelOf(actor.roles);
  if (!own) throw notAllowed('APPROVER_ROLE_REQUIRED', '您没有审核确认或审批权限');
  if (!mayApproveAt(own, tier.level)) {
    const why = `${tier.reason}；您的权限为${APPROVAL_LEVEL_ZH[own]}，已转${APPROVAL_LEVEL_ZH[tier.level]}`;
    await reviews.apply(doc, actor, 'routed', why, {
      routedTo: {
        level: tier.level,
        reason: tier.reason,
        ruleId: tier.ruleId,
        amountFen: input.amountFen,
        at: reviews.clock(),
      },
    });
    throw notAllowed('APPROVAL_LEVEL_TOO_LOW', why);
  }
  return { level: tier.level, reason: tier.reason, ruleId: tier.ruleId };
}
