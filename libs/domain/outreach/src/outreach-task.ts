import { gradeSignals, isHigherGrade } from './grading';
import {
  GRADES,
  GRADE_ZH,
  type Grade,
  type NeedCode,
  type TaskOutcome,
  needNameZh,
} from './outreach-config';
import {
  type OutreachRefusal,
  type OutreachRules,
  defaultOutreachRules,
  isOneOf,
  isValidInstant,
  refuse,
} from './outreach-rules';
import { type ResponseClock, raiseClock, responseClock } from './response-clock';
import { type HardshipSignal, needsOf, sameSignal, validateSignal } from './signal';

/** A signal as gathered on a task, with the needs it added and those already covered. */
export interface TaskSignal {
  readonly signal: HardshipSignal;
  readonly receivedAt: Date;
  /** Needs the signal points to that nothing covered when it arrived. */
  readonly needs: readonly NeedCode[];
  readonly covered: readonly NeedCoverage[];
}

/** Every grade the task had, with what decided it (R-PD-2: nothing changes silently). */
export interface GradeChange {
  readonly at: Date;
  readonly from: Grade | null;
  readonly to: Grade;
  readonly ruleId: string;
  readonly labelZh: string;
  /** A person's decision (regrade), with why. */
  readonly by?: string;
  readonly reason?: string;
}

export interface TaskEnd {
  readonly at: Date;
  readonly by: string;
  readonly outcome: TaskOutcome;
}

/** R-PD-1: the one open outreach task of a household at its street. */
export interface OutreachTask {
  readonly taskId: string;
  readonly householdRef: string;
  readonly streetCode: string;
  readonly openedAt: Date;
  readonly signals: readonly TaskSignal[];
  /** Union of the signals' uncovered needs, in order of arrival. */
  readonly needs: readonly NeedCode[];
  readonly grade: Grade;
  readonly gradeHistory: readonly GradeChange[];
  readonly clock: ResponseClock;
  /** R-PD-3: set once, by endTask; an ended task refuses every change. */
  readonly ended?: TaskEnd;
}

/** What already helps the household with a need: an open case, or aid it receives now. */
export interface NeedCoverage {
  readonly need: NeedCode;
  readonly by: 'open_case' | 'current_aid';
  /** Application number or aid record the reason shows. */
  readonly reference: string;
}

export interface OpenOrMergeContext {
  /** When civil affairs received the signal; the response clock counts from here. */
  readonly at: Date;
  /** Id of the task, should one be opened. */
  readonly newTaskId: string;
  readonly coverage: readonly NeedCoverage[];
  /** Signal ids already handled on ended tasks: a late redelivery must not reopen one. */
  readonly seenSignalIds?: readonly string[];
}

export type OpenOrMergeCode =
  'INVALID_SIGNAL' | 'TASK_ENDED' | 'OTHER_HOUSEHOLD' | 'SIGNAL_ID_REUSED' | 'INVALID_TIME';

export type OpenOrMergeResult =
  | { readonly ok: true; readonly action: 'opened'; readonly task: OutreachTask }
  | {
      readonly ok: true;
      readonly action: 'merged';
      readonly task: OutreachTask;
      /** Present when the new signal raised the grade. */
      readonly raised?: GradeChange;
    }
  /** A redelivery: nothing changed (task is null when it was handled on an ended task). */
  | { readonly ok: true; readonly action: 'unchanged'; readonly task: OutreachTask | null }
  | {
      readonly ok: true;
      readonly action: 'skipped';
      readonly code: 'NEED_ALREADY_COVERED';
      /** Shown to staff (zh-CN). */
      readonly reason: string;
      readonly covered: readonly NeedCoverage[];
    }
  | OutreachRefusal<OpenOrMergeCode>;

const RULE = 'R-PD-1';

/** Latest instant recorded on the task; changes may not be dated before it. */
export function lastEventAt(task: OutreachTask): Date {
  const times = [
    task.openedAt.getTime(),
    ...task.signals.map((s) => s.receivedAt.getTime()),
    ...task.gradeHistory.map((g) => g.at.getTime()),
  ];
  return new Date(Math.max(...times));
}

export const endedRefusal = (task: OutreachTask, ruleId: string): OutreachRefusal<'TASK_ENDED'> =>
  refuse('TASK_ENDED', `外展任务${task.taskId}已结束，不能再变更`, ruleId);

function coveredReason(covered: readonly NeedCoverage[]): string {
  const parts = covered.map((c) =>
    c.by === 'open_case'
      ? `${needNameZh(c.need)}正在办理（${c.reference}）`
      : `正在享受${needNameZh(c.need)}（${c.reference}）`,
  );
  return `该家庭${parts.join('，')}，本条线索不另建外展任务`;
}

/**
 * R-PD-1: turns a signal into the household's one open task: opens it, adds the signal to it (a
 * redelivered signal id changes nothing), or skips when every need it points to is already
 * covered. R-PD-2: the grade is decided on all signals; a new signal may raise it, never lower it.
 */
