import { Alert, Button, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { verifySlice, type VerifySlice } from './api';
import { auditServices, type AuditService } from './labels';

/** Records per request: a slice answers in about a second, so progress moves visibly. */
const SLICE = 2_000;

const kindLabels: Record<string, string> = {
  changed: '记录被修改',
  deleted: '记录被删除',
  inserted: '记录被插入',
  reordered: '记录顺序被调换',
  truncated: '链尾被截断',
  'bad-signature': '检查点签名无效',
};

type Scope = 'all' | 'last';

interface Run {
  running: boolean;
  checked: number;
  checkpoints: number;
  /** Records to check (head − first + 1); grows when records arrive during the run. */
  total: number;
  ms: number;
  result?: VerifySlice;
  error?: string;
}

/** The check loop of one service: slice after slice from `next`, until done, a break or cancel. */
async function runCheck(
  svc: AuditService,
  scope: Scope,
  signal: AbortSignal,
  update: (r: Run) => void,
): Promise<void> {
  const started = performance.now();
  let run: Run = { running: true, checked: 0, checkpoints: 0, total: 0, ms: 0 };
  update(run);
  let range: { from?: number; last?: number; limit: number } =
    scope === 'last' ? { last: 10_000, limit: SLICE } : { limit: SLICE };
  let first: number | undefined;
  try {
    for (;;) {
      const slice = await verifySlice(svc, range, signal);
      first ??= slice.from;
      run = {
        running: !slice.done,
        checked: run.checked + slice.checked,
        checkpoints: run.checkpoints + slice.checkpoints,
        total: Math.max(slice.headSeq - first + 1, run.checked + slice.checked),
        ms: performance.now() - started,
        result: slice,
      };
      update(run);
      if (slice.done || slice.next === null) return;
      range = { from: slice.next, limit: SLICE };
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      update({ ...run, running: false, error: '已取消，结果不完整' });
    } else {
      update({ ...run, running: false, error: messageOf(e) });
    }
  }
}

function Outcome({ run }: { run?: Run }) {
  if (!run) return <Typography.Text type="secondary">尚未校验</Typography.Text>;
  if (run.error) return <Typography.Text type="danger">{run.error}</Typography.Text>;
  const r = run.result;
  if (run.running || !r) return <Typography.Text>校验中…</Typography.Text>;
  if (r.ok) {
    return (
      <Space size={4} wrap>
        <Tag color="green">完整</Tag>
        <span>
          已核对 {run.checked} 条记录、{run.checkpoints} 个签名检查点，未发现改动（用时{' '}
          {(run.ms / 1000).toFixed(1)} 秒）
        </span>
      </Space>
    );
  }
  const p = r.firstProblem!;
  return (
    <Space size={4} wrap role="alert">
      <Tag color="red">
        第 {p.seq} 条：{kindLabels[p.kind] ?? p.kind}
      </Tag>
      <span>{p.message}</span>
    </Space>
  );
}

/**
 * 校验链 (R-OV-1): re-computes each service's hash chain and checks its signed checkpoints from
 * the screen, slice by slice with progress, and names the first record that was tampered with.
 */
export function ChainCheck() {
  const [params] = useSearchParams();
  const focus = params.get('svc');
  const [scope, setScope] = useState<Scope>('all');
  const [runs, setRuns] = useState<Partial<Record<AuditService, Run>>>({});
  const aborts = useRef(new Map<AuditService, AbortController>());
  useEffect(() => {
    const map = aborts.current;
    return () => map.forEach((a) => a.abort());
  }, []);

  const start = (svc: AuditService) => {
    aborts.current.get(svc)?.abort();
    const abort = new AbortController();
    aborts.current.set(svc, abort);
    void runCheck(svc, scope, abort.signal, (run) => setRuns((all) => ({ ...all, [svc]: run })));
  };

  return (
    <section aria-labelledby="audit-chain-title">
      <Typography.Title level={2} id="audit-chain-title" style={{ fontSize: 18 }}>
        审计链校验
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 8 }}
        title="逐条重新计算各服务审计记录的哈希链，并核对签名检查点：任何一条记录被修改、删除、插入或调换顺序，都会指出第一处问题。"
      />
      <Space style={{ marginBottom: 8 }}>
        <label htmlFor="chain-scope">校验范围</label>
        <Select<Scope>
          id="chain-scope"
          size="small"
          value={scope}
          style={{ width: 240 }}
          onChange={setScope}
          options={[
            { value: 'all', label: '整条链（自最早保留记录）' },
            { value: 'last', label: '最近 10000 条' },
          ]}
        />
      </Space>
      <Table
        size="small"
        rowKey="key"
        aria-label="各服务审计链校验"
        pagination={false}
        dataSource={auditServices.map((s) => ({ ...s }))}
        rowClassName={(s) => (s.key === focus ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '服务', dataIndex: 'label', width: 100 },
          {
            title: '进度',
            key: 'progress',
            width: 260,
            render: (_, s) => {
              const run = runs[s.key];
              if (!run) return '—';
              const percent = run.total ? Math.floor((run.checked / run.total) * 100) : 0;
              return (
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Progress
                    size="small"
                    percent={run.running ? Math.min(99, percent) : percent}
                    status={
                      run.error || run.result?.ok === false
                        ? 'exception'
                        : run.running
                          ? 'active'
                          : 'success'
                    }
                    aria-label={`${s.label}审计链校验进度`}
                  />
                  <Typography.Text type="secondary">
                    已核对 {run.checked} / {run.total} 条
                  </Typography.Text>
                </Space>
              );
            },
          },
          { title: '结果', key: 'result', render: (_, s) => <Outcome run={runs[s.key]} /> },
          {
            title: '操作',
            key: 'action',
            width: 130,
            render: (_, s) =>
              runs[s.key]?.running ? (
                <Button
                  size="small"
                  aria-label={`取消：${s.label}`}
                  onClick={() => aborts.current.get(s.key)?.abort()}
                >
                  取消
                </Button>
              ) : (
                <Button
                  size="small"
                  type={s.key === focus ? 'primary' : 'default'}
                  aria-label={`校验链：${s.label}`}
                  onClick={() => start(s.key)}
                >
                  校验链
                </Button>
              ),
          },
        ]}
      />
    </section>
  );
}
