import {
  type WorkingDayCalendar,
  addCalendarDays,
  calendarDaysBetween,
  dayOfSameMonth,
  endOfShanghaiDay,
  firstDayOfMonthOffset,
  officialCalendar,
  shanghaiDateOf,
} from '@jh/domain-calendar';
import {
  type ClockKind,
  type ClockKindConfig,
  type ClockLimit,
  type ClockMode,
  type ClockUnit,
  type SlaConfig,
  UNIT_ZH,
  defaultSlaConfig,
} from './sla-config';

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

const HOUR_MS = 3_600_000;

function refuse(code: ClockRefusalCode, reason: string): ClockRefusal {
  return { ok: false, code, reason };
}

interface Due {
  readonly dueAt: Date;
  readonly assumedWeekdaysOnly: boolean;
}

interface UnitRules {
  initial(amount: number, start: Date): Due;
  afterPause(due: Due, from: Date, to: Date): Due;
}

function assertLimit(limit: ClockLimit): void {
  // Day 28 is the last day every month has.
  const max = limit.unit === 'day_of_month' ? 28 : Number.MAX_SAFE_INTEGER;
  if (
    !Object.hasOwn(UNIT_ZH, limit.unit) ||
    !Number.isSafeInteger(limit.amount) ||
    limit.amount < 1 ||
    limit.amount > max
  ) {
    throw new SlaConfigError(`Invalid clock limit ${limit.amount} ${limit.unit}`);
  }
}

function openPause(clock: SlaClock): ClockPause | undefined {
  const last = clock.pauses[clock.pauses.length - 1];
  return last !== undefined && last.to === undefined ? last : undefined;
}

function lastEventAt(clock: SlaClock): number {
  const times = [
    clock.startedAt.getTime(),
    ...clock.pauses.flatMap((p) => [
      p.from.getTime(),
      ...(p.to === undefined ? [] : [p.to.getTime()]),
    ]),
    ...clock.extensions.map((e) => e.at.getTime()),
  ];
  return Math.max(...times);
}

