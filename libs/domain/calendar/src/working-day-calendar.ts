import {
  type CalendarData,
  type CalendarOverrides,
  type CalendarYear,
  type NoticeSource,
  officialCalendarData,
  parseCalendarData,
  parseCalendarOverrides,
} from './calendar-data';
import {
  CalendarInputError,
  type DayInput,
  type EpochDay,
  type IsoDate,
  type IsoWeekday,
  assertInteger,
  endOfEpochDay,
  epochDayToIsoDate,
  isoDateToEpochDay,
  isoWeekdayOfEpochDay,
  toEpochDay,
  yearOfEpochDay,
} from './shanghai-time';

/** Why a day is or is not a working day. */
export type DayKind =
  'workday' | 'weekend' | 'holiday' | 'make_up_working_day' | 'local_closure' | 'local_working_day';

export interface DayInfo {
  readonly date: IsoDate;
  readonly weekday: IsoWeekday;
  readonly working: boolean;
  readonly kind: DayKind;
  /** Holiday the day belongs to (春节, 国庆节 …) or the local reason. */
  readonly name?: string;
  /** The State Council notice, for official holidays and make-up working days. */
  readonly source?: NoticeSource;
  /** True when the year has no official data and Monday–Friday was assumed. */
  readonly assumedWeekdaysOnly: boolean;
}

/** Present on every multi-day answer: years in the window that had no official data. */
export interface FallbackFlag {
  readonly assumedWeekdaysOnly: boolean;
  readonly yearsWithoutData: readonly number[];
}

export interface WorkingDayDue extends FallbackFlag {
  readonly start: IsoDate;
  readonly workingDays: number;
  readonly dueDate: IsoDate;
  /** 23:59:59.999 Asia/Shanghai on dueDate (ADR 0003). */
  readonly dueAt: Date;
}

export interface WorkingDayCount extends FallbackFlag {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Working days d with from < d ≤ to; negative when `to` is before `from`. */
  readonly workingDays: number;
}

export interface WorkingDayCalendar {
  isWorkingDay(day: DayInput): boolean;
  describeDay(day: DayInput): DayInfo;
  /** The first working day strictly after `day`. */
  nextWorkingDay(day: DayInput): WorkingDayDue;
  /**
   * Due date of "within n working days of start" (ADR 0003): the start date itself never counts,
   * day 1 is the first working day after it, due at the end of working day n. n = 0 → start date.
   */
  addWorkingDays(start: DayInput, n: number): WorkingDayDue;
  workingDaysBetween(from: DayInput, to: DayInput): WorkingDayCount;
  /** Days in [from, to] whose status differs from plain Monday–Friday, in date order. */
  adjustmentsBetween(from: DayInput, to: DayInput): readonly DayInfo[];
  yearsWithData(): readonly number[];
  findYearSource(year: number): NoticeSource | undefined;
}

export interface CalendarOptions {
  /** Defaults to the bundled official data. */
  readonly data?: CalendarData;
  readonly overrides?: CalendarOverrides;
}

interface DayEntry {
  readonly kind: Exclude<DayKind, 'workday' | 'weekend'>;
  readonly working: boolean;
  readonly name: string;
  readonly source?: NoticeSource;
}

// Monday 1970-01-05, the origin of the closed-form weekday count.
const ANCHOR_MONDAY: EpochDay = 4;

function isWeekday(day: EpochDay): boolean {
  return isoWeekdayOfEpochDay(day) <= 5;
}

/** Mon–Fri days in [ANCHOR_MONDAY, day), negative before the anchor; only differences matter. */
function weekdaysBefore(day: EpochDay): number {
  const offset = day - ANCHOR_MONDAY;
  const weeks = Math.floor(offset / 7);
  return weeks * 5 + Math.min(offset - weeks * 7, 5);
}

/** The k-th Mon–Fri day strictly after `day` (k ≥ 1), in closed form. */
function nthWeekdayAfter(day: EpochDay, k: number): EpochDay {
  const ordinal = weekdaysBefore(day + 1) + k - 1;
  const weeks = Math.floor(ordinal / 5);
  return ANCHOR_MONDAY + weeks * 7 + (ordinal - weeks * 5);
}

