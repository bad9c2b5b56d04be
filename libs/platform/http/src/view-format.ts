import { z } from 'zod';

/** A stored time as ISO-8601 UTC text for a JSON view; no time → null. */
export function iso(at: Date | string | null | undefined): string | null {
  return at ? new Date(at).toISOString() : null;
}

/** Whether `YYYY-MM-DD` names a day of the calendar (no 2 月 30 日, no month 13). */
function isCalendarDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = new Date(0);
  // setUTCFullYear takes years below 100 as they are (Date.UTC would add 1900).
  at.setUTCFullYear(y, m - 1, d);
  return y >= 1 && at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

/**
 * A calendar day in a request (query or body): YYYY-MM-DD, and a real day. The shape alone let
 * `4610-42-56` through to a date query, which failed as a 500 (found by the HTTP fuzz).
 */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDay, { message: '不是有效的日期', params: { code: 'INVALID_DATE' } });
