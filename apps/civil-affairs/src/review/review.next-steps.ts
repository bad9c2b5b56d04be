import { fen } from '@jh/domain-money';
import {
  approverLevelOf,
  requiredLevelForTotal,
  type ApprovalLevel,
  type PolicyContext,
} from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { isAppError } from '@jh/platform-errors';
import { requirePayee } from '../approval/payee';
import { approvedTotalFen } from './approval-total';
import { reviewableOf } from './review.catalogue';
import * as g from './review.guards';
import { STEP_ROLES, type StepName } from './review.guards';
import type { ReviewDoc } from './review.model';
import { requireRelativesReview, requireSeparation } from './review.rules';

export interface NextStep {
  step: StepName;
  allowed: boolean;
  /** The refusal the service would give now (code and Chinese message), when not allowed. */
  reasonCode: string | null;
  reason: string | null;
  /** R-AP-1: the reader's own earlier step on this case, when that is why. */
  earlierStep: 'intake' | 'first_review' | 'confirmation' | null;
}

const ROLE_ZH: Record<string, string> = {
  window_clerk: '窗口受理人员',
  first_reviewer: '初审人员',
  approver: '街道审批人员',
  county_bureau: '县（区）民政局',
  city_bureau: '市民政局',
};

/** The steps that apply to this review at all (others are not shown). */
function applicable(doc: ReviewDoc): StepName[] {
  const steps: StepName[] = ['first_review', 'economic_check', 'home_visit'];
  if (doc.item === 'tekun') steps.push('self_care');
  if (doc.temporaryKind === 'expenditure') steps.push('democratic_review');
  if (doc.relatives?.flagged) steps.push('relatives_review');
  steps.push('payee');
  if (doc.temporaryKind === 'emergency') steps.push('fast_aid');
  if (doc.paperwork) steps.push('paperwork');
  steps.push('approve');
  if (doc.item === 'temporary') steps.push('follow_up');
  steps.push('reject', 'withdraw');
  return steps;
}

/** The checks a step's service method makes before it reads the body (review.guards.ts). */
function check(step: StepName, doc: ReviewDoc, actor: Actor): void {
  switch (step) {
    case 'first_review':
      return g.guardFirstReview(doc, actor);
    case 'economic_check':
      return g.guardEconomicCheck(doc);
    case 'home_visit':
      return g.guardHomeVisit(doc);
    case 'self_care':
      return g.guardSelfCare(doc);
    case 'democratic_review':
      return g.guardDemocraticReview(doc);
    case 'relatives_review':
      return g.guardRelativesReview(doc, actor);
    case 'payee':
      return g.guardPayee(doc);
    case 'fast_aid':
      g.guardFastAid(doc);
      requireSeparation(doc, 'confirmation', actor);
      requireRelativesReview(doc, actor);
      return requirePayee(doc.citizenCardNo, 'citizenCardNo');
    case 'paperwork':
      return g.guardPaperwork(doc, actor);
    case 'approve':
      g.guardApprove(doc, actor);
      return requirePayee(doc.citizenCardNo, 'citizenCardNo');
    case 'follow_up':
      g.guardFollowUp(doc, actor);
      return requirePayee(doc.citizenCardNo, 'citizenCardNo');
    case 'reject':
      g.guardReject(doc, actor);
      return;
    case 'withdraw':
      return g.guardWithdraw(doc);
  }
}

/**
 * May `actor` take each step now, and if not why: the route's roles first, then the same checks
 * the service makes (so the screen shows a refusal before the click, in the service's words).
 */
export function nextStepsFor(doc: ReviewDoc, actor: Actor): NextStep[] {
  return applicable(doc).map((step) => {
    const roles: readonly string[] = STEP_ROLES[step];
    const own: readonly string[] = actor.roles;
    if (!roles.some((r) => own.includes(r))) {
      // A step already taken (or not open at this stage) is that for everyone: say so, rather
      // than whose role it is, so the screen can leave it out.
      const state = stateRefusal(step, doc);
      if (state) return state;
      const who = roles.map((r) => ROLE_ZH[r] ?? r).join('、');
      return refused(step, 'STEP_ROLE_REQUIRED', `此步骤由${who}办理`, null);
    }
    try {
      check(step, doc, actor);
      return { step, allowed: true, reasonCode: null, reason: null, earlierStep: null };
    } catch (err) {
      if (!isAppError(err)) throw err;
      const earlier = err.code === 'SOD_SAME_PERSON' ? earlierStepOf(doc, actor) : null;
      return refused(step, err.code, err.message, earlier);
    }
  });
}

/** Refusals that depend on the review alone, not on who asks. */
const STATE_CODES = new Set([
  'REVIEW_WRONG_STATUS',
  'ALREADY_RECORDED',
  'NO_OUTSTANDING_PAPERWORK',
]);

/** The step's refusal for a holder of its role who took no earlier step, when it is a state one. */
function stateRefusal(step: StepName, doc: ReviewDoc): NextStep | null {
  const anyone: Actor = { userId: '', roles: [...STEP_ROLES[step]] };
  try {
    check(step, doc, anyone);
    return null;
  } catch (err) {
    if (!isAppError(err) || !STATE_CODES.has(err.code)) return null;
    return refused(step, err.code, err.message, null);
  }
}

function refused(
  step: StepName,
  reasonCode: string,
  reason: string,
  earlierStep: NextStep['earlierStep'],
): NextStep {
  return { step, allowed: false, reasonCode, reason, earlierStep };
}

function earlierStepOf(doc: ReviewDoc, actor: Actor): NextStep['earlierStep'] {
  if (doc.actors.intake === actor.userId) return 'intake';
  if (doc.actors.firstReview === actor.userId) return 'first_review';
  if (doc.actors.confirmation === actor.userId) return 'confirmation';
  return null;
}

/**
 * R-AP-5 as the approval form needs it, computed here by the policy function the service uses:
 * the level for a total within the street's limit, above it, for a severe or high-impact case and
 * for one no policy covers; what is already approved counts; the reader's own level.
 */
export function approvalRuleOf(
  doc: ReviewDoc,
  actor: Actor,
  policy: PolicyContext,
  fastAidCapFen: number,
) {
  const tiers = policy.config.approvalTiers;
  const item = reviewableOf(doc.item).policyItem;
  const already = approvedTotalFen(doc, []);
  const streetRemainingFen = Math.max(0, tiers.streetMaxFen - already);
  const at = (amountFen: number, flags: { severe?: boolean; covered?: boolean } = {}) => {
    const tier = requiredLevelForTotal(
      {
        item,
        amountFen: fen(amountFen),
        alreadyApprovedFen: already,
        routedTo: (doc.routedTo?.level as ApprovalLevel | undefined) ?? null,
        coveredByPolicy: flags.covered ?? true,
        severe: flags.severe,
      },
      policy.config,
    );
    return tier.ok
      ? { level: tier.level, reason: tier.reason }
      : { level: null, reason: tier.reason };
  };
  return {
    tiered: tiers.tieredItems.includes(item),
    streetMaxFen: tiers.streetMaxFen,
    alreadyApprovedFen: Number(already),
    /** A request up to this amount keeps the total within the street's limit. */
    streetRemainingFen,
    levels: {
      withinStreet: at(Math.max(1, streetRemainingFen)),
      aboveStreet: at(streetRemainingFen + 1),
      severe: at(1, { severe: true }),
      notCovered: at(1, { covered: false }),
    },
    routedToLevel: doc.routedTo?.level ?? null,
    ownLevel: approverLevelOf(actor.roles) ?? null,
    fastAidCapFen,
  };
}
