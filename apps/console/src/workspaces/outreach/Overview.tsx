import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import { messageOf } from '../../api/errors';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { hasRole, useUser } from '../../auth/AuthContext';
import { formatMinutes, formatRate, overview, type StreetOverview } from './api';
import { ResponseBulletin } from './ResponseBulletin';

/** The coordinator's overview by street, without a map (R-PD-2): load, lateness, conversion. */
export function Overview() {
  const user = useUser();
  // The live counts are the coordinator's; the county and city read the month's 通报.
  if (!hasRole(user, 'coordinator')) return <ResponseBulletin />;
  return (
    <>
      <LiveOverview />
      <ResponseBulletin />
    </>
  );
}

function LiveOverview() {
  const data = useQuery({
    queryKey: ['outreach', 'overview'],
    queryFn: overview,
    refetchInterval: 60_000,
  });
  const rows = data.data?.streets ?? [];
  return (
    <section aria-labelledby="outreach-overview">
      <Typography.Title level={2} id="outreach-overview" style={{ fontSize: 18 }}>
        各街道主动发现概况
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        待响应任务按等级计数；超时响应含已超时未办结和办结时已超时的任务；转为申请率按已结束任务计算。
        {data.data && ` 统计时间 ${formatDateTime(data.data.at)}。`}
      </Typography.Paragraph>
      {data.error && <Alert type="error" showIcon title={messageOf(data.error)} />}
      <Table<StreetOverview>
        size="small"
        aria-label="各街道主动发现概况"
        rowKey="streetCode"
        loading={data.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个街道` }}
        locale={{ emptyText: emptyText('辖区内还没有外展任务') }}
        columns={[
          { title: '街道', key: 'street', render: (_, r) => <RegionName code={r.streetCode} /> },
          { title: '紧急', key: 'urgent', render: (_, r) => r.openByGrade.urgent },
          { title: '较急', key: 'pressing', render: (_, r) => r.openByGrade.pressing },
          { title: '一般', key: 'normal', render: (_, r) => r.openByGrade.normal },
          { title: '超时响应', key: 'overdue', render: (_, r) => r.overdueResponses },
          { title: '已上报', key: 'escalated', render: (_, r) => r.escalated },
          { title: '转为申请', key: 'apps', render: (_, r) => r.endedByOutcome.application },
          {
            title: '转为申请率',
            key: 'rate',
            render: (_, r) => formatRate(r.conversionToApplications),
          },
          {
            title: '响应用时中位数',
            key: 'median',
            render: (_, r) => formatMinutes(r.medianResponseMinutes),
          },
        ]}
      />
    </section>
  );
}
