import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { formatDateTime, formatDuration } from './format';
import { useNow } from './useNow';

export type DeadlineState = 'ok' | 'at_risk' | 'overdue' | 'done';

export function deadlineState(dueAt: string, now: number, atRiskMs = 4 * 3600_000): DeadlineState {
  const left = Date.parse(dueAt) - now;
  if (left < 0) return 'overdue';
  return left <= atRiskMs ? 'at_risk' : 'ok';
}

/** antd's preset orange and green tags are about 3.3:1; these keep their hue at AA contrast. */
export const deadlineColors: Record<DeadlineState, { color: string; background: string }> = {
  ok: { color: 'rgba(0, 0, 0, 0.88)', background: '#fafafa' },
  at_risk: { color: '#873800', background: '#fff7e6' },
  overdue: { color: '#a8071a', background: '#fff1f0' },
  done: { color: '#135200', background: '#f6ffed' },
};

/**
 * A deadline with its countdown: orange when at risk, red when overdue. `why` (the due-date
 * explanation: which holidays and 调休 days moved it) shows on hover and keyboard focus.
 */
export function Deadline(props: {
  dueAt: string | undefined;
  label?: string;
  doneAt?: string;
  atRiskMs?: number;
  why?: ReactNode;
}) {
  const now = useNow();
  if (!props.dueAt) return <span>—</span>;
  const state = props.doneAt ? 'done' : deadlineState(props.dueAt, now, props.atRiskMs);
  const left = Date.parse(props.dueAt) - now;
  const text =
    state === 'done'
      ? `已完成 ${formatDateTime(props.doneAt)}`
      : state === 'overdue'
        ? `已超期 ${formatDuration(left)}`
        : `剩余 ${formatDuration(left)}`;
  const title = (
    <div>
      <div>
        {props.label ?? '期限'}：{formatDateTime(props.dueAt)}
      </div>
      {props.why}
    </div>
  );
  return (
    <Tooltip title={title}>
      <Tag
        style={{ ...deadlineColors[state], borderColor: 'currentColor' }}
        tabIndex={0}
        data-deadline-state={state}
        aria-label={`${props.label ?? '期限'} ${formatDateTime(props.dueAt)}，${text}`}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}
