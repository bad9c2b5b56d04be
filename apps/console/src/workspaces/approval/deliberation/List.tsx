import { Alert, Segmented, Select, Space, Table } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { Deadline } from '../../../shared/Deadline';
import { emptyText } from '../../../shared/emptyText';
import { formatDateTime, formatYuan } from '../../../shared/format';
import { RegionName } from '../../../shared/regions';
import {
  filingOverdue,
  listDeliberations,
  stageLabels,
  type DeliberationRow,
  type Stage,
} from './api';

/** The region's 一事一议 by stage (URL filters), and the filing-overdue list (§5.8). */
export function DeliberationList() {
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'filing-overdue' ? 'filing-overdue' : 'all';
  const stage = (params.get('stage') as Stage | null) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const set = (next: Record<string, string | undefined>) => {
    const merged = Object.fromEntries(params.entries());
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '') delete merged[k];
      else merged[k] = v;
    }
    setParams(merged);
  };
  const list = useQuery({
    queryKey: ['deliberations', stage, page, pageSize],
    queryFn: () => listDeliberations({ stage, page, pageSize }),
    placeholderData: keepPreviousData,
    enabled: view === 'all',
  });
  const overdue = useQuery({
    queryKey: ['deliberations', 'filing-overdue'],
    queryFn: filingOverdue,
    enabled: view === 'filing-overdue',
  });
  const rows: DeliberationRow[] =
    view === 'all'
      ? (list.data?.items ?? [])
      : (overdue.data?.items ?? []).map((d) => ({
          id: d.id,
          caseId: d.caseId,
          item: d.item,
          applicant: d.applicant,
          stage: d.stage,
          acceptedAt: d.acceptedAt,
          democraticReviewDueAt: d.deadlines.democraticReview.dueAt,
          democraticReviewStatus: d.deadlines.democraticReview.status,
          publicNoticeEndsAt: d.publicNotice?.endsAt ?? null,
          filingDueAt: d.filing?.dueAt ?? null,
          filingStatus: d.deadlines.filing?.status ?? null,
          filedAt: d.filing?.filedAt ?? null,
          amountFen: d.approval?.amountFen ?? null,
          openedAt: d.acceptedAt,
        }));
  const error = view === 'all' ? list.error : overdue.error;
  return (
    <section aria-labelledby="deliberation-list">
      <h2 id="deliberation-list">一事一议事项</h2>
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented
          aria-label="清单"
          value={view}
          options={[
            { value: 'all', label: '全部事项' },
            { value: 'filing-overdue', label: '逾期未备案' },
          ]}
          onChange={(v) => set({ view: v === 'all' ? undefined : String(v), page: undefined })}
        />
        {view === 'all' && (
          <Select
            aria-label="按环节筛选"
            allowClear
            placeholder="全部环节"
            style={{ width: 220 }}
            value={stage}
            onChange={(v?: Stage) => set({ stage: v, page: undefined })}
            options={Object.entries(stageLabels).map(([value, label]) => ({ value, label }))}
          />
        )}
      </Space>
      {error && <Alert type="error" showIcon title={messageOf(error)} />}
      <Table<DeliberationRow>
        size="small"
        aria-label="一事一议事项清单"
        rowKey="id"
        loading={view === 'all' ? list.isFetching : overdue.isLoading}
        dataSource={rows}
        locale={{
          emptyText: emptyText(
            view === 'all'
              ? '本辖区暂无符合条件的一事一议事项；窗口受理后会出现在这里'
              : '没有逾期未备案的事项',
          ),
        }}
        pagination={
          view === 'all'
            ? {
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                showTotal: (n) => `共 ${n} 件`,
                onChange: (p, s) => set({ page: String(p), pageSize: String(s) }),
              }
            : false
        }
        columns={[
          {
            title: '申请人',
            key: 'name',
            render: (_, r) => (
              <Link to={`/approval/deliberations/${r.id}`}>{r.applicant.name}</Link>
            ),
          },
          {
            title: '地区',
            key: 'region',
            render: (_, r) => <RegionName code={r.applicant.regionCode} />,
          },
          { title: '环节', key: 'stage', render: (_, r) => stageLabels[r.stage] },
          { title: '受理时间', key: 'at', render: (_, r) => formatDateTime(r.acceptedAt) },
          {
            title: '期限',
            key: 'due',
            render: (_, r) =>
              r.stage === 'approved' && r.filingDueAt ? (
                <Deadline dueAt={r.filingDueAt} label="备案（3个工作日）" />
              ) : ['investigation', 'democratic_review'].includes(r.stage) ? (
                <Deadline dueAt={r.democraticReviewDueAt} label="民主评议（5个工作日）" />
              ) : (
                '—'
              ),
          },
          {
            title: '金额',
            key: 'amount',
            render: (_, r) => (r.amountFen ? formatYuan(r.amountFen) : '—'),
          },
        ]}
      />
    </section>
  );
}
