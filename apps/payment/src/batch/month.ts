import { firstDayOfMonthOffset, startOfShanghaiDay, yearMonthOf } from '@jh/domain-calendar';
import { defaultSlaClocks } from '@jh/domain-sla';

/** A payment month as an integer yyyymm (e.g. 202612); it is also the batch instalment number. */
export type MonthNumber = number;

/** Open-ended registrations pay "until" this month (exclusive), so range queries need no null. */
export const OPEN_ENDED: MonthNumber = 999912;

const pattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-12" → 202612; undefined when the text is not a month. */
export function parseMonth(text: string): MonthNumber | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 2000 || year > 2999) return undefined;
  return year * 100 + Number(m[2]);
}

export function formatMonth(month: MonthNumber): string {
  return `${Math.floor(month / 100)}-${String(month % 100).padStart(2, '0')}`;
}

/** Month of an instant in Asia/Shanghai. */
export function monthOf(instant: Date): MonthNumber {
  return parseMonth(yearMonthOf(instant)) as MonthNumber;
}

export function nextMonth(month: MonthNumber): MonthNumber {
  return parseMonth(
    firstDayOfMonthOffset(`${formatMonth(month)}-01`, 1).slice(0, 7),
  ) as MonthNumber;
}

/** R-PAY-2: 低保/特困 funds of a month are due by the 10th, end of day in Asia/Shanghai. */
export function monthlyDueAt(month: MonthNumber): Date {
  const due = defaultSlaClocks.deadline(
    'monthly_payment',
    startOfShanghaiDay(`${formatMonth(month)}-01`),
  );
  if (!due.ok) throw new Error(`monthly_payment clock refused: ${due.reason}`);
  return due.dueAt;
}
