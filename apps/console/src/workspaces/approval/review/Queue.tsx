import {
  Alert,
  Button,
  Checkbox,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { roleLabels } from '../../../auth/roles';
import { Deadline } from '../../../shared/Deadline';
import { emptyText } from '../../../shared/emptyText';
import { formatDateTime, formatYuan } from '../../../shared/format';
import { RegionName } from '../../../shared/regions';
import { StaffName } from '../../../shared/StaffName';
import { useQueue, type Item, type QueueFilters, type QueueRow, type Stage } from './api';
import { itemLabels, kindLabels, levelLabels, stageLabels } from './labels';

const PAGE_SIZES = [20, 50, 100];
const stages = Object.keys(stageLabels) as Stage[];
const items = Object.keys(itemLabels);

/** Filters and page live in the URL: back/forward and bookmarks keep them. */
function filtersOf(params: URLSearchParams): QueueFilters {
  const stage = params.get('stage') as Stage | null;
  const item = params.get('item');
  const clock = params.get('clock');
  const size = Number(params.get('size'));
  return {
    stage: stage && stages.includes(stage) ? stage : undefined,
    item: item && items.includes(item) ? (item as Item) : undefined,
    clock: clock === 'overdue' || clock === 'at_risk' ? clock : undefined,
    paperwork: params.get('paperwork') === 'outstanding' ? 'outstanding' : undefined,
    q: params.get('q') || undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
}

const levelColor = { street: 'blue', county: 'orange', city: 'red', case_by_case: 'purple' };

const columns: ColumnsType<QueueRow> = [
  {
    title: '申请编号',
    dataIndex: 'applicationNumber',
    render: (n: string, r) => (
      <Link to={`/approval/reviews/${encodeURIComponent(r.id)}`}>{n || r.caseId.slice(0, 8)}</Link>
    ),
  },
  { title: '申请人', dataIndex: 'applicantName' },
  {
    title: '救助事项',
    dataIndex: 'item',
    render: (item: string, r) => (
      <>
        {itemLabels[item] ?? item}
        {r.temporaryKind && <Tag style={{ marginLeft: 4 }}>{kindLabels[r.temporaryKind]}</Tag>}
        {r.relativesFlagged && <Tag color="magenta">近亲属备案</Tag>}
      </>
    ),
  },
  {
    title: '下一步',
    dataIndex: 'stage',
    render: (stage: Stage, r) => (
      <Space orientation="vertical" size={0}>
        <span>{stageLabels[stage]}</span>
        {r.nextRole && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            由{roleLabels[r.nextRole] ?? r.nextRole}办理
          </Typography.Text>
        )}
      </Space>
    ),
  },
  {
    title: '法定时限',
    key: 'deadline',
    render: (_: unknown, r) => (
      <Space orientation="vertical" size={0}>
        <Deadline
          dueAt={r.deadline.dueAt}
          label={`${r.deadline.labelZh}（${r.deadline.ruleId}）`}
          doneAt={['approved', 'rejected', 'withdrawn'].includes(r.status) ? r.openedAt : undefined}
          why={r.deadline.extension ? <div>已延长：{r.deadline.extension.reason}</div> : undefined}
        />
        {r.deadline.extension && (
          <Tooltip title={r.deadline.extension.reason}>
            <Tag color="gold">已延长至{r.deadline.limit.amount}个工作日</Tag>
          </Tooltip>
        )}
        {r.paperwork?.status === 'outstanding' && (
          <Deadline dueAt={r.paperwork.dueAt} label="先行救助手续补齐期限" />
        )}
      </Space>
    ),
  },
  {
    title: '金额与审批层级',
    key: 'tier',
    render: (_: unknown, r) =>
      r.amountFen === null && !r.level ? (
        <Typography.Text type="secondary">审批时按金额确定</Typography.Text>
      ) : (
        <Space size={4} wrap>
          {r.amountFen !== null && <span>{formatYuan(r.amountFen)}</span>}
          {r.level && <Tag color={levelColor[r.level]}>{levelLabels[r.level]}（R-AP-5）</Tag>}
        </Space>
      ),
  },
  {
    title: '初审人',
    key: 'actors',
    render: (_: unknown, r) =>
      r.actors.firstReview ? <StaffName id={r.actors.firstReview} /> : '—',
  },
  { title: '地区', dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
  { title: '受理时间', dataIndex: 'openedAt', render: (t: string) => formatDateTime(t) },
];

/** 审核队列: the reviews of the reader's region, next step and its clock first (R-AP-1/2/4/5). */
export function Queue() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const { data, isLoading, isFetching, error, refetch } = useQueue(filters);
  const setFilter = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  return (
    <section aria-labelledby="review-queue-title">
      <h2 id="review-queue-title">审核队列</h2>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="下一步骤"
          placeholder="全部待办步骤"
          allowClear
          size="small"
          style={{ width: 200 }}
          value={filters.stage}
          options={stages.map((s) => ({ value: s, label: stageLabels[s] }))}
          onChange={(v?: string) => setFilter({ stage: v })}
        />
        <Select
          aria-label="救助事项"
          placeholder="全部事项"
          allowClear
          size="small"
          style={{ width: 160 }}
          value={filters.item}
          options={items.map((i) => ({ value: i, label: itemLabels[i] }))}
          onChange={(v?: string) => setFilter({ item: v })}
        />
        <Select
          aria-label="法定时限"
          placeholder="全部时限"
          allowClear
          size="small"
          style={{ width: 140 }}
          value={filters.clock}
          options={[
            { value: 'at_risk', label: '临近到期' },
            { value: 'overdue', label: '已超期' },
          ]}
          onChange={(v?: string) => setFilter({ clock: v })}
        />
        <Checkbox
          checked={filters.paperwork === 'outstanding'}
          onChange={(e) => setFilter({ paperwork: e.target.checked ? 'outstanding' : undefined })}
        >
          先行救助手续待补齐
        </Checkbox>
        <Input.Search
          aria-label="申请编号"
          placeholder="申请编号，如 JH-2026-000123"
          allowClear
          size="small"
          style={{ width: 260 }}
          defaultValue={filters.q}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
        />
        <Button size="small" onClick={() => void refetch()} loading={isFetching}>
          刷新
        </Button>
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          message={`审核队列加载失败：${messageOf(error)}`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<QueueRow>
        aria-label="审核队列"
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: emptyText(
            filters.stage || filters.clock || filters.item || filters.q || filters.paperwork
              ? '没有符合筛选条件的审核，请调整或清除筛选条件'
              : '本辖区暂无待办审核；窗口受理并开启审核后会出现在这里',
          ),
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 件`,
          onChange: (page, size) => setFilter({ page: String(page), size: String(size) }),
        }}
      />
    </section>
  );
}
