import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { rolesFor } from '@jh/domain-access';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { hasRole, useUser } from '../../auth/AuthContext';
import { roleLabels } from '../../auth/roles';
import { Deadline } from '../../shared/Deadline';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { StaffName } from '../../shared/StaffName';
import {
  CLOSE_REASON_ZH,
  GRADE_COLOR,
  OUTCOME_ZH,
  getTask,
  type CloseReason,
  type SignalView,
  type TaskView,
} from './api';
import { ConsultationsOfTask } from './Consultations';
import { TaskActions } from './TaskActions';

/** Roles that act on a task; they may ask for the subject in full. */
const actors = rolesFor('outreach', 'write');

function Ending({ task }: { task: TaskView }) {
  const ending = task.ending;
  if (!ending) return null;
  const late = task.clock.status === 'overdue';
  const o = ending.outcome;
  const detail =
    o.kind === 'application'
      ? null
      : o.kind === 'first_aid'
        ? `先行救助记录 ${o.decisionId}。`
        : o.kind === 'referral'
          ? `转介至 ${o.to}：${o.what}。`
          : `${CLOSE_REASON_ZH[o.reasonCode as CloseReason] ?? o.reasonCode}${o.note ? `：${o.note}` : ''}。`;
  return (
    <>
      <Alert
        type={late ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 8 }}
        title={`${OUTCOME_ZH[o.kind]}${late ? '（超过响应时限）' : ''}`}
        description={
          <>
            {detail}
            <StaffName id={ending.by} /> 于 {formatDateTime(ending.at)} 办结。
          </>
        }
      />
      {/* Outside the alert: a link on its tinted background lacks contrast (axe). */}
      {o.kind === 'application' && (
        <p>
          <Link to={`/intake/applications/${o.applicationId}`}>查看代为提出的救助申请</Link>
        </p>
      )}
    </>
  );
}

function Signals({ signals }: { signals: SignalView[] }) {
  return (
    <Table<SignalView>
      size="small"
      aria-label="发现线索"
      rowKey="signalId"
      pagination={false}
      dataSource={signals}
      columns={[
        { title: '来源', key: 'source', render: (_, s) => s.sourceZh },
        { title: '困难迹象', key: 'kind', render: (_, s) => s.kindZh },
        { title: '程度', key: 'band', render: (_, s) => s.bandZh },
        {
          title: '家庭情况',
          key: 'flags',
          render: (_, s) => s.flags.map((f) => f.nameZh).join('、') || '—',
        },
        {
          title: '可能需要的救助',
          key: 'needs',
          render: (_, s) => s.needs.map((n) => n.nameZh).join('、'),
        },
        {
          title: '报告人',
          key: 'reporter',
          render: (_, s) =>
            s.reporterRole ? (
              <>
                {roleLabels[s.reporterRole] ?? s.reporterRole}
                {s.observation && <div>所见：{s.observation}</div>}
                {s.contact && <div>联系方式：{s.contact}</div>}
              </>
            ) : (
              '部门系统'
            ),
        },
        { title: '发现时间', key: 'observed', render: (_, s) => formatDateTime(s.observedAt) },
      ]}
    />
  );
}

/** One task: who, why (the signals), how urgent, and what the street does next (R-PD-1…3). */
export function TaskPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const queryClient = useQueryClient();
  const [unmask, setUnmask] = useState(false);
  const task = useQuery({
    queryKey: ['outreach', 'task', id, unmask],
    queryFn: () => getTask(id, unmask),
  });
  if (task.isLoading) return <Spin />;
  if (task.error || !task.data)
    return <Alert type="error" showIcon title={messageOf(task.error) || '未找到该外展任务'} />;
  const t = task.data;
  const canAct = hasRole(user, ...actors);
  const refresh = (next: TaskView) => {
    queryClient.setQueryData(['outreach', 'task', id, unmask], next);
    void queryClient.invalidateQueries({ queryKey: ['outreach'] });
  };
  return (
    <section aria-labelledby="outreach-task">
      <Space align="baseline" wrap>
        <Typography.Title level={2} id="outreach-task" style={{ fontSize: 18 }}>
          外展任务：{t.subject?.name || t.subjectName || '（未留姓名）'}
        </Typography.Title>
        <Tag color={GRADE_COLOR[t.grade]}>{t.gradeZh}</Tag>
        <Tag>{t.status === 'open' ? '待响应' : '已结束'}</Tag>
      </Space>
      <Ending task={t} />
      <Descriptions size="small" bordered column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="响应时限">
          {t.status === 'open' ? <Deadline dueAt={t.clock.dueAt} label="响应" /> : '已结束'}
        </Descriptions.Item>
        <Descriptions.Item label="所属街道">
          <RegionName code={t.streetCode} />
        </Descriptions.Item>
        <Descriptions.Item label="身份证号">{t.subject?.idNumber || '—'}</Descriptions.Item>
        <Descriptions.Item label="联系电话">{t.subject?.phone || '—'}</Descriptions.Item>
        <Descriptions.Item label="住址" span={2}>
          {t.subject?.address || '—'}
          {t.subject?.masked && canAct && (
            <Button size="small" type="link" onClick={() => setUnmask(true)}>
              查看完整信息（将记录查询留痕）
            </Button>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="可能需要的救助" span={2}>
          {t.needs.map((n) => n.nameZh).join('、')}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        发现线索（{t.signals.length} 条）
      </Typography.Title>
      <Signals signals={t.signals} />
      {t.status === 'open' && canAct && <TaskActions task={t} onDone={refresh} />}
      <ConsultationsOfTask task={t} />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        办理记录
      </Typography.Title>
      <Timeline
        items={t.audit.map((a) => ({
          children: (
            <>
              {formatDateTime(a.at)} <StaffName id={a.byUserId} />：{a.reason}
            </>
          ),
        }))}
      />
    </section>
  );
}
