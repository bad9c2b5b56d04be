import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Result,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, messageOf } from '../../api/errors';
import { departmentLabels, type DepartmentService } from '../../auth/roles';
import { formatDateTime, formatYuan } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { acceptPart, partKeys, usePart, type DepartmentDef, type PartView } from './api';
import { itemsText, outcomeLabels, statusStyles, statusLabels } from './labels';
import { PartDeadline } from './PartDeadline';
import { PartHistory } from './PartHistory';
import { ReportForm } from './ReportForm';
import { TransferForm } from './TransferForm';

function ReportResult({ part, def }: { part: PartView; def?: DepartmentDef }) {
  const r = part.report;
  if (!r) return null;
  return (
    <Descriptions size="small" column={2} bordered title="办理结果">
      <Descriptions.Item label="结果">{outcomeLabels[r.outcome]}</Descriptions.Item>
      <Descriptions.Item label="反馈时间">{formatDateTime(r.reportedAt)}</Descriptions.Item>
      <Descriptions.Item label="救助金额">
        {r.amountFen > 0 ? formatYuan(r.amountFen) : '不发放现金'}
      </Descriptions.Item>
      {def?.target && r.figures && (
        <Descriptions.Item label={def.target.labelZh}>
          {Object.entries(def.target.figures)
            .map(([k, label]) => `${label} ${r.figures?.[k] ?? '—'}`)
            .join('；')}
          {r.targetMet !== undefined && (
            <Tag color={r.targetMet ? 'blue' : 'red'} style={{ marginInlineStart: 8 }}>
              {r.targetMet ? '已达成' : '未达成'}
            </Tag>
          )}
        </Descriptions.Item>
      )}
      <Descriptions.Item label="说明" span={2}>
        {r.note || '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** One part: what it is, its two clocks, accept / report / transfer, and its history. */
export function PartPage({ svc, def }: { svc: DepartmentService; def?: DepartmentDef }) {
  const id = useParams()['id'] ?? '';
  const { data: part, error, isLoading } = usePart(svc, id);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [accepting, setAccepting] = useState(false);

  const updated = (p: PartView) => {
    queryClient.setQueryData(partKeys.one(svc, p.id), p);
    void queryClient.invalidateQueries({ queryKey: [...partKeys.all(svc), 'parts'] });
  };

  const accept = async () => {
    setAccepting(true);
    try {
      updated(await acceptPart(svc, id));
      message.success('已签收，请在回告期限内反馈办理结果');
    } catch (e) {
      message.error(`签收失败：${messageOf(e)}`);
      void queryClient.invalidateQueries({ queryKey: partKeys.one(svc, id) });
    } finally {
      setAccepting(false);
    }
  };

  const crumbs = (
    <Breadcrumb
      items={[{ title: <Link to="/department">办理事项</Link> }, { title: '事项详情' }]}
    />
  );
  if (isLoading) return <Skeleton active />;
  if (error || !part) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        {crumbs}
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? '未找到该事项' : '加载失败'}
          subTitle={missing ? '请核对事项编号；只能查看本部门、本辖区的事项。' : messageOf(error)}
        />
      </>
    );
  }

  return (
    <section aria-labelledby="part-title">
      {crumbs}
      <Typography.Title level={2} id="part-title" style={{ fontSize: 18, marginTop: 8 }}>
        事项 {part.id.slice(0, 8)}
        {part.applicationNumber ? `（申请 ${part.applicationNumber}）` : ''}{' '}
        <Tag style={statusStyles[part.status]}>{statusLabels[part.status]}</Tag>
      </Typography.Title>
      {part.deadlineNotice?.message && (
        <Alert
          type="warning"
          showIcon
          title={part.deadlineNotice.message}
          style={{ marginBottom: 8 }}
        />
      )}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="事项编号">{part.id}</Descriptions.Item>
          <Descriptions.Item label="申请编号">{part.applicationNumber || '—'}</Descriptions.Item>
          <Descriptions.Item label="救助事项">{itemsText(part.items)}</Descriptions.Item>
          <Descriptions.Item label="所属区划">
            <RegionName code={part.regionCode} />
          </Descriptions.Item>
          <Descriptions.Item label="派发时间">
            {formatDateTime(part.dispatchedAt)}
          </Descriptions.Item>
          <Descriptions.Item label="经办人（首问负责）">
            {part.owner
              ? `${part.owner.name}（${formatDateTime(part.acceptedAt)} 签收）`
              : '尚未签收'}
          </Descriptions.Item>
          <Descriptions.Item label="回告期限">
            <PartDeadline part={part} clock="report" def={def} />
          </Descriptions.Item>
          <Descriptions.Item label="办理期限">
            <PartDeadline part={part} clock="handling" def={def} />
          </Descriptions.Item>
          <Descriptions.Item label="申请ID（系统内部）">{part.applicationId}</Descriptions.Item>
        </Descriptions>

        {part.transferRequest && (
          <Alert
            type="info"
            showIcon
            title={`已于 ${formatDateTime(part.transferRequest.requestedAt)} 申请转办${
              part.transferRequest.suggestedDepartment
                ? `（建议：${departmentLabels[part.transferRequest.suggestedDepartment] ?? part.transferRequest.suggestedDepartment}）`
                : ''
            }，等待民政部门处理`}
            description={`原因：${part.transferRequest.reason}`}
          />
        )}
        {part.cancellation && (
          <Alert
            type="warning"
            showIcon
            title={`民政部门已于 ${formatDateTime(part.cancellation.cancelledAt)} 撤回本事项`}
            description={part.cancellation.note || undefined}
          />
        )}
        <ReportResult part={part} def={def} />

        {part.status === 'pending' && (
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>签收</h3>}>
            <Popconfirm
              title="确认签收本事项？"
              description="签收后由您负责办理，并须在回告期限内反馈结果。"
              okText="确认签收"
              cancelText="取消"
              onConfirm={() => void accept()}
            >
              <Button type="primary" loading={accepting}>
                签收
              </Button>
            </Popconfirm>
          </Card>
        )}
        {part.status === 'accepted' && def && (
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>反馈办理结果</h3>}>
            <ReportForm svc={svc} part={part} def={def} onReported={updated} />
          </Card>
        )}
        {(part.status === 'pending' || part.status === 'accepted') && (
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>申请转办</h3>}>
            <TransferForm svc={svc} part={part} onDone={updated} />
          </Card>
        )}
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>办理历史</h3>}>
          <PartHistory part={part} />
        </Card>
      </Space>
    </section>
  );
}
