import { Alert, Button, Space, Table, Tabs, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { hasRole, useUser } from '../../auth/AuthContext';
import { Deadline } from '../../shared/Deadline';
import { formatDateTime } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { SuperviseModal } from './Actions';
import { useRiskList } from './api';
import { clockLabels, errText, supervisionLabels } from './labels';
import { useUrlState } from './search';
import type { RiskRow } from './types';
import { emptyText } from '../../shared/emptyText';

/** The overdue / at-risk parts with 督办 (remind, escalate) actions (R-JH-4). */
export function Escalations() {
  const url = useUrlState();
  const user = useUser();
  const canAct = hasRole(user, 'coordinator');
  const kind = url.get('list') === 'at-risk' ? 'at-risk' : 'overdue';
  const page = url.num('listPage', 1);
  const pageSize = url.num('listPageSize', 10);
  const { data, error, isFetching } = useRiskList(kind, page, pageSize);
  const [target, setTarget] = useState<{ row: RiskRow; action: 'remind' | 'escalate' }>();
  const columns: ColumnsType<RiskRow> = [
    {
      title: '申请编号',
      dataIndex: 'applicationNumber',
      width: 140,
      render: (no: string, r) => <Link to={`../cases/${encodeURIComponent(r.caseId)}`}>{no}</Link>,
    },
    { title: '申请人', dataIndex: 'applicantName', width: 80 },
    {
      title: '区域',
      dataIndex: 'regionCode',
      width: 160,
      render: (c: string) => <RegionName code={c} />,
    },
    { title: '部门', dataIndex: 'departmentName', width: 80 },
    {
      title: '涉及时限',
      dataIndex: 'clocks',
      width: 140,
      render: (clocks: RiskRow['clocks']) => clocks.map((c) => clockLabels[c]).join('、'),
    },
    {
      title: '期限',
      dataIndex: 'dueAt',
      width: 150,
      render: (due: string) => <Deadline dueAt={due} label="最早期限" />,
    },
    {
      title: '督办记录',
      dataIndex: 'supervisions',
      render: (s: RiskRow['supervisions']) => {
        const last = s[s.length - 1];
        if (!last) return '未督办';
        return (
          <Tooltip
            title={s
              .map(
                (x) =>
                  `${formatDateTime(x.at)} ${supervisionLabels[x.action]}${x.note ? `：${x.note}` : ''}`,
              )
              .join('\n')}
          >
            <span
              tabIndex={0}
            >{`${s.length} 次，最近 ${formatDateTime(last.at)} ${supervisionLabels[last.action]}`}</span>
          </Tooltip>
        );
      },
    },
    ...(canAct
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 140,
            render: (_: unknown, r: RiskRow) => (
              <Space size={4}>
                <Button
                  size="small"
                  aria-label={`催办 ${r.applicationNumber} ${r.departmentName}`}
                  onClick={() => setTarget({ row: r, action: 'remind' })}
                >
                  催办
                </Button>
                <Button
                  size="small"
                  danger
                  aria-label={`升级督办 ${r.applicationNumber} ${r.departmentName}`}
                  onClick={() => setTarget({ row: r, action: 'escalate' })}
                >
                  督办
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];
  const table = (
    <>
      {error && <Alert type="error" showIcon title={errText(error)} style={{ marginBottom: 8 }} />}
      <Table<RiskRow>
        size="small"
        rowKey={(r) => `${r.partId}`}
        aria-label={kind === 'overdue' ? '超期事项列表' : '临期事项列表'}
        loading={isFetching && !data}
        columns={columns}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: emptyText(kind === 'overdue' ? '目前没有超期事项' : '目前没有临近到期的事项'),
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showTotal: (t) => `共 ${t} 项`,
          onChange: (p, s) =>
            url.set({ list: url.get('list'), listPage: p, listPageSize: s, page: undefined }),
        }}
      />
    </>
  );
  return (
    <>
      <Tabs
        size="small"
        activeKey={kind}
        onChange={(k) => url.set({ list: k === 'overdue' ? undefined : k, listPage: undefined })}
        items={[
          { key: 'overdue', label: '已超期', children: kind === 'overdue' ? table : null },
          { key: 'at-risk', label: '临近到期', children: kind === 'at-risk' ? table : null },
        ]}
      />
      <SuperviseModal
        open={!!target}
        action={target?.action ?? 'remind'}
        target={
          target && {
            caseId: target.row.caseId,
            partId: target.row.partId,
            departmentName: target.row.departmentName,
            applicationNumber: target.row.applicationNumber,
          }
        }
        onClose={() => setTarget(undefined)}
      />
    </>
  );
}
