import type { ClockKind, ClockLimit, ClockMode } from './sla-config';

export type ClockStatus = 'on_track' | 'at_risk' | 'breached' | 'paused' | 'met';

export interface ClockPause {
  readonly from: Date;
  readonly to?: Date;
  readonly reason: string;
}

export interface ClockExtension {
  readonly at: Date;
  readonly fromAmount: number;
  readonly toAmount: number;
  readonly reason: string;
}

/** Plain, serialisable clock state; every change returns a new value. */
export interface SlaClock {
  readonly kind: ClockKind;
  readonly ruleId: string;
  readonly mode: ClockMode;
  readonly departmentCode?: string;
  readonly startedAt: Date;
  readonly limit: ClockLimit;
  /** Current due instant, after pauses and extensions (frozen while paused). */
  readonly dueAt: Date;
  readonly pauses: readonly ClockPause[];
  readonly extensions: readonly ClockExtension[];
  readonly stoppedAt?: Date;
  readonly atRiskPercent: number;
  /** Some working day in the clock's span came from a year without official data (ADR 0003). */
  readonly assumedWeekdaysOnly: boolean;
}

export type ClockRefusalCode =
  | 'DEPARTMENT_LIMIT_NOT_CONFIGURED'
  | 'CLOCK_STOPPED'
  | 'CLOCK_PAUSED'
  | 'CLOCK_NOT_PAUSED'
  | 'NOT_PAUSABLE'
  | 'REASON_REQUIRED'
  | 'INVALID_TIME'
  | 'CLOCK_BREACHED'
  | 'EXTENSION_NOT_ALLOWED'
  | 'EXTENSION_NOT_LONGER'
  | 'EXTENSION_EXCEEDS_MAXIMUM'
  | 'ECONOMIC_CHECK_NOT_LONG_ENOUGH';

export interface ClockRefusal {
  readonly ok: false;
  readonly code: ClockRefusalCode;
  /** Shown to users (zh-CN). */
  readonly reason: string;
}

export type ClockResult = { readonly ok: true; readonly clock: SlaClock } | ClockRefusal;

export interface ClockEvaluation {
  readonly status: ClockStatus;
  readonly kind: ClockKind;
  readonly ruleId: string;
  readonly labelZh: string;
  readonly dueAt: Date;
  readonly atRiskFrom: Date;
  /** dueAt minus (stoppedAt or now); negative once overdue. */
  readonly remainingMs: number;
  readonly assumedWeekdaysOnly: boolean;
}

export interface StartClockInput {
  readonly kind: ClockKind;
  readonly startedAt: Date;
  /** Required for department clocks. */
  readonly departmentCode?: string;
}

export interface ExtendClockInput {
  readonly at: Date;
  /** New total limit in the clock's unit, e.g. 30 working days. */
  readonly toAmount: number;
  readonly reason: string;
  /** R-AP-2 evidence: when the household economic check was requested and finished (unfinished → `at`). */
  readonly economicCheck?: { readonly startedAt: Date; readonly completedAt?: Date };
}

export interface SlaClocks {
  start(input: StartClockInput): ClockResult;
  pause(clock: SlaClock, at: Date, reason: string): ClockResult;
  resume(clock: SlaClock, at: Date): ClockResult;
  extend(clock: SlaClock, input: ExtendClockInput): ClockResult;
  /** The clock's work is done (deadline) or the period was ended (minimum_period). */
  stop(clock: SlaClock, at: Date): ClockResult;
  evaluate(clock: SlaClock, now: Date): ClockEvaluation;
  /** Due instant of a fresh clock, without creating one (for validations). */
  deadline(kind: ClockKind, startedAt: Date, departmentCode?: string): DueInstant | ClockRefusal;
}

export interface DueInstant {
  readonly ok: true;
  readonly dueAt: Date;
  readonly assumedWeekdaysOnly: boolean;
}

export class SlaConfigError extends Error {
  override readonly name = 'SlaConfigError';
}
