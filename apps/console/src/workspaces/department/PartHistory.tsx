import { Table } from 'antd';
import { formatDateTime } from '../../shared/format';
import { StaffName } from '../../shared/StaffName';
import type { PartAuditEntry, PartView } from './api';
import { actionLabels, statusLabels } from './labels';

/** The part's audit trail (R-OV-1): who, when, what, and why. */
export function PartHistory({ part }: { part: PartView }) {
  return (
    <Table<PartAuditEntry>
      size="small"
      aria-label="办理历史"
      pagination={false}
      rowKey={(a) => `${a.at}-${a.action}-${a.eventId}`}
      dataSource={part.audit}
      locale={{ emptyText: '暂无记录' }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 150, render: formatDateTime },
        {
          title: '操作人',
          dataIndex: 'actorId',
          width: 160,
          render: (id: string) => <StaffName id={id} />,
        },
        {
          title: '操作',
          key: 'action',
          render: (_, a) => actionLabels[a.action] ?? a.action,
        },
        {
          title: '状态变化',
          key: 'status',
          render: (_, a) =>
            `${a.fromStatus ? statusLabels[a.fromStatus] : '—'} → ${statusLabels[a.toStatus] ?? a.toStatus}`,
        },
        { title: '说明', dataIndex: 'reason', render: (r: string) => r || '—' },
      ]}
    />
  );
}
