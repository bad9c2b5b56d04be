import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { Deadline } from '../../shared/Deadline';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { GRADE_COLOR, GRADE_ZH, listTasks, type Grade, type TaskFilter, type TaskRow } from './api';

const PAGE_SIZE = 20;

/** The street's outreach tasks by grade and response clock (R-PD-2): the most urgent first to hand. */
export function TaskList() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'open') as 'open' | 'ended' | 'all';
  const grade = (params.get('grade') ?? '') as Grade | '';
  const overdue = params.get('overdue') === 'true';
  const page = Number(params.get('page') ?? '1') || 1;
  const filter: TaskFilter = {
    ...(status === 'all' ? {} : { status }),
    ...(grade ? { grade } : {}),
    ...(overdue ? { overdue: 'true' } : {}),
  };
  const list = useQuery({
    queryKey: ['outreach', 'tasks', filter, page],
    queryFn: () => listTasks(filter, page, PAGE_SIZE),
    refetchInterval: 30_000,
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  return (
    <section aria-labelledby="outreach-tasks">
      <Typography.Title level={2} id="outreach-tasks" style={{ fontSize: 18 }}>
        外展任务
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        部门发现的困难迹象和村社区干部、志愿者、热线的报告，按家庭合并为一个任务。紧急任务按小时计时，其余按工作日计时。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          aria-label="任务状态"
          value={status}
          style={{ width: 120 }}
          onChange={(v) => set('status', v === 'open' ? '' : v)}
          options={[
            { value: 'open', label: '待响应' },
            { value: 'ended', label: '已结束' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Select
          aria-label="响应等级"
          value={grade}
          style={{ width: 120 }}
          onChange={(v) => set('grade', v)}
          options={[
            { value: '', label: '全部等级' },
            ...(Object.keys(GRADE_ZH) as Grade[]).map((g) => ({ value: g, label: GRADE_ZH[g] })),
          ]}
        />
        <Select
          aria-label="是否超时"
          value={overdue ? 'true' : ''}
          style={{ width: 140 }}
          onChange={(v) => set('overdue', v)}
          options={[
            { value: '', label: '不限响应时限' },
            { value: 'true', label: '仅超时响应' },
          ]}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={messageOf(list.error)} />}
      <Table<TaskRow>
        size="small"
        aria-label="外展任务清单"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 个任务`,
          onChange: (p) => set('page', p === 1 ? '' : String(p)),
        }}
        locale={{ emptyText: emptyText('没有符合条件的外展任务') }}
        columns={[
          {
            title: '困难家庭',
            key: 'name',
            render: (_, r) => (
              <Link to={`/outreach/tasks/${r.id}`}>{r.subjectName || '（未留姓名）'}</Link>
            ),
          },
          {
            title: '响应等级',
            key: 'grade',
            render: (_, r) => <Tag color={GRADE_COLOR[r.grade]}>{r.gradeZh}</Tag>,
          },
          {
            title: '响应时限',
            key: 'clock',
            render: (_, r) =>
              r.status === 'ended' ? (
                r.clock.status === 'overdue' ? (
                  '已结束（超时）'
                ) : (
                  '已结束'
                )
              ) : (
                <Deadline dueAt={r.clock.dueAt} label="响应" />
              ),
          },
          { title: '线索', key: 'signals', render: (_, r) => `${r.signalCount} 条` },
          {
            title: '可能需要的救助',
            key: 'needs',
            render: (_, r) => r.needs.map((n) => n.nameZh).join('、'),
          },
          { title: '街道', key: 'street', render: (_, r) => <RegionName code={r.streetCode} /> },
          { title: '发现时间', key: 'opened', render: (_, r) => formatDateTime(r.openedAt) },
        ]}
      />
    </section>
  );
}
