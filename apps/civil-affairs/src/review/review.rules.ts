import { checkMayPerformStep, type ReviewActors, type ReviewStep } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict, notAllowed } from '@jh/platform-errors';
import type { ReviewDoc, SelfCareAbility } from './review.model';
import { CARE_STANDARD_ZH, SELF_CARE_ABILITY_ZH, SUPPORT_MODE_ZH, supportFor } from './self-care';

const STATUS_ZH: Record<ReviewDoc['status'], string> = {
  accepted: '已受理待初审',
  under_check: '核对与入户调查中',
  awaiting_confirmation: '待审核确认',
  approved: '已审批',
  rejected: '不予救助',
  withdrawn: '已撤回',
};

export function requireStatus(doc: ReviewDoc, allowed: readonly ReviewDoc['status'][]): void {
  if (!allowed.includes(doc.status)) {
    throw conflict('REVIEW_WRONG_STATUS', `当前状态为“${STATUS_ZH[doc.status]}”，不能办理此步骤`);
  }
}

/** R-AP-1: 受理, 初审 and 审核确认 are three people. */
export function requireSeparation(doc: ReviewDoc, step: ReviewStep, actor: Actor): void {
  const done: ReviewActors = {
    intake: doc.actors.intake,
    ...(doc.actors.firstReview ? { first_review: doc.actors.firstReview } : {}),
    ...(doc.actors.confirmation ? { confirmation: doc.actors.confirmation } : {}),
  };
  const result = checkMayPerformStep(step, actor.userId, done);
  if (!result.ok) {
    throw notAllowed(
      result.code === 'SAME_PERSON_FOR_TWO_STEPS' ? 'SOD_SAME_PERSON' : result.code,
      result.reason,
    );
  }
}

/** R-AP-8: a flagged case is approved only after the county's extra review, by someone else. */
export function requireRelativesReview(doc: ReviewDoc, actor: Actor): void {
  if (!doc.relatives?.flagged) return;
  if (!doc.relativesReview) {
    throw conflict(
      'RELATIVES_REVIEW_REQUIRED',
      '该案件命中近亲属备案，须经县（区）民政局复核后方可审批（R-AP-8）',
    );
  }
  if (doc.relativesReview.byUserId === actor.userId) {
    throw notAllowed('SOD_SAME_PERSON', '近亲属备案复核人员不能同时审批本案（R-AP-8）');
  }
}

export function requireSelfCareItem(doc: ReviewDoc): void {
  if (doc.item !== 'tekun') {
    throw conflict('SELF_CARE_NOT_APPLICABLE', '生活自理能力评估仅适用于特困人员救助供养');
  }
}

export function selfCareOf(
  input: { ability: SelfCareAbility; note: string },
  actor: Actor,
  now: Date,
) {
  return {
    ability: input.ability,
    ...supportFor(input.ability),
    note: input.note,
    byUserId: actor.userId,
    recordedAt: now,
  };
}

export function selfCareText(ability: SelfCareAbility): string {
  const { supportMode, careStandard } = supportFor(ability);
  return `生活自理能力评估：${SELF_CARE_ABILITY_ZH[ability]}，${SUPPORT_MODE_ZH[supportMode]}，照料护理标准${CARE_STANDARD_ZH[careStandard]}（R-AP-3）`;
}

/** Everyone who already did something on the review (R-AP-8 extra review must be someone else). */
export function actedOn(doc: ReviewDoc): Set<string> {
  return new Set([doc.actors.intake, ...doc.audit.map((a) => a.byUserId)]);
}
