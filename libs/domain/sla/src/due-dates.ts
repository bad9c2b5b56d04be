import {
  type WorkingDayCalendar,
  addCalendarDays,
  calendarDaysBetween,
  dayOfSameMonth,
  endOfShanghaiDay,
  firstDayOfMonthOffset,
  shanghaiDateOf,
} from '@jh/domain-calendar';
import type { ClockPause } from './sla-clock.types';
import type { ClockLimit, ClockUnit } from './sla-config';

const HOUR_MS = 3_600_000;

/** A due instant and whether its span used the weekdays-only assumption (ADR 0003). */
export interface Due {
  readonly dueAt: Date;
  readonly assumedWeekdaysOnly: boolean;
}

interface UnitRules {
  initial(amount: number, start: Date): Due;
  afterPause(due: Due, from: Date, to: Date): Due;
}

/** ADR 0003 per unit: the initial due instant, and the due instant after a pause from → to. */
function unitRules(calendar: WorkingDayCalendar): Record<ClockUnit, UnitRules> {
  return {
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
}

/** The due instant of a clock over `calendar`, from its start, limit and closed pauses. */
export function dueCalculator(
  calendar: WorkingDayCalendar,
): (startedAt: Date, limit: ClockLimit, pauses: readonly ClockPause[]) => Due {
  const units = unitRules(calendar);
  return (startedAt, limit, pauses) => {
    const rules = units[limit.unit];
    let due = rules.initial(limit.amount, startedAt);
    for (const p of pauses) if (p.to !== undefined) due = rules.afterPause(due, p.from, p.to);
    return due;
  };
}
