import type { DayInput } from './shanghai-time';
import { type WorkingDayCalendar, officialCalendar } from './working-day-calendar';

/** What every API response that shows a deadline says about the calendar behind it (§10). */
export interface DeadlineNotice {
  /** True when a deadline falls in a year without official holiday data: counted Monday–Friday. */
  readonly assumedWeekdaysOnly: boolean;
  /** Those years, ascending. */
  readonly yearsWithoutData: readonly number[];
  /** zh-CN explanation for the user, present only when assumedWeekdaysOnly. */
  readonly message?: string;
}

type MaybeDay = DayInput | null | undefined;

/**
 * The missing-year flag and explanation for one or more deadlines (absent ones are skipped).
 * A deadline reaching into a year the State Council has not yet published was counted on
 * weekdays only and may move once the notice is out; the user must be told so.
 */
export function deadlineNotice(
  due: MaybeDay | readonly MaybeDay[],
  calendar: WorkingDayCalendar = officialCalendar,
): DeadlineNotice {
  const days = (Array.isArray(due) ? due : [due]) as readonly MaybeDay[];
  const years = new Set<number>();
  for (const day of days) {
    if (day === null || day === undefined) continue;
    const info = calendar.describeDay(day);
    if (info.assumedWeekdaysOnly) years.add(Number(info.date.slice(0, 4)));
  }
  const yearsWithoutData = [...years].sort((a, b) => a - b);
  if (yearsWithoutData.length === 0) return { assumedWeekdaysOnly: false, yearsWithoutData };
  return {
    assumedWeekdaysOnly: true,
    yearsWithoutData,
    message: `${yearsWithoutData.join('、')}年节假日安排尚未发布，期限暂按周一至周五计算`,
  };
}
