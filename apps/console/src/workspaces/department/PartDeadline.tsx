import { Tag, Tooltip } from 'antd';
import { Deadline } from '../../shared/Deadline';
import { CalendarWhy } from '../../shared/DueExplanation';
import { formatDateTime } from '../../shared/format';
import type { ClockStatus, DepartmentDef, PartView } from './api';

type Clock = 'report' | 'handling';

const labels: Record<Clock, string> = { report: '回告期限', handling: '办理期限' };

/** Why the date is what it is: the rule, and the calendar notice when the year has no data. */
function why(clock: Clock, part: PartView, def: DepartmentDef | undefined) {
  const rule =
    clock === 'report'
      ? 'R-JH-3：办结后 1 个工作日内向民政部门回告结果，期限由民政部门派发时按工作日计算'
      : `R-JH-3：${def?.name ?? '本部门'}办理时限 ${def ? `${def.handlingLimitWorkingDays} 个工作日` : ''}，自派发时起按工作日计算`;
  return (
    <div>
      <div>{rule}</div>
      {part.deadlineNotice?.message && <div>{part.deadlineNotice.message}</div>}
      {/* civil-affairs counts both clocks from the dispatch: 1 working day, and the limit. */}
      {(clock === 'report' || def) && (
        <CalendarWhy
          from={part.dispatchedAt}
          workingDays={clock === 'report' ? 1 : def!.handlingLimitWorkingDays}
        />
      )}
    </div>
  );
}

/**
 * One of the part's two R-JH-3 clocks. The service decides on-track / at-risk (its atRiskPercent
 * of the working time); the countdown itself runs here and the worklist refetches every 10 s.
 */
export function PartDeadline(props: { part: PartView; clock: Clock; def?: DepartmentDef }) {
  const { part, clock } = props;
  const dueAt = clock === 'report' ? part.reportDueAt : part.handlingDueAt;
  const status: ClockStatus | undefined = part.sla?.[clock];
  if (!status) return <span aria-label={`${labels[clock]}：已撤回，不再计时`}>—</span>;
  const label = labels[clock];
  const reportedAt = part.report?.reportedAt;
  if (status === 'breached' && reportedAt) {
    return (
      <Tooltip title={`${label}：${formatDateTime(dueAt)}`}>
        <Tag color="red" tabIndex={0} data-deadline-state="late">
          逾期完成 {formatDateTime(reportedAt)}
        </Tag>
      </Tooltip>
    );
  }
  return (
    <Deadline
      dueAt={dueAt}
      label={label}
      doneAt={status === 'met' ? reportedAt : undefined}
      // at_risk: orange until it runs out; on_track: plain until the service says otherwise.
      atRiskMs={status === 'at_risk' ? Number.MAX_SAFE_INTEGER : 0}
      why={why(clock, part, props.def)}
    />
  );
}