export function openOrMerge(
  existing: OutreachTask | null,
  signal: HardshipSignal,
  context: OpenOrMergeContext,
  rules: OutreachRules = defaultOutreachRules,
): OpenOrMergeResult {
  const { at } = context;
  const valid = validateSignal(signal, at, rules);
  if (!valid.ok) return valid;
  if (existing?.ended !== undefined) return endedRefusal(existing, RULE);
  if (existing !== null && existing.householdRef !== signal.householdRef)
    return refuse('OTHER_HOUSEHOLD', '线索所属家庭与该外展任务不符', RULE);
  const earlier = existing?.signals.find((s) => s.signal.signalId === signal.signalId);
  if (earlier !== undefined) {
    return sameSignal(earlier.signal, signal)
      ? { ok: true, action: 'unchanged', task: existing }
      : refuse('SIGNAL_ID_REUSED', `线索编号${signal.signalId}已被另一条内容不同的线索使用`, RULE);
  }
  if (context.seenSignalIds?.includes(signal.signalId))
    return { ok: true, action: 'unchanged', task: existing };
  if (existing !== null && at < lastEventAt(existing))
    return refuse('INVALID_TIME', '接收时间早于该外展任务的上一次记录', RULE);

  const pointed = needsOf(signal.kind, rules);
  const covered = context.coverage.filter((c) => pointed.includes(c.need));
  const needs = pointed.filter((n) => !covered.some((c) => c.need === n));
  if (needs.length === 0)
    return {
      ok: true,
      action: 'skipped',
      code: 'NEED_ALREADY_COVERED',
      reason: coveredReason(covered),
      covered,
    };

  const gathered: TaskSignal = { signal, receivedAt: at, needs, covered };
  if (existing === null) {
    const decision = gradeSignals([signal], rules);
    const task: OutreachTask = {
      taskId: context.newTaskId,
      householdRef: signal.householdRef,
      streetCode: signal.streetCode,
      openedAt: at,
      signals: [gathered],
      needs,
      grade: decision.grade,
      gradeHistory: [{ at, from: null, to: decision.grade, ...rulePart(decision) }],
      clock: responseClock(decision.grade, at, rules),
    };
    return { ok: true, action: 'opened', task };
  }

  const signals = [...existing.signals, gathered];
  const merged: OutreachTask = {
    ...existing,
    signals,
    needs: [...existing.needs, ...needs.filter((n) => !existing.needs.includes(n))],
  };
  const decision = gradeSignals(
    signals.map((s) => s.signal),
    rules,
  );
  if (!isHigherGrade(decision.grade, existing.grade))
    return { ok: true, action: 'merged', task: merged };
  const raised: GradeChange = {
    at,
    from: existing.grade,
    to: decision.grade,
    ...rulePart(decision),
  };
  return {
    ok: true,
    action: 'merged',
    task: applyGradeChange(merged, raised, rules),
    raised,
  };
}

const rulePart = (d: { ruleId: string; labelZh: string }) => ({
  ruleId: d.ruleId,
  labelZh: d.labelZh,
});

function applyGradeChange(
  task: OutreachTask,
  change: GradeChange,
  rules: OutreachRules,
): OutreachTask {
  return {
    ...task,
    grade: change.to,
    gradeHistory: [...task.gradeHistory, change],
    clock: isHigherGrade(change.to, task.grade)
      ? raiseClock(task.clock, change.to, change.at, rules)
      : task.clock,
  };
}

export interface RegradeInput {
  readonly to: Grade;
  readonly at: Date;
  readonly by: string;
  readonly reason: string;
}

export type RegradeCode =
  'TASK_ENDED' | 'UNKNOWN_GRADE' | 'GRADE_UNCHANGED' | 'REASON_REQUIRED' | 'INVALID_TIME';

export type RegradeResult =
  | { readonly ok: true; readonly task: OutreachTask; readonly change: GradeChange }
  | OutreachRefusal<RegradeCode>;

/** Rule id recorded when a person, not a configured rule, sets the grade. */
export const STAFF_DECISION_RULE = 'staff_decision';

/**
 * R-PD-2: a person changes the grade, always with a reason on record. Raising moves the due time
 * to the earlier of the current one and the new grade's from now; lowering keeps the due time.
 */
export function regrade(
  task: OutreachTask,
  input: RegradeInput,
  rules: OutreachRules = defaultOutreachRules,
): RegradeResult {
  const ruleId = 'R-PD-2';
  if (task.ended !== undefined) return endedRefusal(task, ruleId);
  if (!isOneOf(GRADES, input.to)) return refuse('UNKNOWN_GRADE', '响应等级无效', ruleId);
  if (input.to === task.grade)
    return refuse('GRADE_UNCHANGED', `该任务已是${GRADE_ZH[task.grade]}等级`, ruleId);
  if (input.reason.trim() === '' || input.by.trim() === '')
    return refuse('REASON_REQUIRED', '调整响应等级须填写调整人和原因', ruleId);
  if (!isValidInstant(input.at) || input.at < lastEventAt(task))
    return refuse('INVALID_TIME', '调整时间早于该外展任务的上一次记录', ruleId);
  const change: GradeChange = {
    at: input.at,
    from: task.grade,
    to: input.to,
    ruleId: STAFF_DECISION_RULE,
    labelZh: '工作人员研判',
    by: input.by.trim(),
    reason: input.reason.trim(),
  };
  return { ok: true, task: applyGradeChange(task, change, rules), change };
}
