import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { call } from '../../api/typed';
import { ApiError, fieldErrorsOf, messageOf } from '../../api/errors';
import { useUser } from '../../auth/AuthContext';
import { Deadline } from '../../shared/Deadline';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { useDraft } from '../../shared/useDraft';
import {
  channelLabel,
  intakeErrorMessages,
  itemLabels,
  parseDocument,
  partStatusLabels,
  relationLabel,
  statusColors,
  statusLabels,
  type ApplicationView,
} from './model';
import { useApplication, useCase } from './queries';

const who = (userId: string, me: { id: string; name: string }) =>
  userId === me.id ? `${me.name}（本人）` : userId || '—';

function HandoverCard({ app }: { app: ApplicationView }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toUserId: string; reason: string }>();
  const { onValuesChange, clearDraft } = useDraft(`intake-handover-${app.id}`, form);
  const handover = useMutation({
    mutationFn: (body: { toUserId: string; reason: string }) =>
      call<ApplicationView, 'intake', 'post', '/applications/{id}/handover'>(
        'intake',
        'post',
        '/applications/{id}/handover',
        { params: { id: app.id }, body },
      ),
    onSuccess: (next) => {
      clearDraft();
      form.resetFields();
      queryClient.setQueryData(['intake', 'application', app.id], next);
      message.success('已移交，对方现为首问负责人');
    },
    onError: (err) => {
      form.setFields(fieldErrorsOf(err) as never);
      const code = err instanceof ApiError ? err.code : '';
      if (!fieldErrorsOf(err).length) message.error(intakeErrorMessages[code] ?? messageOf(err));
    },
  });
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>首问负责（R-JH-5）</h3>}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="当前负责人">
          {who(app.owner.userId, user)} · <RegionName code={app.owner.regionCode} />
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        aria-label="负责人变更记录"
        rowKey={(r) => `${r.at}-${r.toUserId}`}
        pagination={false}
        dataSource={app.ownerHistory}
        columns={[
          { title: '时间', dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: '移交给', dataIndex: 'toUserId', render: (v: string) => who(v, user) },
          { title: '经办人', dataIndex: 'byUserId', render: (v: string) => who(v, user) },
          { title: '原因', dataIndex: 'reason' },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        size="small"
        onValuesChange={onValuesChange}
        style={{ marginTop: 8 }}
        onFinish={(v) => handover.mutate(v)}
      >
        <Form.Item
          name="toUserId"
          label="移交给（同街道具有受理角色的同事的用户ID）"
          rules={[{ required: true, whitespace: true, message: '请输入移交对象的用户ID' }]}
          extra="只能移交给本辖区的窗口受理、初审或协调人员；受理服务核对对方的角色与地区"
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="reason"
          label="移交原因"
          rules={[{ required: true, min: 2, message: '请填写移交原因（至少2个字）' }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Popconfirm
          title="确认移交？移交后由对方负责该申请。"
          okText="确认移交"
          cancelText="取消"
          onConfirm={() => form.submit()}
        >
          <Button loading={handover.isPending}>移交</Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}

function DocumentsCard({ app }: { app: ApplicationView }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const supply = useMutation({
    mutationFn: (document: string) =>
      call<ApplicationView, 'intake', 'post', '/applications/{id}/missing-documents/supplied'>(
        'intake',
        'post',
        '/applications/{id}/missing-documents/supplied',
        { params: { id: app.id }, body: { document } },
      ),
    onSuccess: (next) => {
      queryClient.setQueryData(['intake', 'application', app.id], next);
      message.success('已登记补交');
    },
    onError: (err) =>
      message.error(intakeErrorMessages[err instanceof ApiError ? err.code : ''] ?? messageOf(err)),
  });
  if (app.missingDocuments.length === 0) {
    return (
      <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>容缺受理材料</h3>}>
        <Empty description="材料齐全，无需补交" />
      </Card>
    );
  }
  const rows = app.missingDocuments.map((stored) => {
    const supplied = app.suppliedDocuments.find((s) => s.name === stored);
    return { stored, ...parseDocument(stored), supplied };
  });
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>容缺受理材料（R-JH-6）</h3>}>
      <Table
        size="small"
        aria-label="容缺受理材料"
        rowKey="stored"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '材料', dataIndex: 'name' },
          { title: '承诺补交日期', dataIndex: 'promisedBy', render: (v?: string) => v ?? '—' },
          {
            title: '状态',
            render: (_, r) =>
              r.supplied ? (
                <Tag color="green">已补交 {formatDateTime(r.supplied.suppliedAt)}</Tag>
              ) : (
                <Popconfirm
                  title={`确认“${r.name}”已补交？`}
                  okText="确认"
                  cancelText="取消"
                  onConfirm={() => supply.mutate(r.stored)}
                >
                  <Button size="small" loading={supply.isPending && supply.variables === r.stored}>
                    已补交
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}

function PartsCard({ id }: { id: string }) {
  const kase = useCase(id);
  const body = kase.isLoading ? (
    <Spin />
  ) : kase.error ? (
    <Alert type="error" showIcon title={messageOf(kase.error)} />
  ) : !kase.data || kase.data.parts.length === 0 ? (
    <Empty description="尚未分办到部门（民政受理后自动分办，稍后刷新查看）" />
  ) : (
    <Table
      size="small"
      aria-label="各部门办理情况"
      rowKey="partId"
      pagination={false}
      dataSource={kase.data.parts}
      columns={[
        { title: '部门', dataIndex: 'departmentName' },
        {
          title: '事项',
          dataIndex: 'items',
          render: (items: string[]) => items.map((i) => itemLabels[i] ?? i).join('、'),
        },
        { title: '状态', dataIndex: 'status', render: (s: string) => partStatusLabels[s] ?? s },
        { title: '分办时间', dataIndex: 'dispatchedAt', render: (v?: string) => formatDateTime(v) },
        {
          title: '办理期限',
          render: (_, p) => (
            <Deadline
              dueAt={p.handlingDueAt}
              label="办理期限"
              doneAt={p.result?.reportedAt}
              why={p.deadlineNotice}
            />
          ),
        },
        {
          title: '反馈期限（1个工作日）',
          render: (_, p) => (
            <Deadline
              dueAt={p.reportDueAt}
              label="反馈期限"
              doneAt={p.result?.reportedAt}
              why={p.deadlineNotice}
            />
          ),
        },
      ]}
    />
  );
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>协同办理（分办到部门）</h3>}>
      {body}
    </Card>
  );
}

