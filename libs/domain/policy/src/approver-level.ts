import type { ApprovalLevel } from './approval-tier';

/** The levels a person can approve at (一事一议 is a procedure, not a person's level). */
export type ApproverLevel = Exclude<ApprovalLevel, 'case_by_case'>;

const LEVEL_RANK: Record<ApproverLevel, number> = { street: 1, county: 2, city: 3 };

/** Which role approves at which level (R-AP-5). */
const ROLE_LEVEL: Readonly<Record<string, ApproverLevel>> = {
  approver: 'street',
  county_bureau: 'county',
  city_bureau: 'city',
};

/** Highest approval level among a person's roles (R-AP-5); undefined when none approves. */
export function approverLevelOf(roles: readonly string[]): ApproverLevel | undefined {
  let best: ApproverLevel | undefined;
  for (const role of roles) {
    const level = ROLE_LEVEL[role];
    if (level && (!best || LEVEL_RANK[level] > LEVEL_RANK[best])) best = level;
  }
  return best;
}

/** Whether someone approving at `own` may approve what `required` asks for (R-AP-5). */
export function mayApproveAt(own: ApproverLevel, required: ApproverLevel): boolean {
  return LEVEL_RANK[own] >= LEVEL_RANK[required];
}
