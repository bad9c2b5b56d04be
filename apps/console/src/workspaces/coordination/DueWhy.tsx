import { useDueExplanation } from './api';
import { errText } from './labels';
import type { ClockCode, DueExplanation } from './types';

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

/** Loaded when the tooltip first opens (antd mounts tooltip content lazily). */
export function DueWhy(props: { caseId: string; partId: string; clock: ClockCode }) {
  const { data, error, isLoading } = useDueExplanation(props.caseId, props.partId, true);
  if (isLoading) return <div>正在查询期限依据…</div>;
  if (error || !data) return <div>期限依据暂不可用：{errText(error)}</div>;
  return <ExplanationText e={data[props.clock]} />;
}
