import { type PolicyRefusal, refuse } from './policy-result';

/** The three review steps that must be done by three different people (R-AP-1). */
export type ReviewStep = 'intake' | 'first_review' | 'confirmation';

export const REVIEW_STEP_ZH: Record<ReviewStep, string> = {
  intake: '受理',
  first_review: '初审',
  confirmation: '审核确认',
};

const STEPS: readonly ReviewStep[] = ['intake', 'first_review', 'confirmation'];

/** Actor ids per step; steps not done yet are left out. */
export type ReviewActors = Readonly<Partial<Record<ReviewStep, string>>>;

export type SeparationCode = 'SAME_PERSON_FOR_TWO_STEPS' | 'ACTOR_REQUIRED';

export type SeparationResult =
  | { readonly ok: true }
  | (PolicyRefusal<SeparationCode> & { readonly steps: readonly ReviewStep[] });

const RULE = 'R-AP-1';

/** R-AP-1: refuses when any two recorded steps were done by the same person. */
export function checkSeparationOfDuties(actors: ReviewActors): SeparationResult {
  const seen = new Map<string, ReviewStep>();
  for (const step of STEPS) {
    const raw = actors[step];
    if (raw === undefined) continue;
    const actor = raw.trim();
    if (actor === '') {
      return {
        ...refuse('ACTOR_REQUIRED', `${REVIEW_STEP_ZH[step]}经办人不能为空`, RULE),
        steps: [step],
      };
    }
    const earlier = seen.get(actor);
    if (earlier !== undefined) {
      const reason = `受理、初审、审核确认须由三名不同人员办理：${REVIEW_STEP_ZH[earlier]}与${REVIEW_STEP_ZH[step]}不能为同一人`;
      return { ...refuse('SAME_PERSON_FOR_TWO_STEPS', reason, RULE), steps: [earlier, step] };
    }
    seen.set(actor, step);
  }
  return { ok: true };
}

/** R-AP-1 guard for an action: may `actorId` perform `step`, given who did the other steps? */
export function checkMayPerformStep(
  step: ReviewStep,
  actorId: string,
  done: ReviewActors,
): SeparationResult {
  return checkSeparationOfDuties({ ...done, [step]: actorId });
}
