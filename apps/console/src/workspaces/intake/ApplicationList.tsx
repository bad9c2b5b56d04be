import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { messageOf } from '../../api/errors';
import { useUser } from '../../auth/AuthContext';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import {
  itemLabels,
  statusColors,
  statusLabels,
  type ApplicationPage,
  type ApplicationRow,
} from './model';

const statusOptions = Object.entries(statusLabels).map(([value, label]) => ({ value, label }));

/** The clerk's own applications (首问负责 owner = me), or the whole region's; filters in the URL. */
export function ApplicationList() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const mine = params.get('scope') !== 'region';
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '20') || 20;
  const status = params.get('status') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const query = { owner: mine ? user.id : undefined, status, from, to, page, pageSize };
  const list = useQuery({
    queryKey: ['intake', 'applications', query],
    queryFn: ({ signal }) => api<ApplicationPage>('intake', '/applications', { query, signal }),
    placeholderData: (prev) => prev,
  });

  return (
    <section aria-labelledby="intake-list-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center">
        <Typography.Title level={2} id="intake-list-title" style={{ fontSize: 18, margin: 0 }}>
          {mine ? '我受理的申请' : '本辖区的申请'}
        </Typography.Title>
        <Link to="/intake/new">
          <Button type="primary" tabIndex={-1}>
            受理新申请
          </Button>
        </Link>
      </Space>
      <Space wrap style={{ margin: '12px 0' }} size="small">
        <Select
          aria-label="范围"
          size="small"
          value={mine ? 'mine' : 'region'}
          style={{ width: 130 }}
          options={[
            { value: 'mine', label: '我负责的' },
            { value: 'region', label: '本辖区全部' },
          ]}
          onChange={(v) => set({ scope: v === 'region' ? 'region' : undefined })}
        />
        <Select
          aria-label="状态"
          size="small"
          allowClear
          placeholder="全部状态"
          value={status}
          style={{ width: 130 }}
          options={statusOptions}
          onChange={(v?: string) => set({ status: v })}
        />
        <DatePicker.RangePicker
          size="small"
          aria-label="受理日期"
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(range) =>
            set({
              from: range?.[0]?.format('YYYY-MM-DD'),
              to: range?.[1]?.format('YYYY-MM-DD'),
            })
          }
        />
        <Typography.Text type="secondary">
          按申请人姓名、编号查找请打开申请后核对（受理服务暂不支持按姓名检索）
        </Typography.Text>
      </Space>
      {list.error && (
        <Alert type="error" showIcon title={messageOf(list.error)} style={{ marginBottom: 8 }} />
      )}
      <Table<ApplicationRow>
        size="small"
        rowKey="id"
        aria-label="申请列表"
        // Only the first load covers the table; background refreshes keep it readable.
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              description={
                mine
                  ? '您还没有受理过申请，点击“受理新申请”开始'
                  : '没有符合条件的申请，请调整筛选条件'
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 件`,
          onChange: (p, s) => set({ page: String(p), pageSize: String(s) }),
        }}
        columns={[
          {
            title: '申请编号',
            dataIndex: 'applicationNo',
            render: (no: string, row) => <Link to={`/intake/applications/${row.id}`}>{no}</Link>,
          },
          {
            title: '申请人',
            render: (_, row) => `${row.applicant.name}（${row.applicant.idNumber}）`,
          },
          { title: '家庭人数', dataIndex: 'householdSize', width: 80 },
          {
            title: '救助事项',
            dataIndex: 'items',
            render: (items: string[]) => items.map((i) => itemLabels[i] ?? i).join('、'),
          },
          {
            title: '状态',
            render: (_, row) => (
              <Tag color={statusColors[row.status]}>
                {row.progress?.label ?? statusLabels[row.status] ?? row.status}
              </Tag>
            ),
          },
          {
            title: '待补材料',
            dataIndex: 'outstandingDocuments',
            render: (docs: string[]) =>
              docs.length ? <Tag color="orange">{docs.length} 项</Tag> : '—',
          },
          { title: '地区', render: (_, row) => <RegionName code={row.applicant.regionCode} /> },
          { title: '受理时间', dataIndex: 'submittedAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </section>
  );
}
