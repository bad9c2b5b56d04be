import { Alert, Button, Segmented, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { hasRole, useUser } from '../../../auth/AuthContext';
import { Deadline } from '../../../shared/Deadline';
import { emptyText } from '../../../shared/emptyText';
import { formatDateTime, formatYuan } from '../../../shared/format';
import { RegionName } from '../../../shared/regions';
import { StaffName } from '../../../shared/StaffName';
import {
  filterLabels,
  listFirstAid,
  statusLabels,
  type FirstAidFilter,
  type FirstAidView,
} from './api';

/** The county's notification list (R-AP-9 备案) and the street's own, by state. */
export function FirstAidList() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as FirstAidFilter | null) ?? 'outstanding';
  const list = useQuery({ queryKey: ['first-aid', status], queryFn: () => listFirstAid(status) });
  return (
    <section aria-labelledby="first-aid-list">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <h2 id="first-aid-list">先行救助清单</h2>
        {hasRole(user, 'approver') && (
          <Link to="/approval/first-aid/new">
            <Button type="primary">发放先行救助</Button>
          </Link>
        )}
      </Space>
      <Segmented
        aria-label="按办理状态筛选"
        value={status}
        options={Object.entries(filterLabels).map(([value, label]) => ({ value, label }))}
        onChange={(v) => setParams({ status: String(v) })}
        style={{ marginBottom: 8 }}
      />
      {list.error && <Alert type="error" showIcon title={messageOf(list.error)} />}
      <Table<FirstAidView>
        size="small"
        aria-label="先行救助清单"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 条` }}
        locale={{ emptyText: emptyText('没有符合条件的先行救助记录；可切换上方状态查看') }}
        columns={[
          {
            title: '救助对象',
            key: 'name',
            render: (_, r) => <Link to={`/approval/first-aid/${r.id}`}>{r.recipient.name}</Link>,
          },
          { title: '街道', key: 'street', render: (_, r) => <RegionName code={r.streetCode} /> },
          { title: '金额', key: 'amount', render: (_, r) => formatYuan(r.amountFen) },
          { title: '发放人', key: 'by', render: (_, r) => <StaffName id={r.approverId} /> },
          { title: '发放时间', key: 'at', render: (_, r) => formatDateTime(r.approvedAt) },
          { title: '状态', key: 'status', render: (_, r) => statusLabels[r.status] },
          {
            title: '补齐手续期限',
            key: 'due',
            render: (_, r) =>
              r.paperworkDueAt ? (
                <Deadline
                  dueAt={r.paperworkDueAt}
                  label="补齐手续"
                  doneAt={r.paperwork?.completedAt}
                />
              ) : (
                '紧急情况解除后一周内'
              ),
          },
          {
            title: '县级备案',
            key: 'ack',
            render: (_, r) => (r.countyAcknowledged ? '已确认' : '待确认'),
          },
        ]}
      />
    </section>
  );
}