/** Creates the clock operations over a calendar and a configuration (both defaulted). */
export function createSlaClocks(
  options: { calendar?: WorkingDayCalendar; config?: SlaConfig } = {},
): SlaClocks {
  const calendar = options.calendar ?? officialCalendar;
  const config = options.config ?? defaultSlaConfig;
  const kindConfig = (kind: ClockKind): ClockKindConfig => config.kinds[kind];

  /** ADR 0003 per unit: the initial due instant, and the due instant after a pause from → to. */
  const units: Record<ClockUnit, UnitRules> = {
    working_days: {
      initial: (amount, start) => {
        const due = calendar.addWorkingDays(start, amount);
        return { dueAt: due.dueAt, assumedWeekdaysOnly: due.assumedWeekdaysOnly };
      },
      // What remained at the pause counts again from the resume, like a fresh start; if nothing
      // remained, the clock is due at the end of the first working day on or after the resume.
      afterPause: (due, from, to) => {
        const remaining = calendar.workingDaysBetween(from, due.dueAt).workingDays;
        const resumed =
          remaining === 0 && !calendar.isWorkingDay(to)
            ? calendar.nextWorkingDay(to)
            : calendar.addWorkingDays(to, remaining);
        return {
          dueAt: resumed.dueAt,
          assumedWeekdaysOnly: due.assumedWeekdaysOnly || resumed.assumedWeekdaysOnly,
        };
      },
    },
    calendar_days: {
      initial: (amount, start) => ({
        dueAt: endOfShanghaiDay(addCalendarDays(start, amount)),
        assumedWeekdaysOnly: false,
      }),
      afterPause: (due, from, to) => ({
        ...due,
        dueAt: endOfShanghaiDay(addCalendarDays(to, calendarDaysBetween(from, due.dueAt))),
      }),
    },
    hours: {
      initial: (amount, start) => ({
        dueAt: new Date(start.getTime() + amount * HOUR_MS),
        assumedWeekdaysOnly: false,
      }),
      afterPause: (due, from, to) => ({
        ...due,
        dueAt: new Date(to.getTime() + (due.dueAt.getTime() - from.getTime())),
      }),
    },
    day_of_month: {
      initial: (amount, start) => {
        const date = shanghaiDateOf(start);
        const month = Number(date.slice(8, 10)) <= amount ? date : firstDayOfMonthOffset(date, 1);
        return {
          dueAt: endOfShanghaiDay(dayOfSameMonth(month, amount)),
          assumedWeekdaysOnly: false,
        };
      },
      // A fixed day of the month ("by the 10th") does not move.
      afterPause: (due) => due,
    },
  };

  const computeDue = (startedAt: Date, limit: ClockLimit, pauses: readonly ClockPause[]): Due => {
    const rules = units[limit.unit];
    let due = rules.initial(limit.amount, startedAt);
    for (const p of pauses) if (p.to !== undefined) due = rules.afterPause(due, p.from, p.to);
    return due;
  };

  const rebuild = (
    clock: SlaClock,
    changes: Partial<Pick<SlaClock, 'limit' | 'pauses' | 'extensions' | 'stoppedAt'>>,
  ): ClockResult => {
    const next = { ...clock, ...changes };
    const due = computeDue(next.startedAt, next.limit, next.pauses);
    return {
      ok: true,
      clock: { ...next, dueAt: due.dueAt, assumedWeekdaysOnly: due.assumedWeekdaysOnly },
    };
  };

  const resolveLimit = (
    kind: ClockKind,
    departmentCode: string | undefined,
  ): ClockLimit | ClockRefusal => {
    const limit =
      kindConfig(kind).limit ??
      (departmentCode === undefined ? undefined : config.departmentHandlingLimits[departmentCode]);
    if (limit === undefined) {
      return refuse(
        'DEPARTMENT_LIMIT_NOT_CONFIGURED',
        `部门“${departmentCode ?? '未指定'}”的办理时限未配置`,
      );
    }
    assertLimit(limit);
    return limit;
  };

  /** Refusals shared by every change to a running clock. */
  const checkChange = (clock: SlaClock, at: Date): ClockRefusal | undefined => {
    if (clock.stoppedAt !== undefined) return refuse('CLOCK_STOPPED', '该时限已结束，不能再变更');
    if (at.getTime() < lastEventAt(clock))
      return refuse('INVALID_TIME', '操作时间早于该时限的上一次记录');
    return undefined;
  };

  const requireReason = (reason: string): ClockRefusal | undefined =>
    reason.trim() === '' ? refuse('REASON_REQUIRED', '请填写原因') : undefined;

  return {
    start: ({ kind, startedAt, departmentCode }) => {
      const limit = resolveLimit(kind, departmentCode);
      if ('ok' in limit) return limit;
      const { ruleId, mode, atRiskPercent = config.atRiskPercent } = kindConfig(kind);
      const due = computeDue(startedAt, limit, []);
      const clock: SlaClock = {
        kind,
        ruleId,
        mode,
        ...(departmentCode === undefined ? {} : { departmentCode }),
        startedAt,
        limit,
        dueAt: due.dueAt,
        pauses: [],
        extensions: [],
        atRiskPercent,
        assumedWeekdaysOnly: due.assumedWeekdaysOnly,
      };
      return { ok: true, clock };
    },

    pause: (clock, at, reason) => {
      const refusal =
        checkChange(clock, at) ??
        (openPause(clock) ? refuse('CLOCK_PAUSED', '该时限已暂停，请先恢复') : undefined) ??
        (kindConfig(clock.kind).pausable
          ? undefined
          : refuse('NOT_PAUSABLE', `${kindConfig(clock.kind).labelZh}时限不可暂停`)) ??
        requireReason(reason) ??
        (at > clock.dueAt ? refuse('CLOCK_BREACHED', '该时限已超期，不能暂停') : undefined);
      if (refusal) return refusal;
      return {
        ok: true,
        clock: { ...clock, pauses: [...clock.pauses, { from: at, reason: reason.trim() }] },
      };
    },

    resume: (clock, at) => {
      const refusal = checkChange(clock, at);
      if (refusal) return refusal;
      const open = openPause(clock);
      if (open === undefined) return refuse('CLOCK_NOT_PAUSED', '该时限未暂停');
      return rebuild(clock, { pauses: [...clock.pauses.slice(0, -1), { ...open, to: at }] });
    },

    extend: (clock, { at, toAmount, reason, economicCheck }) => {
      const kind = kindConfig(clock.kind);
      const policy = kind.extension;
      const unit = UNIT_ZH[clock.limit.unit];
      const refusal =
        checkChange(clock, at) ??
        (policy === undefined
          ? refuse('EXTENSION_NOT_ALLOWED', `${kind.labelZh}时限不可延长`)
          : undefined) ??
        requireReason(reason) ??
        (!openPause(clock) && at > clock.dueAt
          ? refuse('CLOCK_BREACHED', '该时限已超期，不能延长')
          : undefined) ??
        (Number.isSafeInteger(toAmount) && toAmount > clock.limit.amount
          ? undefined
          : refuse('EXTENSION_NOT_LONGER', `延长后的时限须长于当前的${clock.limit.amount}${unit}`));
      if (refusal) return refusal;
      const { maxAmount, requiresEconomicCheckLongerThanDays: minCheckDays } =
        policy as NonNullable<typeof policy>;
      if (toAmount > maxAmount)
        return refuse('EXTENSION_EXCEEDS_MAXIMUM', `延长后最长不超过${maxAmount}${unit}`);
      if (minCheckDays !== undefined) {
        const days =
          economicCheck === undefined
            ? undefined
            : calendarDaysBetween(economicCheck.startedAt, economicCheck.completedAt ?? at);
        if (days === undefined || days <= minCheckDays) {
          const measured = days === undefined ? '未提供核对时间' : `本次核对${days}天`;
          return refuse(
            'ECONOMIC_CHECK_NOT_LONG_ENOUGH',
            `家庭经济状况核对时间超过${minCheckDays}天的方可延长（${measured}）`,
          );
        }
      }
      return rebuild(clock, {
        limit: { ...clock.limit, amount: toAmount },
        extensions: [
          ...clock.extensions,
          { at, fromAmount: clock.limit.amount, toAmount, reason: reason.trim() },
        ],
      });
    },

    stop: (clock, at) => {
      const refusal = checkChange(clock, at);
      if (refusal) return refusal;
      const open = openPause(clock);
      const pauses =
        open === undefined ? clock.pauses : [...clock.pauses.slice(0, -1), { ...open, to: at }];
      return rebuild(clock, { pauses, stoppedAt: at });
    },

    evaluate: (clock, now) => {
      const { labelZh } = kindConfig(clock.kind);
      const span = clock.dueAt.getTime() - clock.startedAt.getTime();
      const atRiskFrom = new Date(
        clock.dueAt.getTime() - Math.floor((span * clock.atRiskPercent) / 100),
      );
      const end = clock.stoppedAt ?? now;
      const remainingMs = clock.dueAt.getTime() - end.getTime();
      const late = end > clock.dueAt;
      const status = ((): ClockStatus => {
        if (clock.stoppedAt !== undefined) {
          // A 公示 ended before its period ran out is the breach of a minimum period.
          return clock.mode === 'deadline'
            ? late
              ? 'breached'
              : 'met'
            : end >= clock.dueAt
              ? 'met'
              : 'breached';
        }
        if (openPause(clock)) return 'paused';
        if (clock.mode === 'minimum_period') return late ? 'met' : 'on_track';
        if (late) return 'breached';
        return now >= atRiskFrom ? 'at_risk' : 'on_track';
      })();
      return {
        status,
        kind: clock.kind,
        ruleId: clock.ruleId,
        labelZh,
        dueAt: clock.dueAt,
        atRiskFrom,
        remainingMs,
        assumedWeekdaysOnly: clock.assumedWeekdaysOnly,
      };
    },

    deadline: (kind, startedAt, departmentCode) => {
      const limit = resolveLimit(kind, departmentCode);
      if ('ok' in limit) return limit;
      return { ok: true, ...computeDue(startedAt, limit, []) };
    },
  };
}

/** Clocks over the official calendar and the DOMAIN.md defaults. */
export const defaultSlaClocks: SlaClocks = createSlaClocks();
