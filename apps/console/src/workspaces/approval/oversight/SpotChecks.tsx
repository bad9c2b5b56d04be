import { Alert, App, Button, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { ApiError, messageOf } from '../../../api/errors';
import { hasRole, useUser } from '../../../auth/AuthContext';
import { saveBlob } from '../../../shared/download';
import { emptyText } from '../../../shared/emptyText';
import { formatDateTime } from '../../../shared/format';
import { RegionName } from '../../../shared/regions';
import { StaffName } from '../../../shared/StaffName';
import { useDraft } from '../../../shared/useDraft';
import {
  assign,
  draw,
  getSpotCheck,
  recordResult,
  spotCheckCsv,
  type CategoryFigures,
  type SpotTask,
} from './api';

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);

function TaskActions({
  month,
  task,
  onDone,
}: {
  month: string;
  task: SpotTask;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{
    checkerId?: string;
    outcome?: 'conform' | 'non_conform';
    findings?: string;
    correctiveAction?: string;
  }>();
  const { onValuesChange, clearDraft } = useDraft(
    `approval:spot-check:${month}:${task.taskNo}`,
    form,
  );
  const { modal } = App.useApp();
  const run = useMutation({
    mutationFn: async (v: {
      checkerId?: string;
      outcome?: 'conform' | 'non_conform';
      findings?: string;
      correctiveAction?: string;
    }) =>
      task.checkerId
        ? recordResult(month, task.taskNo, {
            outcome: v.outcome!,
            findings: (v.findings ?? '').trim(),
            correctiveAction: (v.correctiveAction ?? '').trim(),
          })
        : assign(month, task.taskNo, (v.checkerId ?? '').trim()),
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
      aria-label={
        task.checkerId ? `登记抽查结果：任务${task.taskNo}` : `分派核查人：任务${task.taskNo}`
      }
      onValuesChange={onValuesChange}
      onFinish={(v) =>
        modal.confirm({
          title: task.checkerId ? '登记抽查结果？登记后不能修改。' : '分派核查人？',
          content: task.handledBy.length > 0 ? '办理过本案的人员不能核查本案。' : undefined,
          onOk: () => run.mutateAsync(v),
        })
      }
    >
      {task.checkerId ? (
        <>
          <Form.Item name="outcome" label="结果" rules={[{ required: true, message: '请选择' }]}>
            <Select
              style={{ width: 110 }}
              options={[
                { value: 'conform', label: '符合' },
                { value: 'non_conform', label: '不符合' },
              ]}
            />
          </Form.Item>
          <Form.Item name="findings" label="发现问题">
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="correctiveAction" label="整改措施">
            <Input style={{ width: 160 }} />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="checkerId"
          label="核查人账号"
          rules={[{ required: true, message: '请填写' }]}
        >
          <Input style={{ width: 160 }} />
        </Form.Item>
      )}
      <Button htmlType="submit" loading={run.isPending}>
        {task.checkerId ? '登记结果' : '分派'}
      </Button>
      {run.error && <Alert type="error" showIcon title={messageOf(run.error)} />}
    </Form>
  );
}

/** R-AP-7 the month's draw (county), assignment, results, figures per category, CSV. */
export function SpotChecks() {
  const user = useUser();
  const county = hasRole(user, 'county_bureau');
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? dayjs().format('YYYY-MM');
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const q = useQuery({
    queryKey: ['spot-check', month],
    queryFn: () => getSpotCheck(month),
    retry: false,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['spot-check', month] });
  const drawIt = useMutation({ mutationFn: () => draw(month), onSuccess: refresh });
  const notDrawn = q.error instanceof ApiError && q.error.code === 'SPOT_CHECK_NOT_DRAWN';
  const download = async () => {
    try {
      const { blob, fileName } = await spotCheckCsv(month);
      saveBlob(blob, fileName ?? `spot-checks-${month}.csv`);
    } catch (e) {
      message.error(messageOf(e));
    }
  };
  return (
    <section aria-labelledby="spot-checks">
      <h2 id="spot-checks">月度抽查（R-AP-7：低保、低边、特困不少于30%，临时救助不少于20%）</h2>
      <Space wrap style={{ marginBottom: 8 }}>
        <DatePicker
          picker="month"
          aria-label="月份"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(v) => v && setParams({ month: v.format('YYYY-MM') })}
        />
        {county && notDrawn && (
          <Button
            type="primary"
            loading={drawIt.isPending}
            onClick={() =>
              modal.confirm({
                title: `抽取 ${month} 的抽查样本？`,
                content: '按比例随机抽取本月新增案件，每月只抽取一次，不能重抽。',
                onOk: () => drawIt.mutateAsync(),
              })
            }
          >
            抽取本月样本
          </Button>
        )}
        {q.data && <Button onClick={() => void download()}>下载 CSV</Button>}
      </Space>
      {notDrawn && (
        <Alert
          type="info"
          showIcon
          title={`${month} 尚未抽取抽查样本`}
          description={
            county ? '点击“抽取本月样本”随机抽取。' : '由县（区）民政局抽取；抽取后可在此查看。'
          }
        />
      )}
      {q.error && !notDrawn && <Alert type="error" showIcon title={messageOf(q.error)} />}
      {drawIt.error && <Alert type="error" showIcon title={messageOf(drawIt.error)} />}
      {q.data && (
        <>
          <p>
            抽取时间：{formatDateTime(q.data.drawnAt)}，抽取人：
            <StaffName id={q.data.drawnBy} />
          </p>
          <Table<CategoryFigures>
            size="small"
            aria-label="分类统计"
            rowKey="category"
            pagination={false}
            dataSource={q.data.categories}
            columns={[
              { title: '类别', dataIndex: 'labelZh' },
              { title: '新增案件', dataIndex: 'newCases' },
              { title: '应抽比例', key: 'r', render: (_, c) => `${c.requiredRatePercent}%` },
              { title: '抽查件数', dataIndex: 'sampled' },
              { title: '实际比例', key: 'a', render: (_, c) => pct(c.achievedRatePercent) },
              { title: '达标', key: 'm', render: (_, c) => (c.meetsRequiredRate ? '是' : '否') },
              { title: '已核查', dataIndex: 'checked' },
              { title: '符合', dataIndex: 'conform' },
              { title: '不符合', dataIndex: 'nonConform' },
              { title: '未核查', dataIndex: 'unchecked' },
            ]}
          />
          <h3>抽查任务</h3>
          <Table<SpotTask>
            size="small"
            aria-label="抽查任务"
            rowKey="taskNo"
            dataSource={q.data.tasks}
            pagination={{ pageSize: 20 }}
            locale={{ emptyText: emptyText('本月没有抽中的案件') }}
            columns={[
              { title: '编号', dataIndex: 'taskNo' },
              { title: '申请人', dataIndex: 'applicantName' },
              { title: '地区', key: 'r', render: (_, t) => <RegionName code={t.regionCode} /> },
              {
                title: '核查人',
                key: 'c',
                render: (_, t) => (t.checkerId ? <StaffName id={t.checkerId} /> : '未分派'),
              },
              {
                title: '结果',
                key: 'res',
                render: (_, t) =>
                  t.result ? (
                    `${t.result.outcome === 'conform' ? '符合' : '不符合'}${t.result.findings ? `：${t.result.findings}` : ''}`
                  ) : county ? (
                    <TaskActions month={month} task={t} onDone={refresh} />
                  ) : (
                    '未核查'
                  ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
