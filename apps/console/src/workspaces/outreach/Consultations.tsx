import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Spin, Table, Tag, Typography } from 'antd';
import { rolesFor } from '@jh/domain-access';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { hasRole, useUser } from '../../auth/AuthContext';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { StaffName } from '../../shared/StaffName';
import {
  DEPARTMENT_LABEL,
  completeFollowUp,
  getConsultation,
  listConsultations,
  type ConsultationRow,
  type FollowUp,
  type TaskView,
} from './api';
import { ConsultationForm } from './ConsultationForm';

const PAGE_SIZE = 20;
const departments = (codes: string[]) => codes.map((c) => DEPARTMENT_LABEL[c] ?? c).join('、');
const readers = rolesFor('consultation', 'read');

const followUpTag = (f: FollowUp) =>
  f.status === 'done' ? (
    <Tag color={f.doneLate ? 'orange' : 'green'}>{f.doneLate ? '已完成（超期）' : '已完成'}</Tag>
  ) : f.status === 'overdue' ? (
    <Tag color="red">已超期</Tag>
  ) : (
    <Tag color="blue">进行中</Tag>
  );

function Rows(props: {
  rows: ConsultationRow[];
  loading: boolean;
  pagination: false | { current: number; total: number; onChange: (p: number) => void };
}) {
  return (
    <Table<ConsultationRow>
      size="small"
      aria-label="研判会商记录"
      rowKey="id"
      loading={props.loading}
      dataSource={props.rows}
      pagination={
        props.pagination && {
          ...props.pagination,
          pageSize: PAGE_SIZE,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 次会商`,
        }
      }
      locale={{ emptyText: emptyText('还没有研判会商记录') }}
      columns={[
        {
          title: '会商日期',
          key: 'heldOn',
          render: (_, r) => <Link to={`/outreach/consultations/${r.id}`}>{r.heldOn}</Link>,
        },
        { title: '街道', key: 'street', render: (_, r) => <RegionName code={r.streetCode} /> },
        { title: '参会部门', key: 'deps', render: (_, r) => departments(r.departmentsPresent) },
        { title: '决定事项', key: 'decisions', render: (_, r) => `${r.decisions} 项` },
        {
          title: '跟进事项',
          key: 'followUps',
          render: (_, r) => (
            <>
              已完成 {r.followUps.done} / {r.followUps.total}
              {r.followUps.overdue > 0 && (
                <Tag color="red" style={{ marginLeft: 8 }}>
                  超期 {r.followUps.overdue}
                </Tag>
              )}
            </>
          ),
        },
        { title: '记录人', key: 'by', render: (_, r) => <StaffName id={r.coordinatorId} /> },
      ]}
    />
  );
}

/** 研判会商 (R-PD-4): every meeting the caller's scope covers, newest first. */
export function ConsultationList() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useQuery({
    queryKey: ['outreach', 'consultations', page],
    queryFn: () => listConsultations(undefined, page, PAGE_SIZE),
  });
  return (
    <section aria-labelledby="consultations">
      <Typography.Title level={2} id="consultations" style={{ fontSize: 18 }}>
        研判会商记录
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        多个部门共同涉及的家庭，由协调员组织研判会商；会上确定的跟进事项按期限跟踪。
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={messageOf(list.error)} />}
      <Rows
        rows={list.data?.items ?? []}
        loading={list.isLoading}
        pagination={{
          current: page,
          total: list.data?.total ?? 0,
          onChange: (p) => setParams(p === 1 ? {} : { page: String(p) }),
        }}
      />
    </section>
  );
}

/** The task's meetings, and the coordinator's form to record one. */
export function ConsultationsOfTask({ task }: { task: TaskView }) {
  const user = useUser();
  const [recording, setRecording] = useState(false);
  const mayRead = hasRole(user, ...readers);
  const list = useQuery({
    queryKey: ['outreach', 'consultations', 'task', task.id],
    queryFn: () => listConsultations(task.id, 1, PAGE_SIZE),
    enabled: mayRead,
  });
  if (!mayRead) return null;
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        研判会商
      </Typography.Title>
      <Rows rows={list.data?.items ?? []} loading={list.isLoading} pagination={false} />
      {hasRole(user, 'coordinator') &&
        (recording ? (
          <ConsultationForm task={task} onDone={() => setRecording(false)} />
        ) : (
          <Button style={{ marginTop: 8 }} onClick={() => setRecording(true)}>
            记录研判会商
          </Button>
        ))}
    </>
  );
}

/** One meeting: who met, what they found and decided, and each follow-up's state. */
export function ConsultationPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const queryClient = useQueryClient();
  const record = useQuery({
    queryKey: ['outreach', 'consultation', id],
    queryFn: () => getConsultation(id),
  });
  const done = useMutation({
    mutationFn: (n: number) => completeFollowUp(id, n),
    onSuccess: (c) => {
      queryClient.setQueryData(['outreach', 'consultation', id], c);
      void queryClient.invalidateQueries({ queryKey: ['outreach', 'consultations'] });
    },
  });
  if (record.isLoading) return <Spin />;
  if (record.error || !record.data)
    return (
      <Alert type="error" showIcon title={messageOf(record.error) || '未找到该研判会商记录'} />
    );
  const c = record.data;
  return (
    <section aria-labelledby="consultation">
      <Typography.Title level={2} id="consultation" style={{ fontSize: 18 }}>
        研判会商（{c.heldOn}）
      </Typography.Title>
      <Descriptions size="small" bordered column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="参会部门">{departments(c.departmentsPresent)}</Descriptions.Item>
        <Descriptions.Item label="研判情况">{c.findings}</Descriptions.Item>
        <Descriptions.Item label="决定事项">
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {c.decisions.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ol>
        </Descriptions.Item>
        <Descriptions.Item label="外展任务">
          {c.taskId ? <Link to={`/outreach/tasks/${c.taskId}`}>查看外展任务</Link> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="记录">
          <StaffName id={c.coordinatorId} /> 于 {formatDateTime(c.recordedAt)}
        </Descriptions.Item>
      </Descriptions>
      {done.error && <Alert type="error" showIcon role="alert" title={messageOf(done.error)} />}
      <Table<FollowUp>
        size="small"
        aria-label="跟进事项"
        rowKey="n"
        pagination={false}
        dataSource={c.followUps}
        locale={{ emptyText: emptyText('本次会商没有跟进事项') }}
        columns={[
          { title: '序号', key: 'n', render: (_, f) => f.n },
          { title: '跟进事项', key: 'desc', render: (_, f) => f.description },
          {
            title: '责任部门',
            key: 'dep',
            render: (_, f) => DEPARTMENT_LABEL[f.department] ?? f.department,
          },
          { title: '责任人', key: 'owner', render: (_, f) => f.owner },
          { title: '期限', key: 'due', render: (_, f) => formatDateTime(f.dueAt) },
          { title: '状态', key: 'status', render: (_, f) => followUpTag(f) },
          {
            title: '操作',
            key: 'act',
            render: (_, f) =>
              f.status !== 'done' && hasRole(user, 'coordinator') ? (
                <Button size="small" loading={done.isPending} onClick={() => done.mutate(f.n)}>
                  标记完成
                </Button>
              ) : f.doneAt ? (
                <>
                  <StaffName id={f.doneBy} /> {formatDateTime(f.doneAt)}
                </>
              ) : null,
          },
        ]}
      />
    </section>
  );
}
