import { Alert, Button, Form, Select, Space, Table, Typography } from 'antd';
import { ApplicationNumberSearch, searchErrorOf } from '../../shared/ApplicationNumberSearch';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useUser } from '../../auth/AuthContext';
import { Deadline } from '../../shared/Deadline';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { useNow } from '../../shared/useNow';
import { useBoard, type BoardFilters } from './api';
import { caseStatusLabels, departmentOptions, errText } from './labels';
import { PartTags } from './PartTags';
import { RegionSelect } from './RegionSelect';
import { useUrlState } from './search';
import type { CaseStatus, CaseView } from './types';
import { emptyText } from '../../shared/emptyText';

const statusOptions = Object.entries(caseStatusLabels).map(([value, label]) => ({ value, label }));
const caseStatuses = Object.keys(caseStatusLabels) as CaseStatus[];
const deadlines = ['overdue', 'at_risk'] as const;
const deadlineOptions = [
  { value: 'overdue', label: '已超期' },
  { value: 'at_risk', label: '临近到期' },
];

/** The earliest due date among the case's open parts (either clock). */
function nextDue(c: CaseView): string | undefined {
  const open = c.parts.filter((p) => p.status === 'dispatched' || p.status === 'accepted');
  return open
    .flatMap((p) => [p.reportDueAt, p.handlingDueAt])
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** 协同调度看板: cases in progress with each department's part state (R-JH-2/3). */
export function Board() {
  const user = useUser();
  const url = useUrlState();
  const now = useNow();
  const filters: BoardFilters = {
    region: url.get('region'),
    department: url.get('department'),
    status: caseStatuses.find((s) => s === url.get('status')),
    deadline: deadlines.find((d) => d === url.get('deadline')),
    q: url.get('q'),
    page: url.num('page', 1),
    pageSize: url.num('pageSize', 20),
  };
  const { data, isFetching, error, refetch } = useBoard(filters);
  const columns: ColumnsType<CaseView> = [
    {
      title: '申请编号',
      dataIndex: 'applicationNumber',
      width: 150,
      render: (no: string, c) => <Link to={`cases/${encodeURIComponent(c.id)}`}>{no || c.id}</Link>,
    },
    { title: '申请人', dataIndex: 'applicantName', width: 90 },
    {
      title: '区域',
      dataIndex: 'regionCode',
      width: 170,
      render: (code: string) => <RegionName code={code} />,
    },
    {
      title: '受理时间',
      dataIndex: 'openedAt',
      width: 140,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (s: CaseView['status']) => caseStatusLabels[s] ?? s,
    },
    {
      title: '各部门办理情况',
      key: 'parts',
      render: (_, c) => <PartTags parts={c.parts} now={now} />,
    },
    {
      title: '最近期限',
      key: 'due',
      width: 150,
      render: (_, c) => {
        const due = nextDue(c);
        return due ? <Deadline dueAt={due} label="最近期限" /> : '—';
      },
    },
  ];
  return (
    <section aria-labelledby="board-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={2} id="board-title" style={{ fontSize: 18 }}>
          协同办理看板
        </Typography.Title>
        <Button size="small" onClick={() => void refetch()} loading={isFetching}>
          刷新
        </Button>
      </Space>
      <Form layout="inline" size="small" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="区域" htmlFor="board-region">
          <RegionSelect
            id="board-region"
            scope={user.regionCode}
            value={filters.region}
            onChange={(region) => url.set({ region })}
          />
        </Form.Item>
        <Form.Item label="部门" htmlFor="board-department">
          <Select
            id="board-department"
            allowClear
            placeholder="全部部门"
            style={{ width: 120 }}
            value={filters.department}
            options={departmentOptions(data?.items.flatMap((c) => c.parts))}
            onChange={(department?: string) => url.set({ department })}
          />
        </Form.Item>
        <Form.Item label="状态" htmlFor="board-status">
          <Select
            id="board-status"
            allowClear
            placeholder="全部状态"
            style={{ width: 130 }}
            value={filters.status}
            options={statusOptions}
            onChange={(status?: string) => url.set({ status })}
          />
        </Form.Item>
        <Form.Item label="期限" htmlFor="board-deadline">
          <Select
            id="board-deadline"
            allowClear
            placeholder="不限"
            style={{ width: 120 }}
            value={filters.deadline}
            options={deadlineOptions}
            onChange={(deadline?: string) => url.set({ deadline })}
          />
        </Form.Item>
        <Form.Item label="申请编号" htmlFor="board-q">
          <ApplicationNumberSearch
            id="board-q"
            value={filters.q}
            onChange={(q) => url.set({ q })}
            error={searchErrorOf(error)}
          />
        </Form.Item>
      </Form>
      {error && !searchErrorOf(error) && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={errText(error)} />
      )}
      <Table<CaseView>
        size="small"
        rowKey="id"
        aria-label="协同办理案件列表"
        loading={isFetching && !data}
        columns={columns}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: emptyText(
            filters.q
              ? `本辖区内没有申请编号为 ${filters.q} 的协同案件；请核对编号，或清除查找条件`
              : '没有符合条件的案件；可清除筛选条件，或等待窗口受理新的申请',
          ),
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 件`,
          onChange: (page, pageSize) => url.set({ page, pageSize }),
        }}
      />
    </section>
  );
}
