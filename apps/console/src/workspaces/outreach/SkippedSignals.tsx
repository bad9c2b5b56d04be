import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import { messageOf } from '../../api/errors';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { skippedSignals } from './api';

/** R-PD-1: signals that opened no task because the household already has the help, and why. */
export function SkippedSignals() {
  const list = useQuery({ queryKey: ['outreach', 'skipped'], queryFn: skippedSignals });
  return (
    <section aria-labelledby="outreach-skipped">
      <Typography.Title level={2} id="outreach-skipped" style={{ fontSize: 18 }}>
        未建外展任务的线索
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        该家庭已有同类救助申请正在办理或正在享受同类救助，线索不再建任务；如情况有变，请在对应申请中处理。
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={messageOf(list.error)} />}
      <Table
        size="small"
        aria-label="未建外展任务的线索"
        rowKey="signalId"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 条` }}
        locale={{ emptyText: emptyText('没有因已有救助而未建任务的线索') }}
        columns={[
          { title: '收到时间', key: 'at', render: (_, r) => formatDateTime(r.receivedAt) },
          { title: '街道', key: 'street', render: (_, r) => <RegionName code={r.streetCode} /> },
          { title: '未建任务原因', key: 'reason', render: (_, r) => r.reason },
        ]}
      />
    </section>
  );
}