/** First index whose value is ≥ day. */
function lowerBound(sorted: readonly number[], day: EpochDay): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mergeYears(data: CalendarData, overrides: CalendarOverrides | undefined): CalendarYear[] {
  const byYear = new Map<number, CalendarYear>();
  for (const y of [...data.years, ...(overrides?.years ?? [])]) byYear.set(y.year, y);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function buildEntries(
  years: readonly CalendarYear[],
  overrides: CalendarOverrides | undefined,
): Map<EpochDay, DayEntry> {
  const entries = new Map<EpochDay, DayEntry>();
  for (const y of years) {
    for (const h of y.holidays) {
      const last = isoDateToEpochDay(h.to);
      for (let d = isoDateToEpochDay(h.from); d <= last; d++) {
        entries.set(d, { kind: 'holiday', working: false, name: h.name, source: y.source });
      }
    }
    for (const m of y.makeUpWorkingDays) {
      entries.set(isoDateToEpochDay(m.date), {
        kind: 'make_up_working_day',
        working: true,
        name: m.name,
        source: y.source,
      });
    }
  }
  // Local entries win over official ones for the same date.
  for (const c of overrides?.extraClosures ?? []) {
    entries.set(isoDateToEpochDay(c.date), { kind: 'local_closure', working: false, name: c.name });
  }
  for (const w of overrides?.extraWorkingDays ?? []) {
    entries.set(isoDateToEpochDay(w.date), {
      kind: 'local_working_day',
      working: true,
      name: w.name,
    });
  }
  return entries;
}

/** Builds a calendar from official data plus local overrides (both validated here). */
export function createWorkingDayCalendar(options: CalendarOptions = {}): WorkingDayCalendar {
  const data = parseCalendarData(options.data ?? officialCalendarData);
  const overrides =
    options.overrides === undefined ? undefined : parseCalendarOverrides(options.overrides);
  const years = mergeYears(data, overrides);
  const dataYears = new Set(years.map((y) => y.year));
  const sources = new Map(years.map((y) => [y.year, y.source]));
  const entries = buildEntries(years, overrides);

  // Days whose status differs from Mon–Fri, with running corrections, for O(log n) counting.
  const exceptionDays: EpochDay[] = [...entries.entries()]
    .filter(([day, e]) => e.working !== isWeekday(day))
    .map(([day]) => day)
    .sort((a, b) => a - b);
  const correctionPrefix: number[] = [0];
  for (const day of exceptionDays) {
    const delta = isWeekday(day) ? -1 : 1;
    correctionPrefix.push((correctionPrefix[correctionPrefix.length - 1] as number) + delta);
  }

  /** Working days in [ANCHOR_MONDAY, day]; W(b) − W(a) counts the working days in (a, b]. */
  const cumulative = (day: EpochDay): number =>
    weekdaysBefore(day + 1) + (correctionPrefix[lowerBound(exceptionDays, day + 1)] as number);

  const fallback = (from: EpochDay, to: EpochDay): FallbackFlag => {
    const missing: number[] = [];
    for (let y = yearOfEpochDay(from), last = yearOfEpochDay(to); y <= last; y++)
      if (!dataYears.has(y)) missing.push(y);
    return { assumedWeekdaysOnly: missing.length > 0, yearsWithoutData: missing };
  };

  const describe = (day: EpochDay): DayInfo => {
    const entry = entries.get(day);
    const weekday = isoWeekdayOfEpochDay(day);
    const assumedWeekdaysOnly = !dataYears.has(yearOfEpochDay(day));
    const date = epochDayToIsoDate(day);
    if (entry === undefined) {
      return {
        date,
        weekday,
        working: weekday <= 5,
        kind: weekday <= 5 ? 'workday' : 'weekend',
        assumedWeekdaysOnly,
      };
    }
    const { kind, working, name, source } = entry;
    return source === undefined
      ? { date, weekday, working, kind, name, assumedWeekdaysOnly }
      : { date, weekday, working, kind, name, source, assumedWeekdaysOnly };
  };

  const isWorking = (day: EpochDay): boolean => entries.get(day)?.working ?? isWeekday(day);

  /** Smallest day > startDay with n working days in (startDay, day]; n ≥ 1. */
  const nthWorkingDayAfter = (startDay: EpochDay, n: number): EpochDay => {
    const target = cumulative(startDay) + n;
    // Jump by whole weekdays (closed form) until enough working days are behind us; exact when
    // no exception lies in the window, which is the common case.
    let day = startDay;
    for (let missing = n; missing > 0; missing = target - cumulative(day))
      day = nthWeekdayAfter(day, missing);
    if (cumulative(day) === target && isWorking(day)) return day;
    // Make-up days or a landing on a closure: the answer is earlier; binary search (startDay, day].
    let lo = startDay + 1;
    let hi = day;
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (cumulative(mid) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const addDays = (startDay: EpochDay, n: number): WorkingDayDue => {
    assertInteger(n, 'n');
    if (n < 0) throw new CalendarInputError(`n must be ≥ 0, got ${n}`);
    const due = n === 0 ? startDay : nthWorkingDayAfter(startDay, n);
    return {
      start: epochDayToIsoDate(startDay),
      workingDays: n,
      dueDate: epochDayToIsoDate(due),
      dueAt: endOfEpochDay(due),
      ...fallback(Math.min(startDay + 1, due), due),
    };
  };

  return {
    isWorkingDay: (day) => isWorking(toEpochDay(day)),
    describeDay: (day) => describe(toEpochDay(day)),
    nextWorkingDay: (day) => addDays(toEpochDay(day), 1),
    addWorkingDays: (start, n) => addDays(toEpochDay(start), n),
    workingDaysBetween: (from, to) => {
      const a = toEpochDay(from);
      const b = toEpochDay(to);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      return {
        from: epochDayToIsoDate(a),
        to: epochDayToIsoDate(b),
        workingDays: cumulative(b) - cumulative(a),
        ...fallback(Math.min(lo + 1, hi), hi),
      };
    },
    adjustmentsBetween: (from, to) => {
      const a = toEpochDay(from);
      const b = toEpochDay(to);
      const result: DayInfo[] = [];
      for (let i = lowerBound(exceptionDays, a); i < exceptionDays.length; i++) {
        const day = exceptionDays[i] as EpochDay;
        if (day > b) break;
        result.push(describe(day));
      }
      return result;
    },
    yearsWithData: () => [...dataYears],
    findYearSource: (year) => sources.get(year),
  };
}

/** The calendar built from the bundled State Council data, without local overrides. */
export const officialCalendar: WorkingDayCalendar = createWorkingDayCalendar();
