import { Space, Tag, Tooltip } from 'antd';
import { formatDateTime } from '../../shared/format';
import { partStatusLabels } from './labels';
import type { PartView } from './types';

const isOpen = (p: PartView) => p.status === 'dispatched' || p.status === 'accepted';

/** One tag per department: its part's state, red when an open part is past a due date. */
export function PartTags({ parts, now }: { parts: PartView[]; now: number }) {
  const shown = parts.filter((p) => p.status !== 'cancelled');
  if (shown.length === 0) return <span>民政自办</span>;
  return (
    <Space size={[4, 4]} wrap>
      {shown.map((p) => {
        const late =
          isOpen(p) && Math.min(Date.parse(p.reportDueAt), Date.parse(p.handlingDueAt)) < now;
        const state = partStatusLabels[p.status];
        const text = `${p.departmentName}·${state.text}${late ? '·已超期' : ''}`;
        return (
          <Tooltip
            key={p.partId}
            title={`反馈期限 ${formatDateTime(p.reportDueAt)}；办理期限 ${formatDateTime(p.handlingDueAt)}`}
          >
            <Tag color={late ? 'red' : state.color} data-part-state={p.status}>
              {text}
            </Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}
