import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Form, Input, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime, shanghai } from '../../shared/format';
import { StaffName } from '../../shared/StaffName';
import { useDraft } from '../../shared/useDraft';
import { refusalOf, uploadStatement, useReports, type Report } from './api';

const today = () => shanghai(Date.now()).format('YYYY-MM-DD');

/** 对账: drop the card platform's daily statement; the report then shows the server's progress. */
export function Reconciliation() {
  const [form] = Form.useForm<{ date: string }>();
  const { onValuesChange, clearDraft } = useDraft('payment-statement', form);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [upload, setUpload] = useState<number>();
  const [failure, setFailure] = useState<string>();
  const from = shanghai(Date.now()).subtract(31, 'day').format('YYYY-MM-DD');
  const history = useReports(from, today());

  const send = async (file: File) => {
    setFailure(undefined);
    let date: string;
    try {
      ({ date } = await form.validateFields());
    } catch {
      return;
    }
    setUpload(0);
    try {
      const report = await uploadStatement(date, file, setUpload);
      clearDraft();
      if (report.replayed) message.info('该对账单此前已导入，未做任何改动，显示原对账结果');
      navigate(
        `/payment/reconciliation/${encodeURIComponent(report.id)}${report.replayed ? '?replayed=1' : ''}`,
      );
    } catch (e) {
      setFailure(refusalOf(e));
    } finally {
      setUpload(undefined);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>对账单导入</Typography.Title>
      <Typography.Paragraph type="secondary">
        导入社保卡平台当日对账单（CSV），与支付指令逐笔核对：漏付、未知款项、金额不符、重复入账、资金退回（R-PAY-5）。同一文件重复导入不会改变任何数据。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        initialValues={{ date: today() }}
        onValuesChange={onValuesChange}
      >
        <Form.Item
          name="date"
          label="对账日期"
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式为 YYYY-MM-DD' }]}
        >
          <Input style={{ width: 140 }} />
        </Form.Item>
      </Form>
      <Upload.Dragger
        accept=".csv,text/csv"
        multiple={false}
        showUploadList={false}
        disabled={upload !== undefined}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p>将对账单 CSV 文件拖到此处，或点击选择文件</p>
        <p className="ant-upload-hint">大文件分块核对，页面显示上传和核对进度</p>
      </Upload.Dragger>
      {upload !== undefined && (
        <div role="status" aria-live="polite">
          正在上传对账单… <Progress percent={upload} aria-label="上传进度" />
        </div>
      )}
      {failure && <Alert type="error" showIcon message={`对账单未导入：${failure}`} />}
      <Table<Report>
        size="small"
        aria-label="近 31 天的对账记录"
        title={() => (
          <Typography.Title level={3} style={{ margin: 0 }}>
            近 31 天的对账记录
          </Typography.Title>
        )}
        rowKey="id"
        loading={history.isLoading}
        dataSource={history.data?.items}
        locale={{
          emptyText: emptyText('近 31 天没有导入对账单：把平台对账单文件拖到上方即可开始。'),
        }}
        pagination={{ pageSize: 10, size: 'small' }}
        columns={[
          {
            title: '对账日期',
            dataIndex: 'date',
            render: (d: string, r) => (
              <Link to={`/payment/reconciliation/${encodeURIComponent(r.id)}`}>{d}</Link>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string, r) =>
              s === 'running' ? `核对中 ${r.percent}%` : s === 'completed' ? '已完成' : '失败',
          },
          { title: '行数', dataIndex: 'totalRows', align: 'right' },
          { title: '相符', dataIndex: 'matched', align: 'right' },
          { title: '差异', dataIndex: 'findingsTotal', align: 'right' },
          {
            title: '导入人',
            dataIndex: 'importedBy',
            render: (id: string) => <StaffName id={id} />,
          },
          { title: '导入时间', dataIndex: 'importedAt', render: (t: string) => formatDateTime(t) },
        ]}
      />
    </Space>
  );
}
