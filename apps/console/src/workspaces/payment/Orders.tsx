import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { emptyText } from '../../shared/emptyText';
import { formatDate, formatYuan } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import {
  refusalOf,
  useOrdersPage,
  useOverdue,
  type Order,
  type OrderFilters,
  type OrderStatus,
} from './api';
import { itemLabels, orderStatusColors, orderStatusLabels } from './labels';

const PAGE_SIZES = [20, 50, 100];

function filtersOf(p: URLSearchParams): OrderFilters {
  const size = Number(p.get('size'));
  return {
    status: (p.get('status') as OrderStatus | null) ?? undefined,
    streetCode: p.get('street') ?? undefined,
    item: p.get('item') ?? undefined,
    month: p.get('month') ?? undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
}

export const orderColumns: ColumnsType<Order> = [
  {
    title: '支付指令',
    dataIndex: 'id',
    render: (id: string) => <Link to={`/payment/orders/${encodeURIComponent(id)}`}>{id}</Link>,
  },
  { title: '收款人', render: (_, o) => o.recipient.name },
  { title: '事项', dataIndex: 'item', render: (i: string) => itemLabels[i] ?? i },
  { title: '街道', dataIndex: 'streetCode', render: (c: string) => <RegionName code={c} /> },
  {
    title: '金额',
    dataIndex: 'amountFen',
    align: 'right',
    render: (f: number) => formatYuan(f),
  },
  { title: '应付日期', dataIndex: 'dueAt', render: (d: string) => formatDate(d) },
  {
    title: '状态',
    dataIndex: 'status',
    render: (s: string, o) => (
      <Tag color={orderStatusColors[s]}>{o.statusText || orderStatusLabels[s] || s}</Tag>
    ),
  },
];

/** 支付指令: the worklist, filters and page in the URL, past-due alarms above it (R-PAY-2). */
export function Orders() {
  const [params, setParams] = useSearchParams();
  const f = filtersOf(params);
  const { data, isFetching, error } = useOrdersPage(f);
  const overdue = useOverdue();
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const late = overdue.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>支付指令</Typography.Title>
      {late.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={`${late.length} 笔指令已超过发放时限仍未到账（R-PAY-2：临时救助审批后 3 个工作日内，低保特困每月 10 日前）`}
          description={
            <Table
              size="small"
              aria-label="超期未到账的支付指令"
              rowKey="id"
              pagination={{ pageSize: 5, size: 'small' }}
              dataSource={late}
              columns={orderColumns}
            />
          }
        />
      )}
      <Space wrap role="search" aria-label="筛选支付指令">
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 160 }}
          value={f.status}
          onChange={(v?: string) => set({ status: v })}
          options={Object.entries(orderStatusLabels).map(([value, label]) => ({ value, label }))}
        />
        <Select
          aria-label="事项"
          allowClear
          placeholder="全部事项"
          style={{ width: 150 }}
          value={f.item}
          onChange={(v?: string) => set({ item: v })}
          options={Object.entries(itemLabels).map(([value, label]) => ({ value, label }))}
        />
        <Input.Search
          aria-label="街道代码"
          placeholder="街道代码，如 330106001"
          allowClear
          key={`street-${f.streetCode ?? ''}`}
          defaultValue={f.streetCode}
          style={{ width: 220 }}
          onSearch={(v) => set({ street: v.trim() || undefined })}
        />
        <Input.Search
          aria-label="应付月份"
          placeholder="月份 YYYY-MM"
          allowClear
          key={`month-${f.month ?? ''}`}
          defaultValue={f.month}
          style={{ width: 170 }}
          onSearch={(v) => set({ month: v.trim() || undefined })}
        />
        <Button onClick={() => setParams(new URLSearchParams())}>清除筛选</Button>
      </Space>
      {error && <Alert type="error" showIcon message={refusalOf(error)} />}
      <Table
        size="small"
        aria-label="支付指令列表"
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items}
        columns={orderColumns}
        locale={{
          emptyText: emptyText(
            '没有符合条件的支付指令：调整筛选条件，或到“月度批次”生成本月指令。',
          ),
        }}
        pagination={{
          current: f.page,
          pageSize: f.pageSize,
          total: data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 笔`,
          onChange: (page, size) => set({ page: String(page), size: String(size) }),
        }}
      />
    </Space>
  );
}
