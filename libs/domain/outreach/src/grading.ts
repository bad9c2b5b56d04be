import {
  BAND_RANK,
  GRADE_RANK,
  type Grade,
  type GradingCondition,
  type GradingRule,
} from './outreach-config';
import { type OutreachRules, defaultOutreachRules } from './outreach-rules';
import type { HardshipSignal } from './signal';

/** The grade and the rule that decided it (shown with the task). */
export interface GradeDecision {
  readonly grade: Grade;
  readonly ruleId: string;
  readonly labelZh: string;
}

function matches(when: GradingCondition, signals: readonly HardshipSignal[]): boolean {
  const { anyFlag, anyKind, minBand, minSignals } = when;
  if (anyFlag !== undefined && !signals.some((s) => s.flags.some((f) => anyFlag.includes(f))))
    return false;
  if (minSignals !== undefined && signals.length < minSignals) return false;
  if (anyKind === undefined && minBand === undefined) return true;
  // Kind and band hold on the same signal: "a high medical bill", not "a bill and something high".
  return signals.some(
    (s) =>
      (anyKind === undefined || anyKind.includes(s.kind)) &&
      (minBand === undefined || BAND_RANK[s.band] >= BAND_RANK[minBand]),
  );
}

const decision = (rule: Omit<GradingRule, 'when'>): GradeDecision => ({
  grade: rule.grade,
  ruleId: rule.id,
  labelZh: rule.labelZh,
});

/** R-PD-2: the first configured rule the signals match decides the grade; else the fallback. */
export function gradeSignals(
  signals: readonly HardshipSignal[],
  rules: OutreachRules = defaultOutreachRules,
): GradeDecision {
  const { grading } = rules.config;
  const rule = grading.rules.find((r) => matches(r.when, signals));
  return decision(rule ?? grading.fallback);
}

export const isHigherGrade = (a: Grade, b: Grade): boolean => GRADE_RANK[a] > GRADE_RANK[b];
