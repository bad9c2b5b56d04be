import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { call } from '../../api/typed';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime, formatYuan } from '../../shared/format';
import { StaffName } from '../../shared/StaffName';
import { refusalOf, useReport, type Finding } from './api';
import { findingActions, findingLabels } from './labels';

/** The order a statement key names: the key itself, or `_id#n` after a re-send. */
const orderIdOf = (key: string) => key.replace(/#\d+$/, '');

/** One import: progress while it runs, then its findings as a worklist with the action for each. */
export function ReportPage() {
  const id = useParams()['id'] ?? '';
  const [params, setParams] = useSearchParams();
  const { data: r, error, isLoading } = useReport(id);
  const code = params.get('code') ?? undefined;
  const chunk = params.get('chunk');
  const page = Math.max(1, Number(params.get('page')) || 1);
  // Beyond the findings kept on the report, each processed chunk's findings load on demand.
  const more = useQuery({
    queryKey: ['payment', 'report', id, 'chunk', chunk],
    enabled: chunk !== null,
    queryFn: () =>
      call<{ findings: Finding[] }, 'payment', 'get', '/reconciliations/{id}/findings/{chunk}'>(
        'payment',
        'get',
        '/reconciliations/{id}/findings/{chunk}',
        {
          params: { id, chunk: chunk! },
        },
      ),
  });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  if (isLoading) return <div role="status">正在加载…</div>;
  if (error || !r) return <Alert type="error" showIcon message={refusalOf(error)} />;
  const source = chunk !== null ? (more.data?.findings ?? []) : r.findings;
  const rows = code ? source.filter((f) => f.code === code) : source;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/payment/reconciliation">← 返回对账</Link>
      <Typography.Title level={2}>对账结果 {r.date}</Typography.Title>
      {params.get('replayed') && (
        <Alert
          type="info"
          showIcon
          message="同一对账单已导入过：本次导入未改变任何数据，以下为原对账结果。"
        />
      )}
      {r.status === 'running' && (
        <div role="status" aria-live="polite">
          正在核对：{r.processedRows} / {r.totalRows} 行
          <Progress percent={r.percent} status="active" aria-label="核对进度" />
        </div>
      )}
      {r.status === 'completed' && (
        <Typography.Text role="status">核对完成：{formatDateTime(r.finishedAt)}</Typography.Text>
      )}
      {r.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={`核对中断：${r.error ?? ''}，可重新导入同一文件续做`}
        />
      )}
      <Descriptions size="small" bordered column={4}>
        <Descriptions.Item label="对账单行数">{r.totalRows}</Descriptions.Item>
        <Descriptions.Item label="相符">{r.matched}</Descriptions.Item>
        <Descriptions.Item label="差异">{r.findingsTotal}</Descriptions.Item>
        <Descriptions.Item label="导入">
          <StaffName id={r.importedBy} /> {formatDateTime(r.importedAt)}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap aria-label="差异分类">
        {Object.entries(r.findingCounts).map(([c, n]) => (
          <Tag key={c} color={c === code ? 'blue' : undefined}>
            {findingLabels[c] ?? c}：{n}
          </Tag>
        ))}
      </Space>
      <Space wrap role="search" aria-label="筛选差异">
        <Select
          aria-label="差异类型"
          allowClear
          placeholder="全部差异类型"
          style={{ width: 200 }}
          value={code}
          onChange={(v?: string) => set('code', v)}
          options={Object.entries(findingLabels).map(([value, label]) => ({ value, label }))}
        />
        {r.findingsTotal > r.findings.length && (
          <Select
            aria-label="差异批次"
            style={{ width: 220 }}
            value={chunk ?? 'kept'}
            onChange={(v: string) => set('chunk', v === 'kept' ? undefined : v)}
            options={[
              { value: 'kept', label: `前 ${r.findings.length} 条` },
              ...Array.from({ length: r.findingChunks }, (_, i) => ({
                value: String(i),
                label: `第 ${i + 1} 批`,
              })),
            ]}
          />
        )}
      </Space>
      <Table<Finding>
        size="small"
        aria-label="对账差异"
        rowKey={(f) => `${f.code}-${f.idempotencyKey}-${f.line ?? 0}`}
        loading={more.isFetching}
        dataSource={rows}
        locale={{
          emptyText: emptyText(
            r.status === 'running'
              ? '正在核对，差异将陆续显示'
              : '没有差异：对账单与支付指令逐笔相符',
          ),
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: rows.length,
          showTotal: (t) => `共 ${t} 条`,
          showSizeChanger: false,
          onChange: (p) => set('page', String(p)),
        }}
        columns={[
          {
            title: '差异类型',
            dataIndex: 'code',
            render: (c: string) => <Tag color="red">{findingLabels[c] ?? c}</Tag>,
          },
          { title: '幂等键', dataIndex: 'idempotencyKey' },
          { title: '对账单行', dataIndex: 'line', render: (l?: number) => l ?? '—' },
          {
            title: '指令金额',
            dataIndex: 'orderAmountFen',
            align: 'right',
            render: (f: number | null) => (f === null ? '—' : formatYuan(f)),
          },
          {
            title: '平台金额',
            dataIndex: 'statementAmountFen',
            align: 'right',
            render: (f: number | null) => (f === null ? '—' : formatYuan(f)),
          },
          {
            title: '处理',
            render: (_, f) =>
              f.code === 'UNKNOWN_ON_PLATFORM' ? (
                findingActions[f.code]
              ) : (
                <Link to={`/payment/orders/${encodeURIComponent(orderIdOf(f.idempotencyKey))}`}>
                  {findingActions[f.code] ?? '查看指令'}
                </Link>
              ),
          },
        ]}
      />
    </Space>
  );
}
