import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { call } from '../../api/typed';
import { ApiError, messageOf } from '../../api/errors';
import { Deadline } from '../../shared/Deadline';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
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
import { HandoverCard } from './HandoverCard';
import { useApplication, useCase } from './queries';

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
