import type { NoticeSource } from './calendar-data';
import {
  type DayInput,
  type IsoDate,
  calendarDaysBetween,
  isoDateToEpochDay,
  epochDayToIsoDate,
} from './shanghai-time';
import {
  type DayInfo,
  type DayKind,
  type WorkingDayCalendar,
  type WorkingDayDue,
  createWorkingDayCalendar,
} from './working-day-calendar';

export interface AdjustmentGroup {
  readonly kind: Exclude<DayKind, 'workday' | 'weekend'>;
  readonly name: string;
  readonly dates: readonly IsoDate[];
}

export interface DueDateExplanation extends WorkingDayDue {
  /** What plain Monday–Friday counting would have given. */
  readonly weekdaysOnlyDueDate: IsoDate;
  /** dueDate − weekdaysOnlyDueDate in calendar days (positive = pushed later). */
  readonly shiftCalendarDays: number;
  /** Days in (start, dueDate] whose status differs from Monday–Friday: the days that moved the date. */
  readonly adjustments: readonly DayInfo[];
  /** The same days grouped by holiday / reason, in order of first date. */
  readonly groups: readonly AdjustmentGroup[];
  /** Notices the official adjustments came from. */
  readonly sources: readonly NoticeSource[];
  /** One sentence for coordinators (zh-CN). */
  readonly summaryZh: string;
}

// No data → pure Monday–Friday: the reference the explanation compares against.
const weekdaysOnly = createWorkingDayCalendar({ data: { years: [] } });

const KIND_ZH: Record<AdjustmentGroup['kind'], string> = {
  holiday: '放假',
  make_up_working_day: '调休上班',
  local_closure: '本地停止办公',
  local_working_day: '本地加班办公',
};

function formatMonthDay(date: IsoDate): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function groupAdjustments(adjustments: readonly DayInfo[]): AdjustmentGroup[] {
  const groups = new Map<
    string,
    { kind: AdjustmentGroup['kind']; name: string; dates: IsoDate[] }
  >();
  for (const a of adjustments) {
    // adjustmentsBetween only returns entries, which always carry a kind and a name.
    const kind = a.kind as AdjustmentGroup['kind'];
    const name = a.name as string;
    const key = `${kind}|${name}`;
    const group = groups.get(key) ?? { kind, name, dates: [] };
    group.dates.push(a.date);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function summarize(due: WorkingDayDue, plain: IsoDate, groups: readonly AdjustmentGroup[]): string {
  const parts = groups.map((g) => {
    const unit = g.kind === 'holiday' || g.kind === 'local_closure' ? '个工作日' : '天';
    return `${g.name}${KIND_ZH[g.kind]}${g.dates.length}${unit}（${g.dates.map(formatMonthDay).join('、')}）`;
  });
  const shift = calendarDaysBetween(plain, due.dueDate);
  const effect =
    shift === 0
      ? `截止日期 ${due.dueDate} 与仅按周一至周五计算相同`
      : `截止日期由 ${plain} ${shift > 0 ? '顺延' : '提前'}至 ${due.dueDate}`;
  const head = parts.length === 0 ? '期间无节假日或调休' : `期间${parts.join('；')}`;
  const tail = due.assumedWeekdaysOnly
    ? `（${due.yearsWithoutData.join('、')}年暂无官方节假日安排，按周一至周五推算）`
    : '';
  return `${head}，${effect}${tail}。`;
}

/**
 * Explains "within n working days of start": which holidays and 调休 days between the start and
 * the due date moved it, compared with plain Monday–Friday counting. For coordinators' console.
 */
export function explainDueDate(
  calendar: WorkingDayCalendar,
  start: DayInput,
  n: number,
): DueDateExplanation {
  const due = calendar.addWorkingDays(start, n);
  const plain = weekdaysOnly.addWorkingDays(due.start, n).dueDate;
  const adjustments = calendar.adjustmentsBetween(
    epochDayToIsoDate(isoDateToEpochDay(due.start) + 1),
    due.dueDate,
  );
  const groups = groupAdjustments(adjustments);
  const sources = [
    ...new Set(adjustments.flatMap((a) => (a.source === undefined ? [] : [a.source]))),
  ];
  return {
    ...due,
    weekdaysOnlyDueDate: plain,
    shiftCalendarDays: calendarDaysBetween(plain, due.dueDate),
    adjustments,
    groups,
    sources,
    summaryZh: summarize(due, plain, groups),
  };
}
