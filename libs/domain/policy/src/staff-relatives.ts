import { type AssistanceItem, type PolicyConfig, defaultPolicyConfig } from './policy-config';

export type StaffRole = 'assistance_staff' | 'village_cadre' | 'community_cadre';

/** One registered (备案) close relative of assistance staff or a village/community cadre. */
export interface StaffRelativeEntry {
  readonly entryId: string;
  readonly relativeIdNumber: string;
  readonly staffRole: StaffRole;
  /** e.g. 配偶, 父母, 子女 */
  readonly relation: string;
}

export interface HouseholdMember {
  readonly memberId: string;
  readonly idNumber: string;
}

export interface StaffRelativeMatch {
  readonly memberId: string;
  readonly entryId: string;
  readonly staffRole: StaffRole;
  readonly relation: string;
}

export interface StaffRelativesFlag {
  readonly ruleId: 'R-AP-8';
  /** Whether the rule applies to this item at all. */
  readonly applies: boolean;
  readonly flagged: boolean;
  readonly matches: readonly StaffRelativeMatch[];
  /** Shown to reviewers (zh-CN); no personal data in it. */
  readonly reason?: string;
}

const normalize = (idNumber: string): string => idNumber.trim().toUpperCase();

/**
 * R-AP-8: flags an application for review when a household member is a registered close relative
 * of assistance staff or a village/community cadre. A flag, not a refusal.
 */
export function flagStaffRelatives(
  input: { readonly item: AssistanceItem; readonly members: readonly HouseholdMember[] },
  registry: readonly StaffRelativeEntry[],
  config: PolicyConfig = defaultPolicyConfig,
): StaffRelativesFlag {
  if (!config.staffRelatives.appliesToItems.includes(input.item)) {
    return { ruleId: 'R-AP-8', applies: false, flagged: false, matches: [] };
  }
  const byIdNumber = new Map<string, StaffRelativeEntry[]>();
  for (const e of registry) {
    const key = normalize(e.relativeIdNumber);
    byIdNumber.set(key, [...(byIdNumber.get(key) ?? []), e]);
  }
  const matches = input.members.flatMap((m) =>
    (byIdNumber.get(normalize(m.idNumber)) ?? []).map((e) => ({
      memberId: m.memberId,
      entryId: e.entryId,
      staffRole: e.staffRole,
      relation: e.relation,
    })),
  );
  if (matches.length === 0) return { ruleId: 'R-AP-8', applies: true, flagged: false, matches };
  return {
    ruleId: 'R-AP-8',
    applies: true,
    flagged: true,
    matches,
    reason: '申请家庭成员中有社会救助经办人员或村（社区）干部的近亲属，已备案，须重点复核',
  };
}
