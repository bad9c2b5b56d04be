import { type Fen, formatYuan } from '@jh/domain-money';
import {
  ASSISTANCE_ITEM_ZH,
  type AssistanceItem,
  type PolicyConfig,
  defaultPolicyConfig,
} from './policy-config';
import { type PolicyRefusal, refuse } from './policy-result';

export type ApprovalLevel = 'street' | 'county' | 'city' | 'case_by_case';

export const APPROVAL_LEVEL_ZH: Record<ApprovalLevel, string> = {
  street: '街道（乡镇）审批',
  county: '县（区）民政局审批',
  city: '报市级审批',
  case_by_case: '一事一议',
};

export interface ApprovalTierInput {
  readonly item: AssistanceItem;
  readonly amountFen: Fen;
  /** False when no current policy clearly covers the case (→ 一事一议). */
  readonly coveredByPolicy: boolean;
  /** 急难程度严重 */
  readonly severe?: boolean;
  /** 社会影响较大 */
  readonly largeSocialImpact?: boolean;
}

export type ApprovalTierCode = 'INVALID_AMOUNT' | 'TIER_NOT_APPLICABLE';

export type ApprovalTierResult =
  | {
      readonly ok: true;
      readonly level: ApprovalLevel;
      readonly reason: string;
      readonly ruleId: string;
    }
  | PolicyRefusal<ApprovalTierCode>;

const RULE = 'R-AP-5';

/** R-AP-5: the level that must approve, by item and amount. */
export function requiredApprovalLevel(
  input: ApprovalTierInput,
  config: PolicyConfig = defaultPolicyConfig,
): ApprovalTierResult {
  const tiers = config.approvalTiers;
  const level = (l: ApprovalLevel, reason: string): ApprovalTierResult => ({
    ok: true,
    level: l,
    reason,
    ruleId: RULE,
  });
  if (input.amountFen < 0) return refuse('INVALID_AMOUNT', '救助金额不能为负数', RULE);
  if (!input.coveredByPolicy)
    return level('case_by_case', '现行政策难以明确的特殊个案，按“一事一议”审核确认或审批');
  if (tiers.streetConfirmedItems.includes(input.item)) {
    return level('street', `${ASSISTANCE_ITEM_ZH[input.item]}审核确认权限已下放街道（乡镇）`);
  }
  if (!tiers.tieredItems.includes(input.item)) {
    return refuse(
      'TIER_NOT_APPLICABLE',
      `${ASSISTANCE_ITEM_ZH[input.item]}由主管部门按其规定审批，不适用民政分级审批`,
      RULE,
    );
  }
  if (input.severe === true || input.largeSocialImpact === true) {
    return level('city', '急难程度严重或社会影响较大，可报市级审批');
  }
  if (tiers.cityFromFen !== undefined && input.amountFen >= tiers.cityFromFen) {
    return level('city', `救助金额达到${formatYuan(tiers.cityFromFen)}，报市级审批`);
  }
  return input.amountFen <= tiers.streetMaxFen
    ? level('street', `救助金额不超过${formatYuan(tiers.streetMaxFen)}，由街道（乡镇）审批`)
    : level('county', `救助金额超过${formatYuan(tiers.streetMaxFen)}，由县（区）民政局审批`);
}
