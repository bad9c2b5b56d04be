import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Progress,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { call } from '../../api/typed';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime, shanghai } from '../../shared/format';
import { StaffName } from '../../shared/StaffName';
import { useDraft } from '../../shared/useDraft';
import { refusalOf, useBatch, type BatchRun } from './api';

const thisMonth = () => shanghai(Date.now()).format('YYYY-MM');

/** 月度批次: start a month's run and watch it (R-PAY-2: monthly funds due by the 10th). */
export function Batch() {
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? thisMonth();
  const [form] = Form.useForm<{ month: string }>();
  const { onValuesChange, clearDraft } = useDraft('payment-batch', form);
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [starting, setStarting] = useState(false);
  const { data: run, error, isLoading } = useBatch(month, true);
  const notStarted = error && (error as { status?: number }).status === 404;

  const start = (values: { month: string }) =>
    modal.confirm({
      title: `生成 ${values.month} 月度发放批次？`,
      content:
        '将为该月所有在册低保、特困对象生成支付指令（每人每月一笔，重复运行不会重复生成，R-PAY-5），按规定于当月10日前发放（R-PAY-2）。',
      okText: '生成批次',
      cancelText: '取消',
      onOk: async () => {
        setStarting(true);
        try {
          const r = await call<BatchRun, 'payment', 'post', '/batches/monthly'>(
            'payment',
            'post',
            '/batches/monthly',
            {
              body: { month: values.month },
            },
          );
          clearDraft();
          queryClient.setQueryData(['payment', 'batch', r.month], r);
          setParams({ month: r.month });
          message.success(`${r.month} 批次已开始生成`);
        } catch (e) {
          message.error(refusalOf(e));
        } finally {
          setStarting(false);
        }
      },
    });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>月度发放批次</Typography.Title>
      <Form
        form={form}
        layout="inline"
        initialValues={{ month }}
        onValuesChange={onValuesChange}
        onFinish={start}
      >
        <Form.Item
          name="month"
          label="发放月份"
          rules={[
            { required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '格式为 YYYY-MM' },
          ]}
        >
          <Input
            placeholder="2026-12"
            style={{ width: 120 }}
            onBlur={(e) =>
              /^\d{4}-\d{2}$/.test(e.target.value) && setParams({ month: e.target.value })
            }
          />
        </Form.Item>
        <Button onClick={() => setParams({ month: form.getFieldValue('month') })}>查看进度</Button>
        <Button
          type="primary"
          htmlType="submit"
          loading={starting}
          disabled={run?.status === 'running'}
        >
          生成批次
        </Button>
        {run?.status === 'running' && (
          <Typography.Text type="secondary">该月批次正在生成，完成后方可重新运行</Typography.Text>
        )}
      </Form>
      {isLoading && <div role="status">正在加载…</div>}
      {notStarted && (
        <Alert type="info" showIcon message={`${month} 尚未生成批次：填写月份后点“生成批次”。`} />
      )}
      {error && !notStarted && <Alert type="error" showIcon message={refusalOf(error)} />}
      {run && <RunCard run={run} />}
    </Space>
  );
}

function RunCard({ run }: { run: BatchRun }) {
  const c = run.counts;
  return (
    <Card size="small" title={`${run.month} 批次（第 ${run.attempt} 次运行）`}>
      <Progress
        percent={run.percent ?? 0}
        status={
          run.status === 'failed' ? 'exception' : run.status === 'completed' ? 'success' : 'active'
        }
        aria-label="批次进度"
      />
      <Typography.Paragraph role="status" aria-live="polite">
        {run.statusText}
        {run.percent === null ? '（正在统计在册对象）' : `：已处理 ${c.processed} / ${c.total}`}
      </Typography.Paragraph>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label="在册对象">{c.total}</Descriptions.Item>
        <Descriptions.Item label="新生成指令">{c.created}</Descriptions.Item>
        <Descriptions.Item label="已存在（未重复生成）">{c.existing}</Descriptions.Item>
        <Descriptions.Item label="失败">{c.failed}</Descriptions.Item>
        <Descriptions.Item label="启动人">
          <StaffName id={run.startedBy} />
        </Descriptions.Item>
        <Descriptions.Item label="开始 / 完成">
          {formatDateTime(run.startedAt)} / {formatDateTime(run.finishedAt)}
        </Descriptions.Item>
      </Descriptions>
      {run.lastError && <Alert type="error" showIcon message={run.lastError} />}
      {run.failures.length > 0 && (
        <Table
          size="small"
          aria-label="生成失败的对象"
          rowKey="approvalId"
          pagination={false}
          dataSource={run.failures}
          locale={{ emptyText: emptyText('没有失败') }}
          columns={[
            { title: '审批编号', dataIndex: 'approvalId' },
            { title: '原因', dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
}
