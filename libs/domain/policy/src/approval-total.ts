import { type Fen, formatYuan } from '@jh/domain-money';
import {
  APPROVAL_LEVEL_ZH,
  type ApprovalLevel,
  type ApprovalTierInput,
  type ApprovalTierResult,
  requiredApprovalLevel,
} from './approval-tier';
import { type PolicyConfig, defaultPolicyConfig } from './policy-config';

export interface CumulativeTierInput extends ApprovalTierInput {
  /** Already approved for the same case and event: earlier approvals, follow-ups, first aid. */
  readonly alreadyApprovedFen: Fen;
  /** The level a lower approver's attempt routed the case to; never approved below it. */
  readonly routedTo?: ApprovalLevel | null;
}

const RANK: Record<ApprovalLevel, number> = { street: 1, county: 2, city: 3, case_by_case: 4 };

/**
 * R-AP-5 by total: the level follows everything approved for the same case and event plus this
 * request (so splitting into several street-sized approvals does not bypass the county), and a
 * case once routed up stays at least at that level.
 */
export function requiredLevelForTotal(
  input: CumulativeTierInput,
  config: PolicyConfig = defaultPolicyConfig,
): ApprovalTierResult {
  const totalFen = (input.alreadyApprovedFen + input.amountFen) as Fen;
  const tier = requiredApprovalLevel({ ...input, amountFen: totalFen }, config);
  if (!tier.ok) return tier;
  const reason =
    input.alreadyApprovedFen > 0
      ? `同一案件同一事项累计审批${formatYuan(totalFen)}（含本次${formatYuan(input.amountFen)}）：${tier.reason}`
      : tier.reason;
  const routed = input.routedTo;
  if (routed && RANK[routed] > RANK[tier.level]) {
    return {
      ok: true,
      level: routed,
      reason: `该案件已转${APPROVAL_LEVEL_ZH[routed]}，不能由较低层级审批`,
      ruleId: tier.ruleId,
    };
  }
  return { ...tier, reason };
}
