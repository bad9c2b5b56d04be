// Civil dates in Asia/Shanghai. China has had no DST since 1991, so a fixed UTC+8 offset is exact
// for every date this product handles; it deliberately avoids the host's local time zone.

const MS_PER_DAY = 86_400_000;
/** UTC+8, Asia/Shanghai. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

declare const isoDateBrand: unique symbol;
/** A civil date `YYYY-MM-DD` in Asia/Shanghai. */
export type IsoDate = string & { readonly [isoDateBrand]: true };

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export class CalendarInputError extends Error {
  override readonly name = 'CalendarInputError';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date; internal integer form used for all arithmetic. */
export type EpochDay = number;

function assertValidInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new CalendarInputError('Invalid Date');
}

/** Parses `YYYY-MM-DD`; throws on anything else, including impossible dates like 2025-02-30. */
export function parseIsoDate(text: string): IsoDate {
  return epochDayToIsoDate(isoDateToEpochDay(text));
}

export function isoDateToEpochDay(text: string): EpochDay {
  const match = ISO_DATE.exec(text);
  if (!match) throw new CalendarInputError(`Not a YYYY-MM-DD date: "${text}"`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const day = ms / MS_PER_DAY;
  if (epochDayToIsoDate(day) !== text) throw new CalendarInputError(`No such date: "${text}"`);
  return day;
}

/** Year, month, day of an epoch day (proleptic Gregorian, integer only; H. Hinnant's civil_from_days). */
function civilFromDays(day: EpochDay): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function epochDayToIsoDate(day: EpochDay): IsoDate {
  const [y, m, d] = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}` as IsoDate;
}

export function shanghaiEpochDay(instant: Date): EpochDay {
  assertValidInstant(instant);
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The Shanghai civil date an instant falls on. */
export function shanghaiDateOf(instant: Date): IsoDate {
  return epochDayToIsoDate(shanghaiEpochDay(instant));
}

export function startOfEpochDay(day: EpochDay): Date {
  return new Date(day * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

export function endOfEpochDay(day: EpochDay): Date {
  return new Date((day + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS - 1);
}

/** 00:00:00.000 Shanghai of a civil date. */
export function startOfShanghaiDay(day: DayInput): Date {
  return startOfEpochDay(toEpochDay(day));
}

/** 23:59:59.999 Shanghai of a civil date: the instant every day-based deadline falls due. */
export function endOfShanghaiDay(day: DayInput): Date {
  return endOfEpochDay(toEpochDay(day));
}

export function isoWeekdayOfEpochDay(day: EpochDay): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return (((((day + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function isoWeekday(day: DayInput): IsoWeekday {
  return isoWeekdayOfEpochDay(toEpochDay(day));
}

export function yearOfEpochDay(day: EpochDay): number {
  return civilFromDays(day)[0];
}

export function addCalendarDays(day: DayInput, days: number): IsoDate {
  assertInteger(days, 'days');
  return epochDayToIsoDate(toEpochDay(day) + days);
}

/** Calendar days from the date of `a` to the date of `b` (negative when b is earlier). */
export function calendarDaysBetween(a: DayInput, b: DayInput): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** A month `YYYY-MM`. */
export type YearMonth = `${number}-${string}`;

export function yearMonthOf(day: DayInput): YearMonth {
  return epochDayToIsoDate(toEpochDay(day)).slice(0, 7) as YearMonth;
}

/** First day of the month `offset` months after the month of `day`. */
export function firstDayOfMonthOffset(day: DayInput, offset: number): IsoDate {
  assertInteger(offset, 'offset');
  const [y, m] = epochDayToIsoDate(toEpochDay(day)).split('-').map(Number) as [number, number];
  return epochDayToIsoDate(Date.UTC(y, m - 1 + offset, 1) / MS_PER_DAY);
}

/** The given day of the month of `day`; throws when the month is shorter. */
export function dayOfSameMonth(day: DayInput, dayOfMonth: number): IsoDate {
  assertInteger(dayOfMonth, 'dayOfMonth');
  return parseIsoDate(
    `${epochDayToIsoDate(toEpochDay(day)).slice(0, 8)}${String(dayOfMonth).padStart(2, '0')}`,
  );
}

export function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value))
    throw new CalendarInputError(`${name} must be an integer, got ${value}`);
}

/** A civil day given either as an instant (its Shanghai date is used) or as `YYYY-MM-DD`. */
export type DayInput = Date | string;

export function toEpochDay(input: DayInput): EpochDay {
  return typeof input === 'string' ? isoDateToEpochDay(input) : shanghaiEpochDay(input);
}

/** An ISO-8601 week of Asia/Shanghai dates: Monday to Sunday, numbered within its ISO year. */
export interface IsoWeek {
  /** `2026-W05`. */
  readonly week: string;
  readonly isoYear: number;
  readonly weekNumber: number;
  readonly monday: IsoDate;
  readonly sunday: IsoDate;
}

/** The ISO week a day lies in (the week with the year's first Thursday is week 1). */
export function isoWeekOf(day: DayInput): IsoWeek {
  const epochDay = toEpochDay(day);
  const monday = epochDay - isoWeekdayOfEpochDay(epochDay) + 1;
  // The week belongs to the year of its Thursday.
  const thursday = monday + 3;
  const isoYear = yearOfEpochDay(thursday);
  const weekNumber = Math.floor((thursday - isoDateToEpochDay(`${isoYear}-01-01`)) / 7) + 1;
  return {
    week: `${isoYear}-W${String(weekNumber).padStart(2, '0')}`,
    isoYear,
    weekNumber,
    monday: epochDayToIsoDate(monday),
    sunday: epochDayToIsoDate(monday + 6),
  };
}
