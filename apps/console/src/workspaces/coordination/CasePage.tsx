import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { hasRole, useUser } from '../../auth/AuthContext';
import { Deadline } from '../../shared/Deadline';
import { formatDateTime, formatYuan } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { StaffName } from '../../shared/StaffName';
import { ReferralModal, SuperviseModal, TransferModal } from './Actions';
import { useCase } from './api';
import { DueWhy } from './DueWhy';
import { caseStatusLabels, errText, partStatusLabels } from './labels';
import { CaseTimeline } from './Timeline';
import type { PartView } from './types';
import { emptyText } from '../../shared/emptyText';

const outcomeLabels: Record<string, string> = {
  granted: '予以救助',
  rejected: '不予救助',
  not_applicable: '不适用',
  referred: '已转办或转介',
};
const isOpen = (p: PartView) => p.status === 'dispatched' || p.status === 'accepted';

/** One case: parts with both deadlines and why, 转办 / 转介 / 督办, and the timeline. */
export function CasePage() {
  const id = useParams()['id'] ?? '';
  const user = useUser();
  const canAct = hasRole(user, 'coordinator');
  const { data: c, error, isLoading } = useCase(id);
  const [transfer, setTransfer] = useState<PartView>();
  const [supervise, setSupervise] = useState<{ part: PartView; action: 'remind' | 'escalate' }>();
  const [referral, setReferral] = useState(false);
  if (isLoading)
    return (
      <div role="status">
        <Spin /> 正在加载案件…
      </div>
    );
  if (error || !c)
    return (
      <Alert
        type="error"
        showIcon
        title={errText(error)}
        action={<Link to="/coordination">返回看板</Link>}
      />
    );
  const columns: ColumnsType<PartView> = [
    { title: '部门', dataIndex: 'departmentName', width: 90 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: PartView['status']) => (
        <Tag color={partStatusLabels[s].color}>{partStatusLabels[s].text}</Tag>
      ),
    },
    { title: '派单时间', dataIndex: 'dispatchedAt', width: 130, render: formatDateTime },
    {
      title: '反馈期限（1个工作日）',
      key: 'report',
      width: 170,
      render: (_, p) => (
        <Deadline
          dueAt={p.reportDueAt}
          label="反馈期限"
          doneAt={p.result?.reportedAt}
          why={<DueWhy caseId={c.id} partId={p.partId} clock="report" />}
        />
      ),
    },
    {
      title: '办理期限',
      key: 'handling',
      width: 170,
      render: (_, p) => (
        <Deadline
          dueAt={p.handlingDueAt}
          label={`办理期限（${p.handlingWorkingDays}个工作日）`}
          doneAt={p.result?.reportedAt}
          why={<DueWhy caseId={c.id} partId={p.partId} clock="handling" />}
        />
      ),
    },
    {
      title: '办理结果',
      key: 'result',
      render: (_, p) =>
        p.result
          ? `${outcomeLabels[p.result.outcome] ?? p.result.outcome}${p.result.amountFen ? `，${formatYuan(p.result.amountFen)}` : ''}`
          : p.cancellation
            ? `已撤回（${p.cancellation.reason === 'transferred' ? '转办' : '撤回'}）`
            : p.transferRequest
              ? `部门申请转办：${p.transferRequest.reason}`
              : '—',
    },
    {
      title: '督办',
      key: 'supervisions',
      width: 90,
      render: (_, p) => (p.supervisions?.length ? `${p.supervisions.length} 次` : '—'),
    },
    ...(canAct
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 200,
            render: (_: unknown, p: PartView) =>
              isOpen(p) ? (
                <Space size={4}>
                  <Button size="small" onClick={() => setSupervise({ part: p, action: 'remind' })}>
                    催办
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setSupervise({ part: p, action: 'escalate' })}
                  >
                    督办
                  </Button>
                  <Button size="small" onClick={() => setTransfer(p)}>
                    转办
                  </Button>
                </Space>
              ) : (
                '—'
              ),
          },
        ]
      : []),
  ];
  return (
    <section aria-labelledby="case-title">
      <Typography.Title level={2} id="case-title" style={{ fontSize: 18 }}>
        案件 {c.applicationNumber}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <Link to="/coordination">← 返回看板</Link>
        {canAct && (
          <Button size="small" onClick={() => setReferral(true)}>
            转介
          </Button>
        )}
      </Space>
      <Descriptions
        size="small"
        bordered
        column={3}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'name', label: '申请人', children: c.applicantName },
          { key: 'region', label: '区域', children: <RegionName code={c.regionCode} /> },
          { key: 'status', label: '状态', children: caseStatusLabels[c.status] ?? c.status },
          { key: 'opened', label: '受理时间', children: formatDateTime(c.openedAt) },
          { key: 'owner', label: '首问负责人', children: <StaffName id={c.owner.userId} /> },
          {
            key: 'ref',
            label: '转介',
            children:
              c.referrals.length === 0
                ? '无'
                : c.referrals.map((r) => `${r.organisation}（${formatDateTime(r.at)}）`).join('；'),
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        部门事项
      </Typography.Title>
      <Table<PartView>
        size="small"
        rowKey="partId"
        aria-label="部门事项及期限"
        pagination={false}
        columns={columns}
        dataSource={c.parts}
        style={{ marginBottom: 16 }}
        locale={{ emptyText: emptyText('该案件只有民政自办事项，无需部门协同') }}
      />
      <Card
        size="small"
        title={
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            办理时间线
          </Typography.Title>
        }
      >
        <CaseTimeline caseId={c.id} />
      </Card>
      {transfer && (
        <TransferModal open caseId={c.id} part={transfer} onClose={() => setTransfer(undefined)} />
      )}
      {supervise && (
        <SuperviseModal
          open
          action={supervise.action}
          target={{
            caseId: c.id,
            partId: supervise.part.partId,
            departmentName: supervise.part.departmentName,
            applicationNumber: c.applicationNumber,
          }}
          onClose={() => setSupervise(undefined)}
        />
      )}
      <ReferralModal open={referral} caseId={c.id} onClose={() => setReferral(false)} />
    </section>
  );
}
