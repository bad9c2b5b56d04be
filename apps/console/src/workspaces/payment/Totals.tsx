import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Radio, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { call } from '../../api/typed';
import { downloadCsv, downloadXlsx, type ExportColumn } from '../../shared/download';
import { emptyText } from '../../shared/emptyText';
import { formatYuan, shanghai } from '../../shared/format';
import { regionName } from '../../shared/regions';
import { refusalOf, type TotalsRow } from './api';
import { EChart } from '../../shared/EChart';
import { itemLabels } from './labels';

type GroupBy = 'day' | 'street' | 'item';
const groupLabels: Record<GroupBy, string> = { day: '按日', street: '按街道', item: '按事项' };
const yuan = (fen: number) => Number((fen / 100).toFixed(2));

/** 汇总: totals by day, street and item as a chart and a table, downloadable (R-PAY-6). */
export function Totals() {
  const [params, setParams] = useSearchParams();
  const now = shanghai(Date.now());
  const from = params.get('from') ?? now.subtract(30, 'day').format('YYYY-MM-DD');
  const to = params.get('to') ?? now.add(30, 'day').format('YYYY-MM-DD');
  const groupBy = (params.get('groupBy') as GroupBy | null) ?? 'day';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next);
  };
  const { data, error, isLoading } = useQuery({
    queryKey: ['payment', 'totals', from, to, groupBy],
    queryFn: () =>
      call<{ items: TotalsRow[] }, 'payment', 'get', '/reports/totals'>(
        'payment',
        'get',
        '/reports/totals',
        {
          query: { from, to, groupBy },
        },
      ),
  });
  const rows = useMemo(() => data?.items ?? [], [data]);
  const keyText = (k: string) =>
    groupBy === 'street' ? regionName(k) : groupBy === 'item' ? (itemLabels[k] ?? k) : k;
  const columns: ExportColumn<TotalsRow>[] = [
    { title: groupLabels[groupBy].slice(1), value: (r) => keyText(r.key) },
    { title: '指令笔数', value: (r) => r.orders },
    { title: '应发金额（元）', value: (r) => yuan(r.amountFen) },
    { title: '已到账（元）', value: (r) => yuan(r.confirmedFen) },
    { title: '街道代付（元）', value: (r) => yuan(r.paidByStreetFen) },
    { title: '在途（元）', value: (r) => yuan(r.inTransitFen) },
    { title: '失败（元）', value: (r) => yuan(r.failedFen) },
    { title: '退回（元）', value: (r) => yuan(r.returnedFen) },
    { title: '对账差异（笔）', value: (r) => r.findings },
  ];
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 60, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: rows.map((r) => keyText(r.key)) },
      yAxis: { type: 'value', name: '元' },
      series: [
        { name: '已到账', type: 'bar', stack: 'm', data: rows.map((r) => yuan(r.confirmedFen)) },
        {
          name: '街道代付',
          type: 'bar',
          stack: 'm',
          data: rows.map((r) => yuan(r.paidByStreetFen)),
        },
        { name: '在途', type: 'bar', stack: 'm', data: rows.map((r) => yuan(r.inTransitFen)) },
        {
          name: '失败或退回',
          type: 'bar',
          stack: 'm',
          data: rows.map((r) => yuan(r.failedFen + r.returnedFen)),
        },
      ],
    }),
    // keyText depends on groupBy only.
    [rows, groupBy],
  );
  const file = `发放汇总-${groupLabels[groupBy]}-${from}-${to}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>发放汇总</Typography.Title>
      <Space wrap role="search" aria-label="汇总条件">
        <Input
          aria-label="开始日期"
          defaultValue={from}
          style={{ width: 130 }}
          onBlur={(e) => set('from', e.target.value)}
        />
        <Input
          aria-label="结束日期"
          defaultValue={to}
          style={{ width: 130 }}
          onBlur={(e) => set('to', e.target.value)}
        />
        <Radio.Group
          aria-label="汇总方式"
          optionType="button"
          size="small"
          value={groupBy}
          onChange={(e) => set('groupBy', e.target.value as string)}
          options={(Object.keys(groupLabels) as GroupBy[]).map((g) => ({
            value: g,
            label: groupLabels[g],
          }))}
        />
        <Button
          size="small"
          disabled={!rows.length}
          onClick={() => void downloadXlsx(rows, columns, `${file}.xlsx`)}
        >
          下载 Excel
        </Button>
        <Button
          size="small"
          disabled={!rows.length}
          onClick={() => downloadCsv(rows, columns, `${file}.csv`)}
        >
          下载 CSV
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={refusalOf(error)} />}
      <EChart
        option={option}
        label={`${from} 至 ${to} 发放金额${groupLabels[groupBy]}（下表为同一数据）`}
      />
      <Table<TotalsRow>
        size="small"
        aria-label="发放汇总表"
        rowKey="key"
        loading={isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: emptyText('该期间没有支付指令：调整日期范围。') }}
        columns={columns.map((c, i) => ({
          title: c.title,
          key: c.title,
          align: i === 0 ? 'left' : 'right',
          // Exports carry numbers (Excel sums them); the table shows them as money.
          render: (_: unknown, r: TotalsRow) => {
            const v = c.value(r);
            return c.title.endsWith('（元）') ? formatYuan(Math.round(Number(v) * 100)) : v;
          },
        }))}
      />
    </Space>
  );
}
