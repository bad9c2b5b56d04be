import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { messageOf } from '../api/errors';

export interface AdjustmentGroup {
  kind: 'holiday' | 'make_up_working_day' | 'local_closure' | 'local_working_day';
  name: string;
  dates: string[];
}

/** explainDueDate's answer (libs/domain/calendar/src/explain.ts). */
export interface DueExplanation {
  start: string;
  workingDays: number;
  dueDate: string;
  dueAt: string;
  weekdaysOnlyDueDate: string;
  shiftCalendarDays: number;
  groups: AdjustmentGroup[];
  sources: { title: string; documentNumber?: string }[];
  summaryZh: string;
  assumedWeekdaysOnly: boolean;
  yearsWithoutData: number[];
}

const kindZh: Record<DueExplanation['groups'][number]['kind'], string> = {
  holiday: '放假',
  make_up_working_day: '调休上班',
  local_closure: '本地停止办公',
  local_working_day: '本地加班办公',
};

const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** Why a due date is that date: the holidays and 调休 days between dispatch and due (R-JH-3). */
export function ExplanationText({ e }: { e: DueExplanation }) {
  return (
    <div style={{ maxWidth: 360 }}>
      <div>
        自 {e.start} 起 {e.workingDays} 个工作日，截止 {e.dueDate}
      </div>
      <div>{e.summaryZh}</div>
      {e.groups.length > 0 && (
        <ul style={{ margin: '4px 0', paddingInlineStart: 18 }}>
          {e.groups.map((g) => (
            <li key={`${g.kind}-${g.name}`}>
              {g.name}
              {kindZh[g.kind]}：{g.dates.map(md).join('、')}
            </li>
          ))}
        </ul>
      )}
      {e.shiftCalendarDays !== 0 && <div>仅按周一至周五计算应为 {e.weekdaysOnlyDueDate}</div>}
      {e.sources.length > 0 && (
        <div>依据：{e.sources.map((s) => s.documentNumber ?? s.title).join('；')}</div>
      )}
    </div>
  );
}

/**
 * Why `workingDays` working days from `from` end when they do (GET civil-affairs
 * /calendar/explain): for any deadline counted from a known start. Loaded when first shown.
 */
export function CalendarWhy(props: { from: string; workingDays: number }) {
  const { data, error, isLoading } = useQuery({
    queryKey: ['civil-affairs', 'calendar-explain', props.from, props.workingDays],
    queryFn: ({ signal }) =>
      api<DueExplanation>('civil-affairs', '/calendar/explain', {
        signal,
        query: { from: props.from, workingDays: props.workingDays },
      }),
    staleTime: 60 * 60_000,
  });
  if (isLoading) return <div>正在查询期限依据…</div>;
  if (error || !data) return <div>期限依据暂不可用：{messageOf(error)}</div>;
  return <ExplanationText e={data} />;
}
