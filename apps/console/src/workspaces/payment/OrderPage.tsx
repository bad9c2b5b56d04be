import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { Deadline } from '../../shared/Deadline';
import { formatDateTime, formatYuan } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { StaffName } from '../../shared/StaffName';
import { refusalOf, useOrder, type Audit } from './api';
import { auditActionLabels, itemLabels, orderStatusColors, orderStatusLabels } from './labels';
import { OrderActions } from './OrderActions';

const staffOrSystem = (actor: string) =>
  actor.startsWith('system:') ? <span>系统（{actor.slice(7)}）</span> : <StaffName id={actor} />;

/** One order: its payee, money, state, the staff actions and who did what (R-PAY-6). */
export function OrderPage() {
  const id = useParams()['id'] ?? '';
  const { data: o, error, isLoading } = useOrder(id);
  if (isLoading) return <div role="status">正在加载…</div>;
  if (error || !o) return <Alert type="error" showIcon message={refusalOf(error)} />;
  const done = ['confirmed', 'paid_by_street'].includes(o.status);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/payment/orders">← 返回支付指令</Link>
      <Typography.Title level={2}>
        支付指令 {o.id}{' '}
        <Tag color={orderStatusColors[o.status]}>{o.statusText || orderStatusLabels[o.status]}</Tag>
      </Typography.Title>
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label="收款人">{o.recipient.name}</Descriptions.Item>
        <Descriptions.Item label="身份证号">{o.recipient.idNumber}</Descriptions.Item>
        <Descriptions.Item label="市民卡号">{o.recipient.citizenCardNo || '—'}</Descriptions.Item>
        <Descriptions.Item label="街道">
          <RegionName code={o.streetCode} />
        </Descriptions.Item>
        <Descriptions.Item label="事项">{itemLabels[o.item] ?? o.item}</Descriptions.Item>
        <Descriptions.Item label="金额">{formatYuan(o.amountFen)}</Descriptions.Item>
        <Descriptions.Item label="发放时限">
          <Deadline
            dueAt={o.dueAt}
            label="应付"
            why={
              o.schedule === 'monthly'
                ? 'R-PAY-2：低保特困每月 10 日前发放'
                : 'R-PAY-2：临时救助审批后 3 个工作日内发放'
            }
            doneAt={done ? o.audit.at(-1)?.at : undefined}
          />
        </Descriptions.Item>
        <Descriptions.Item label="推送次数 / 平台流水号">
          {o.attempts} / {o.platformRef ?? '—'}
        </Descriptions.Item>
      </Descriptions>
      {o.failure && <Alert type="error" showIcon message={`平台拒绝：${o.failure.message}`} />}
      {o.overdueAlarmedAt && (
        <Alert
          type="warning"
          showIcon
          message={`已于 ${formatDateTime(o.overdueAlarmedAt)} 发出超期告警（R-PAY-2）`}
        />
      )}
      {o.escalation && (
        <Alert
          type="info"
          showIcon
          message={
            <>
              已上报区县：{o.escalation.reason}（{staffOrSystem(o.escalation.by)}）
            </>
          }
        />
      )}
      <Card size="small" title="办理">
        <OrderActions order={o} />
      </Card>
      <Table<Audit>
        size="small"
        aria-label="办理记录"
        title={() => (
          <Typography.Title level={3} style={{ margin: 0 }}>
            办理记录（审计）
          </Typography.Title>
        )}
        rowKey={(a) => `${a.at}-${a.action}`}
        pagination={false}
        dataSource={o.audit}
        columns={[
          { title: '时间', dataIndex: 'at', render: (t: string) => formatDateTime(t) },
          { title: '操作', dataIndex: 'action', render: (a: string) => auditActionLabels[a] ?? a },
          { title: '操作人', dataIndex: 'actor', render: staffOrSystem },
          {
            title: '状态变化',
            render: (_, a) =>
              `${a.from ? (orderStatusLabels[a.from] ?? a.from) : '—'} → ${orderStatusLabels[a.to ?? ''] ?? a.to}`,
          },
          { title: '原因', dataIndex: 'reason' },
        ]}
      />
    </Space>
  );
}
