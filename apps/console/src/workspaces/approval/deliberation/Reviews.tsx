import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Table,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { hasRole, useUser } from '../../../auth/AuthContext';
import { Deadline } from '../../../shared/Deadline';
import { emptyText } from '../../../shared/emptyText';
import { StaffName } from '../../../shared/StaffName';
import { useDraft } from '../../../shared/useDraft';
import { RegionName } from '../../../shared/regions';
import { generateTasks, outcomeLabels, recordReview, reviewTasks, type ReviewTask } from './api';

type Outcome = keyof typeof outcomeLabels;

function ResultForm({ task, onDone }: { task: ReviewTask; onDone: () => void }) {
  const [form] = Form.useForm<{ outcome?: Outcome; note?: string }>();
  const { onValuesChange, clearDraft } = useDraft(`approval:deliberation-review:${task.id}`, form);
  const { modal } = App.useApp();
  const run = useMutation({
    mutationFn: (v: { outcome: Outcome; note: string }) => recordReview(task.id, v),
    onSuccess: () => {
      clearDraft();
      onDone();
    },
  });
  return (
    <Form
      form={form}
      layout="inline"
      size="small"
      aria-label={`登记复核结果：${task.applicantName}`}
      onValuesChange={onValuesChange}
      onFinish={(v) =>
        modal.confirm({
          title: `登记复核结果“${outcomeLabels[v.outcome!]}”？`,
          content: '登记后不能修改。',
          onOk: () => run.mutateAsync({ outcome: v.outcome!, note: (v.note ?? '').trim() }),
        })
      }
    >
      <Form.Item name="outcome" label="结果" rules={[{ required: true, message: '请选择' }]}>
        <Select
          style={{ width: 120 }}
          options={Object.entries(outcomeLabels).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item name="note" label="说明">
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Button htmlType="submit" loading={run.isPending}>
        登记
      </Button>
      {run.error && <Alert type="error" showIcon title={messageOf(run.error)} />}
    </Form>
  );
}

/** R-YS-1 twice-yearly reviews: the county generates the period's tasks and records results. */
export function PeriodicReviews() {
  const user = useUser();
  const county = hasRole(user, 'county_bureau');
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const period = Number(params.get('period')) || (new Date().getMonth() < 6 ? 1 : 2);
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const q = useQuery({
    queryKey: ['deliberation-reviews', year, period],
    queryFn: () => reviewTasks(year, period),
  });
  const gen = useMutation({
    mutationFn: () => generateTasks(year, period),
    onSuccess: (r) => {
      message.success(
        `新生成 ${r.created} 项，已存在 ${r.existing} 项，本期无需复核 ${r.notRequired} 项`,
      );
      void qc.invalidateQueries({ queryKey: ['deliberation-reviews'] });
    },
  });
  const f = q.data?.figures;
  return (
    <section aria-labelledby="deliberation-reviews">
      <h2 id="deliberation-reviews">一事一议定期复核（每年两次，县级复核率100%，R-YS-1）</h2>
      <Space wrap style={{ marginBottom: 8, width: '100%' }}>
        <label>
          年度{' '}
          <InputNumber
            aria-label="年度"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => v && setParams({ year: String(v), period: String(period) })}
          />
        </label>
        <Select
          aria-label="期次"
          value={period}
          style={{ width: 120 }}
          onChange={(v: number) => setParams({ year: String(year), period: String(v) })}
          options={[
            { value: 1, label: '上半年' },
            { value: 2, label: '下半年' },
          ]}
        />
        {county ? (
          <Button
            type="primary"
            loading={gen.isPending}
            onClick={() =>
              modal.confirm({
                title: `生成${year}年${period === 1 ? '上' : '下'}半年复核任务？`,
                content: '为本辖区已批准的一事一议事项生成复核任务；重复生成不会重复创建。',
                onOk: () => gen.mutateAsync(),
              })
            }
          >
            生成复核任务
          </Button>
        ) : (
          <span>复核任务由县（区）民政局生成和登记。</span>
        )}
      </Space>
      {(q.error ?? gen.error) && (
        <Alert type="error" showIcon title={messageOf(q.error ?? gen.error)} />
      )}
      {f && (
        <Space size="large" wrap style={{ marginBottom: 8, width: '100%' }}>
          <Statistic title="任务数" value={f.total} />
          <Statistic title="待复核" value={f.due} />
          <Statistic title="已超期" value={f.overdue} />
          <Statistic title="已复核" value={f.done} />
          <Statistic
            title={`复核率（应达 ${f.requiredPercent}%）`}
            value={f.coveragePercent}
            suffix="%"
          />
        </Space>
      )}
      <Table<ReviewTask>
        size="small"
        aria-label="定期复核任务"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: emptyText('本期尚无复核任务；县（区）民政局可点击“生成复核任务”') }}
        columns={[
          { title: '申请人', dataIndex: 'applicantName' },
          { title: '地区', key: 'r', render: (_, t) => <RegionName code={t.regionCode} /> },
          { title: '复核期间', key: 'p', render: (_, t) => `${t.from} 至 ${t.to}` },
          {
            title: '期限',
            key: 'due',
            render: (_, t) => (
              <Deadline dueAt={t.dueAt} label="本期复核期限" doneAt={t.result?.reviewedAt} />
            ),
          },
          {
            title: '结果',
            key: 'result',
            render: (_, t) =>
              t.result ? (
                <span>
                  {outcomeLabels[t.result.outcome as Outcome] ?? t.result.outcome}（
                  <StaffName id={t.result.byUserId} />）
                </span>
              ) : county ? (
                <ResultForm
                  task={t}
                  onDone={() => void qc.invalidateQueries({ queryKey: ['deliberation-reviews'] })}
                />
              ) : (
                '待复核'
              ),
          },
        ]}
      />
    </section>
  );
}
