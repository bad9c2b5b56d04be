import { Alert, App, Button, Card, DatePicker, Form, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { apiFile } from '../../api/client';
import { downloadXlsx, saveBlob, type ExportColumn } from '../../shared/download';
import { formatDateTime, shanghai } from '../../shared/format';
import { useBulletin } from './api';
import { EChart, type ChartOption } from '../../shared/EChart';
import { errText, percent } from './labels';
import { useUrlState } from './search';
import type { Bulletin as BulletinData } from './types';
import { emptyText } from '../../shared/emptyText';

type Rank = BulletinData['ranking'][number];

const rankColumns: ExportColumn<Rank>[] = [
  { title: '排名', value: (r) => r.rank },
  { title: '部门', value: (r) => r.departmentName },
  { title: '应反馈件数', value: (r) => r.due },
  { title: '按时反馈件数', value: (r) => r.onTime },
  { title: '按时率', value: (r) => percent(r.onTimeRate) },
  { title: '逾期件数', value: (r) => r.overdue },
  { title: '最长逾期（工作日）', value: (r) => r.maxLateWorkingDays },
];

/** Last month in Shanghai: the 通报 is of a finished month. */
const lastMonth = () => shanghai(Date.now()).subtract(1, 'month').format('YYYY-MM');

/** 月度通报 (R-JH-4): departments ranked by on-time rate; slow ones named. */
export function Bulletin() {
  const url = useUrlState();
  const month = /^\d{4}-\d{2}$/.test(url.get('month') ?? '') ? url.get('month')! : lastMonth();
  const { data, error, isFetching } = useBulletin(month);
  const { message } = App.useApp();
  const ranking = data?.ranking ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 24 },
      xAxis: { type: 'category', data: ranking.map((r) => r.departmentName) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: '按时率',
          barMaxWidth: 40,
          data: ranking.map((r) =>
            r.onTimeRate === null ? 0 : Math.round(r.onTimeRate * 1000) / 10,
          ),
          label: { show: true, position: 'top', formatter: '{c}%' },
        },
      ],
    }),
    [ranking],
  );
  const title = `${month.slice(0, 4)}年${Number(month.slice(5))}月协同办理情况通报`;
  const xlsx = async () => {
    try {
      await downloadXlsx(ranking, rankColumns, `通报-${month}.xlsx`, '部门排名');
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const csv = async () => {
    try {
      const { blob, fileName } = await apiFile('civil-affairs', '/coordination/bulletin', {
        query: { month, format: 'csv' },
      });
      saveBlob(blob, fileName ?? `tongbao-${month}.csv`);
    } catch (e) {
      void message.error(errText(e));
    }
  };
  return (
    <section aria-labelledby="bulletin-title">
      <Typography.Title level={2} id="bulletin-title" style={{ fontSize: 18 }}>
        月度通报
      </Typography.Title>
      <Form layout="inline" size="small" style={{ marginBottom: 12 }}>
        <Form.Item label="通报月份" htmlFor="bulletin-month">
          <DatePicker
            id="bulletin-month"
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && url.set({ month: d.format('YYYY-MM') })}
          />
        </Form.Item>
        <Space>
          <Button
            size="small"
            type="primary"
            disabled={ranking.length === 0}
            onClick={() => void xlsx()}
          >
            下载 Excel
          </Button>
          <Button size="small" disabled={ranking.length === 0} onClick={() => void csv()}>
            下载 CSV
          </Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon title={errText(error)} style={{ marginBottom: 8 }} />}
      <Typography.Paragraph type="secondary">
        {title}（统计 {data?.from ?? '—'} 至 {data?.to ?? '—'}{' '}
        应反馈的部门事项，按时率相同时逾期少者在前；生成于 {formatDateTime(data?.generatedAt)}）
      </Typography.Paragraph>
      <Card size="small" title="各部门按时反馈率" style={{ marginBottom: 12 }}>
        <EChart
          option={option}
          height={220}
          label={`${title}柱状图：${ranking.map((r) => `第${r.rank}名${r.departmentName}${percent(r.onTimeRate)}`).join('，') || '该月无到期事项'}；数字见下方排名表`}
        />
      </Card>
      <Table<Rank>
        size="small"
        rowKey="department"
        pagination={false}
        loading={isFetching && !data}
        aria-label="部门排名"
        title={() => '部门排名'}
        dataSource={ranking}
        locale={{ emptyText: emptyText('该月没有应反馈的部门事项；请选择其他月份') }}
        columns={[
          { title: '排名', dataIndex: 'rank', width: 60 },
          { title: '部门', dataIndex: 'departmentName' },
          { title: '应反馈', dataIndex: 'due', align: 'right' },
          { title: '按时', dataIndex: 'onTime', align: 'right' },
          { title: '按时率', dataIndex: 'onTimeRate', align: 'right', render: percent },
          { title: '逾期', dataIndex: 'overdue', align: 'right' },
          { title: '最长逾期（工作日）', dataIndex: 'maxLateWorkingDays', align: 'right' },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        逾期最久的事项
      </Typography.Title>
      <Table
        size="small"
        rowKey="partId"
        pagination={false}
        aria-label="逾期最久的事项"
        dataSource={data?.worstCases ?? []}
        locale={{ emptyText: emptyText('该月没有逾期事项') }}
        columns={[
          {
            title: '申请编号',
            dataIndex: 'applicationNumber',
            render: (no: string, r: BulletinData['worstCases'][number]) => (
              <Link to={`../cases/${encodeURIComponent(r.caseId)}`}>{no}</Link>
            ),
          },
          { title: '部门', dataIndex: 'departmentName' },
          { title: '反馈期限', dataIndex: 'reportDueAt', render: formatDateTime },
          {
            title: '反馈时间',
            dataIndex: 'reportedAt',
            render: (v: string | null) => (v ? formatDateTime(v) : '尚未反馈'),
          },
          { title: '逾期（工作日）', dataIndex: 'lateWorkingDays', align: 'right' as const },
        ]}
      />
    </section>
  );
}
