import {
  type WorkingDayCalendar,
  calendarDaysBetween,
  officialCalendar,
} from '@jh/domain-calendar';
import { dueCalculator } from './due-dates';
import {
  type ClockPause,
  type ClockRefusal,
  type ClockRefusalCode,
  type ClockResult,
  type ClockStatus,
  type SlaClock,
  type SlaClocks,
  SlaConfigError,
} from './sla-clock.types';
import {
  type ClockKind,
  type ClockKindConfig,
  type ClockLimit,
  type SlaConfig,
  UNIT_ZH,
  defaultSlaConfig,
} from './sla-config';

function refuse(code: ClockRefusalCode, reason: string): ClockRefusal {
  return { ok: false, code, reason };
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

  const computeDue = dueCalculator(calendar);

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
