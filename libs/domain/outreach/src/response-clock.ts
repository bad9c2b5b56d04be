import type { ClockLimit } from '@jh/domain-sla';
import { type EscalationLevel, type Grade, GRADE_ZH } from './outreach-config';
import {
  type OutreachRules,
  OutreachConfigError,
  clockCode,
  defaultOutreachRules,
} from './outreach-rules';

/** R-PD-2: when the task must have been answered, and from when it is at risk. */
export interface ResponseClock {
  /** The grade whose limit set `dueAt`. */
  readonly grade: Grade;
  readonly limit: ClockLimit;
  /** Start of the span that set `dueAt`: the opening, or the raising of the grade. */
  readonly countedFrom: Date;
  readonly dueAt: Date;
  readonly atRiskFrom: Date;
  /** Some working day in the span came from a year without official data (ADR 0003). */
  readonly assumedWeekdaysOnly: boolean;
}

/** Anything with a response clock that may have ended: an outreach task. */
export interface Clocked {
  readonly clock: ResponseClock;
  readonly ended?: { readonly at: Date };
}

export type ResponseStatus = 'running' | 'at_risk' | 'overdue' | 'met';

export interface ResponseEvaluation {
  readonly status: ResponseStatus;
  readonly grade: Grade;
  readonly gradeZh: string;
  readonly dueAt: Date;
  readonly atRiskFrom: Date;
  /** dueAt minus (end or now); negative once overdue. */
  readonly remainingMs: number;
  readonly assumedWeekdaysOnly: boolean;
}

/** A fresh clock for `grade` from `from`, counted by the domain-sla due-date rules. */
export function responseClock(
  grade: Grade,
  from: Date,
  rules: OutreachRules = defaultOutreachRules,
): ResponseClock {
  const started = rules.clocks.start({
    kind: 'department_handling',
    startedAt: from,
    departmentCode: clockCode(grade),
  });
  // createOutreachRules checked every grade's limit.
  if (!started.ok) throw new OutreachConfigError(started.reason);
  const { dueAt, atRiskFrom, assumedWeekdaysOnly } = rules.clocks.evaluate(started.clock, from);
  return {
    grade,
    limit: started.clock.limit,
    countedFrom: from,
    dueAt,
    atRiskFrom,
    assumedWeekdaysOnly,
  };
}

/** R-PD-2: a raised grade's limit counts from the raising; the earlier due time wins. */
export function raiseClock(
  current: ResponseClock,
  grade: Grade,
  at: Date,
  rules: OutreachRules = defaultOutreachRules,
): ResponseClock {
  const candidate = responseClock(grade, at, rules);
  return candidate.dueAt < current.dueAt ? candidate : current;
}

/** R-PD-2: running / at_risk / overdue at `now`; once ended, met or overdue for good. */
export function evaluateResponse(task: Clocked, now: Date): ResponseEvaluation {
  const { clock, ended } = task;
  const end = ended?.at ?? now;
  const late = end > clock.dueAt;
  const status: ResponseStatus = late
    ? 'overdue'
    : ended !== undefined
      ? 'met'
      : now >= clock.atRiskFrom
        ? 'at_risk'
        : 'running';
  return {
    status,
    grade: clock.grade,
    gradeZh: GRADE_ZH[clock.grade],
    dueAt: clock.dueAt,
    atRiskFrom: clock.atRiskFrom,
    remainingMs: clock.dueAt.getTime() - end.getTime(),
    assumedWeekdaysOnly: clock.assumedWeekdaysOnly,
  };
}

/** Instant from which a level is reached: at risk; strictly after due; N working days after due. */
export function escalationThreshold(
  clock: ResponseClock,
  level: EscalationLevel,
  rules: OutreachRules = defaultOutreachRules,
): Date {
  if (level === 'reminder') return clock.atRiskFrom;
  const from =
    level === 'coordinator'
      ? clock.dueAt
      : rules.calendar.addWorkingDays(clock.dueAt, rules.config.escalation.noticeAfterWorkingDays)
          .dueAt;
  return new Date(from.getTime() + 1);
}

/** R-PD-2: levels reached at `now` and not yet published, in chain order; none once ended. */
export function pendingEscalations(
  task: Clocked,
  now: Date,
  published: readonly EscalationLevel[],
  rules: OutreachRules = defaultOutreachRules,
): EscalationLevel[] {
  if (task.ended !== undefined) return [];
  return rules.config.escalation.chain.filter(
    (level) => !published.includes(level) && now >= escalationThreshold(task.clock, level, rules),
  );
}

/** Earliest instant a monitor would have a level to publish; null when nothing is left. */
export function nextEscalationAt(
  task: Clocked,
  published: readonly EscalationLevel[],
  rules: OutreachRules = defaultOutreachRules,
): Date | null {
  if (task.ended !== undefined) return null;
  const times = rules.config.escalation.chain
    .filter((level) => !published.includes(level))
    .map((level) => escalationThreshold(task.clock, level, rules).getTime());
  return times.length === 0 ? null : new Date(Math.min(...times));
}
