import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import type { DepartmentService } from '../../auth/roles';
import { ApplicationNumberSearch, searchErrorOf } from '../../shared/ApplicationNumberSearch';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import {
  acceptPart,
  partKeys,
  usePartsPage,
  type DepartmentDef,
  type PartFilters,
  type PartStatus,
  type PartView,
} from './api';
import { BulkAccept } from './BulkAccept';
import { itemsText, shortId, statusStyles, statusLabels } from './labels';
import { PartDeadline } from './PartDeadline';

const PAGE_SIZES = [20, 50];
const statuses = Object.keys(statusLabels).filter((s) => s !== 'cancelled') as PartStatus[];

/** Filters and page live in the URL: back/forward and bookmarks keep them. */
function filtersOf(params: URLSearchParams): PartFilters {
  const status = params.get('status') as PartStatus | null;
  const flag = params.get('flag');
  const target = params.get('targetMet');
  const size = Number(params.get('size'));
  return {
    status: status && statuses.includes(status) ? status : undefined,
    overdue: flag === 'overdue' || undefined,
    atRisk: flag === 'atRisk' || undefined,
    targetMet: target === 'true' ? true : target === 'false' ? false : undefined,
    q: params.get('q') || undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
}

export function Worklist({ svc, def }: { svc: DepartmentService; def?: DepartmentDef }) {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const { data, isLoading, isFetching, error, refetch } = usePartsPage(svc, filters);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<string[]>([]);
  const [accepting, setAccepting] = useState<string>();
  // "N 条新件": the total when the officer last looked, per filter set.
  const filterKey = JSON.stringify({ ...filters, page: 0 });
  const seen = useRef<{ key: string; total: number }>(undefined);
  if (data && seen.current?.key !== filterKey) seen.current = { key: filterKey, total: data.total };
  const newCount = data && seen.current ? Math.max(0, data.total - seen.current.total) : 0;

  const setFilter = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const acceptOne = async (part: PartView) => {
    setAccepting(part.id);
    try {
      await acceptPart(svc, part.id);
      message.success(`已签收事项 ${shortId(part.id)}，请在回告期限内反馈结果`);
      setSelected((s) => s.filter((id) => id !== part.id));
    } catch (e) {
      message.error(`签收失败：${messageOf(e)}`);
    } finally {
      setAccepting(undefined);
      void queryClient.invalidateQueries({ queryKey: partKeys.all(svc) });
    }
  };

  const columns: ColumnsType<PartView> = [
    {
      title: '事项编号',
      dataIndex: 'id',
      width: 110,
      render: (id: string) => (
        <Link to={`parts/${id}`} aria-label={`办理事项 ${id}`}>
          {shortId(id)}
        </Link>
      ),
    },
    {
      title: '申请编号',
      dataIndex: 'applicationNumber',
      width: 150,
      // Parts dispatched before the number was sent show the application's id instead.
      render: (no: string, p) =>
        no || <span title={`申请ID ${p.applicationId}`}>{shortId(p.applicationId)}</span>,
    },
    { title: '救助事项', dataIndex: 'items', minWidth: 96, render: itemsText },
    {
      title: '所属区划',
      dataIndex: 'regionCode',
      render: (code: string) => <RegionName code={code} />,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (s: PartStatus) => <Tag style={statusStyles[s]}>{statusLabels[s]}</Tag>,
    },
    { title: '派发时间', dataIndex: 'dispatchedAt', width: 140, render: formatDateTime },
    {
      title: '回告期限',
      key: 'report',
      width: 150,
      render: (_, p) => <PartDeadline part={p} clock="report" def={def} />,
    },
    {
      title: '办理期限',
      key: 'handling',
      width: 150,
      render: (_, p) => <PartDeadline part={p} clock="handling" def={def} />,
    },
    { title: '经办人', key: 'owner', width: 90, render: (_, p) => p.owner?.name || '—' },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      render: (_, p) => (
        <Space size={4}>
          {p.status === 'pending' && (
            <Button
              size="small"
              type="primary"
              loading={accepting === p.id}
              aria-label={`签收事项 ${shortId(p.id)}`}
              onClick={() => void acceptOne(p)}
            >
              签收
            </Button>
          )}
          <Link to={`parts/${p.id}`}>{p.status === 'accepted' ? '办理' : '查看'}</Link>
        </Space>
      ),
    },
  ];

  const flag = filters.overdue ? 'overdue' : filters.atRisk ? 'atRisk' : undefined;
  const rows = data?.items ?? [];

  return (
    <section aria-labelledby="worklist-title">
      <Typography.Title level={2} id="worklist-title" style={{ fontSize: 18 }}>
        {def?.name ?? ''}办理事项
      </Typography.Title>
      <Space wrap style={{ marginBottom: 8 }} role="search" aria-label="筛选办理事项">
        <Select
          size="small"
          aria-label="状态"
          style={{ width: 140 }}
          value={filters.status ?? ''}
          onChange={(v: string) => setFilter({ status: v })}
          options={[
            { value: '', label: '全部状态' },
            ...statuses.map((s) => ({ value: s, label: statusLabels[s] })),
          ]}
        />
        <Select
          size="small"
          aria-label="时限"
          style={{ width: 140 }}
          value={flag ?? ''}
          onChange={(v: string) => setFilter({ flag: v })}
          options={[
            { value: '', label: '全部时限' },
            { value: 'atRisk', label: '临近超期' },
            { value: 'overdue', label: '已超期' },
          ]}
        />
        {def?.target && (
          <Select
            size="small"
            aria-label={def.target.labelZh}
            style={{ width: 160 }}
            value={filters.targetMet === undefined ? '' : String(filters.targetMet)}
            onChange={(v: string) => setFilter({ targetMet: v })}
            options={[
              { value: '', label: '全部（就业目标）' },
              { value: 'true', label: '已达成就业目标' },
              { value: 'false', label: '未达成就业目标' },
            ]}
          />
        )}
        <ApplicationNumberSearch
          id="worklist-q"
          value={filters.q}
          onChange={(q) => setFilter({ q })}
          error={searchErrorOf(error)}
        />
        <Input.Search
          size="small"
          aria-label="按事项编号查找"
          placeholder="输入完整事项编号后回车"
          allowClear
          style={{ width: 300 }}
          enterButton="查找"
          onSearch={(v) => {
            const id = v.trim();
            if (id) navigate(`parts/${encodeURIComponent(id)}`);
          }}
        />
        <Button size="small" onClick={() => void refetch()} loading={isFetching && !isLoading}>
          刷新
        </Button>
      </Space>
      {newCount > 0 && (
        <Alert
          type="info"
          showIcon
          role="status"
          style={{ marginBottom: 8 }}
          title={`${newCount} 条新件已到达，已加入列表（当前页和已选事项保持不变）`}
          action={
            <Button
              size="small"
              onClick={() => {
                seen.current = { key: filterKey, total: data?.total ?? 0 };
                setFilter({ page: '1' });
              }}
            >
              知道了，回到第一页
            </Button>
          }
        />
      )}
      {error && !searchErrorOf(error) && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={messageOf(error)} />
      )}
      <BulkAccept svc={svc} ids={selected} onDone={(failed) => setSelected(failed)} />
      <Table<PartView>
        size="small"
        rowKey="id"
        aria-label={`${def?.name ?? ''}办理事项列表`}
        loading={isLoading}
        columns={columns}
        dataSource={rows}
        rowSelection={{
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          onChange: (keys) => setSelected(keys as string[]),
          getCheckboxProps: (p) => ({
            disabled: p.status !== 'pending',
            'aria-label': `选择事项 ${shortId(p.id)}`,
          }),
        }}
        locale={{
          emptyText: filters.q
            ? `没有申请编号为 ${filters.q} 的本部门事项（只显示本辖区内派发给本部门的事项）`
            : filters.status || flag
              ? '没有符合条件的事项，请调整筛选条件'
              : '暂无办理事项。民政部门派发新件后会自动出现在这里（每 10 秒刷新）',
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 件`,
          onChange: (page, size) =>
            setFilter({ page: String(page), size: size === 20 ? undefined : String(size) }),
        }}
      />
    </section>
  );
}
