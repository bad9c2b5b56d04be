import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { apiFile } from '../../api/client';
import { messageOf } from '../../api/errors';
import { saveBlob } from '../../shared/download';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime, shanghai } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { formatMinutes, formatRate, responseBulletin, type StreetResponse } from './api';

/** 通报 of 分级响应 (R-PD-2): a month's tasks per street, on time and late, lowest rate first. */
export function ResponseBulletin() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? params.get('month')!
    : shanghai(Date.now()).format('YYYY-MM');
  const data = useQuery({
    queryKey: ['outreach', 'bulletin', month],
    queryFn: () => responseBulletin(month),
  });
  const rows = data.data?.streets ?? [];
  const csv = async () => {
    try {
      const { blob, fileName } = await apiFile('civil-affairs', '/outreach/bulletin', {
        query: { month, format: 'csv' },
      });
      saveBlob(blob, fileName ?? `zhudong-faxian-tongbao-${month}.csv`);
    } catch (e) {
      void message.error(messageOf(e));
    }
  };
  return (
    <section aria-labelledby="outreach-bulletin" style={{ marginTop: 16 }}>
      <Typography.Title level={2} id="outreach-bulletin" style={{ fontSize: 18 }}>
        主动发现响应通报
      </Typography.Title>
      <Form layout="inline" size="small" style={{ marginBottom: 8 }}>
        <Form.Item label="通报月份" htmlFor="outreach-bulletin-month">
          <DatePicker
            id="outreach-bulletin-month"
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && setParams({ month: d.format('YYYY-MM') })}
          />
        </Form.Item>
        <Button size="small" disabled={rows.length === 0} onClick={() => void csv()}>
          下载 CSV
        </Button>
      </Form>
      <Typography.Paragraph type="secondary">
        当月新建的外展任务：在响应时限内结束为按时，结束时已超时或至今超时未结束为超时；按时率低的街道在前。
        {data.data && ` 生成于 ${formatDateTime(data.data.generatedAt)}。`}
      </Typography.Paragraph>
      {data.error && <Alert type="error" showIcon title={messageOf(data.error)} />}
      <Table<StreetResponse>
        size="small"
        aria-label="主动发现响应通报"
        rowKey="streetCode"
        loading={data.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个街道` }}
        locale={{ emptyText: emptyText('该月没有新建的外展任务') }}
        columns={[
          { title: '街道', key: 'street', render: (_, r) => <RegionName code={r.streetCode} /> },
          { title: '新建任务', key: 'opened', render: (_, r) => r.opened },
          { title: '按时响应', key: 'onTime', render: (_, r) => r.onTime },
          { title: '超时响应', key: 'late', render: (_, r) => r.late },
          { title: '未到期', key: 'pending', render: (_, r) => r.pending },
          { title: '按时率', key: 'rate', render: (_, r) => formatRate(r.onTimeRate) },
          {
            title: '响应用时中位数',
            key: 'median',
            render: (_, r) => formatMinutes(r.medianResponseMinutes),
          },
          {
            title: '最长超时',
            key: 'maxLate',
            render: (_, r) => formatMinutes(r.maxLateMinutes || null),
          },
        ]}
      />
    </section>
  );
}