export function ApplicationPage() {
  const id = useParams()['id'] ?? '';
  const app = useApplication(id);
  if (app.isLoading) return <Spin tip="加载中…" />;
  if (app.error || !app.data)
    return (
      <Alert
        type="error"
        showIcon
        title={messageOf(app.error)}
        action={<Link to="/intake">返回列表</Link>}
      />
    );
  const a = app.data;
  return (
    <section aria-labelledby="intake-app-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} id="intake-app-title" style={{ fontSize: 18, margin: 0 }}>
          申请 {a.applicationNo}{' '}
          <Tag color={statusColors[a.status]}>{a.progress.label ?? statusLabels[a.status]}</Tag>
        </Typography.Title>
        <Space>
          <Link to={`/intake/applications/${a.id}/receipt`}>打印受理回执</Link>
          <Link to="/intake">返回列表</Link>
        </Space>
      </Space>
      <Descriptions size="small" bordered column={3} style={{ margin: '12px 0' }}>
        <Descriptions.Item label="申请人">{a.applicant.name}</Descriptions.Item>
        <Descriptions.Item label="身份证号码">{a.applicant.idNumber}</Descriptions.Item>
        <Descriptions.Item label="联系电话">{a.applicant.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="市民卡号">{a.applicant.citizenCardNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="所属地区">
          <RegionName code={a.applicant.regionCode} />
        </Descriptions.Item>
        <Descriptions.Item label="申请渠道">{channelLabel(a.channel)}</Descriptions.Item>
        <Descriptions.Item label="救助事项" span={2}>
          {a.items.map((i) => itemLabels[i] ?? i).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label="受理时间">{formatDateTime(a.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label="家庭成员" span={3}>
          {a.householdMembers.length
            ? a.householdMembers
                .map((m) => `${m.name}（${relationLabel(m.relation)}，${m.idNumber}）`)
                .join('；')
            : '无'}
        </Descriptions.Item>
        <Descriptions.Item label="困难情况" span={3}>
          {a.hardshipDescription || '—'}
        </Descriptions.Item>
      </Descriptions>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <PartsCard id={a.id} />
        <DocumentsCard app={a} />
        <HandoverCard app={a} />
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>办理进度</h3>}>
          <Table
            size="small"
            aria-label="办理进度"
            rowKey="eventId"
            pagination={false}
            dataSource={a.progress.history ?? []}
            columns={[
              {
                title: '时间',
                dataIndex: 'at',
                render: (v: string) => formatDateTime(v),
                width: 160,
              },
              { title: '事项', dataIndex: 'text' },
            ]}
          />
        </Card>
      </Space>
    </section>
  );
}
