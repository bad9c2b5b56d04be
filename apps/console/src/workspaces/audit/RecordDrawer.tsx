import { Alert, Descriptions, Drawer, Tag, Typography } from 'antd';
import { roleLabels } from '../../auth/roles';
import { shanghai } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { StaffName } from '../../shared/StaffName';
import type { AuditRecordView } from './api';
import { actionLabel, objectKindLabel, serviceLabel, type AuditService } from './labels';

export const auditTime = (iso: string) => shanghai(iso).format('YYYY-MM-DD HH:mm:ss');

const detailLabels: Record<string, string> = {
  status: '应答状态',
  route: '查看所经接口',
  group: '处理组',
  key: '事件键',
};

/** One record in full: who (with roles and region), what, on which object, and the trace id. */
export function RecordDrawer({
  svc,
  record,
  onClose,
}: {
  svc: AuditService;
  record: AuditRecordView | undefined;
  onClose: () => void;
}) {
  return (
    <Drawer
      open={!!record}
      onClose={onClose}
      size={560}
      title={record ? `审计记录 · ${serviceLabel(svc)} 第 ${record.seq} 条` : '审计记录'}
      closable={{ 'aria-label': '关闭审计记录' }}
    >
      {record && (
        <>
          {record.action === 'personal-data.read' && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="该次操作显示了未脱敏的个人信息（查询留痕），记录中只保存当事人的盲索引，不保存身份证号。"
            />
          )}
          {/* Portalled outside the app's themed container: the labels' AA colour is set here. */}
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { color: 'rgba(0, 0, 0, 0.75)' } }}
          >
            <Descriptions.Item label="时间">{auditTime(record.at)}</Descriptions.Item>
            <Descriptions.Item label="用户">
              <StaffName id={record.actor.userId} />{' '}
              <Typography.Text type="secondary" copyable>
                {record.actor.userId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="角色">
              {record.actor.roles.length === 0
                ? '—'
                : record.actor.roles.map((r) => <Tag key={r}>{roleLabels[r] ?? r}</Tag>)}
            </Descriptions.Item>
            <Descriptions.Item label="区划">
              {record.actor.regionCode ? <RegionName code={record.actor.regionCode} /> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="操作">
              {actionLabel(record.action)}
              <br />
              <Typography.Text type="secondary" code>
                {record.action}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="对象">
              {objectKindLabel(record.object.kind)}{' '}
              <Typography.Text copyable>{record.object.id}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="来源地址">{record.source ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="追踪号">
              {record.traceId ? <Typography.Text copyable>{record.traceId}</Typography.Text> : '—'}
            </Descriptions.Item>
            {Object.entries(record.detail).map(([k, v]) => (
              <Descriptions.Item key={k} label={detailLabels[k] ?? k}>
                {k === 'route' ? `${actionLabel(v)}（${v}）` : v}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      )}
    </Drawer>
  );
}
