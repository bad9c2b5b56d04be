import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { formatDate } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { useExemptions, type ExemptionStatus, type ExemptionView } from './api';
import { exemptionStatusLabels, exemptionStatusStyles } from './labels';

const statuses = Object.keys(exemptionStatusLabels) as ExemptionStatus[];
const PAGE_SIZES = [20, 50];

/** "2026-12" → "2026年12月". */
const month = (m: string | null) => (m ? `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月` : '—');

/**
 * 免申即享 (R-EDU-1/2): students certified by civil affairs get education aid from the following
 * month without applying; a student who leaves the category keeps it to the end of the semester.
 */
export function Exemptions() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') as ExemptionStatus | null;
  const status = raw && statuses.includes(raw) ? raw : undefined;
  const size = Number(params.get('size'));
  const filters = {
    status,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
  const { data, isLoading, error } = useExemptions(filters);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  return (
    <section aria-labelledby="exemptions-title">
      <Typography.Title level={2} id="exemptions-title" style={{ fontSize: 18 }}>
        免申即享学生名单
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        民政部门认定的特困供养、孤儿、低保和低保边缘家庭学生，自认定次月起自动享受教育救助，无需申请（R-EDU-1）；
        退出认定的学生享受至本学期结束（R-EDU-2）。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 8 }} role="search" aria-label="筛选免申即享学生">
        <Select
          size="small"
          aria-label="资助状态"
          style={{ width: 160 }}
          value={status ?? ''}
          onChange={(v: string) => set({ status: v })}
          options={[
            { value: '', label: '全部状态' },
            ...statuses.map((s) => ({ value: s, label: exemptionStatusLabels[s] })),
          ]}
        />
      </Space>
      {error && (
        <Alert type="error" showIcon title={messageOf(error)} style={{ marginBottom: 8 }} />
      )}
      <Table<ExemptionView>
        size="small"
        rowKey="id"
        aria-label="免申即享学生名单"
        loading={isLoading}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: status
            ? '没有该状态的学生，请调整筛选条件'
            : '暂无免申即享学生。民政部门认定困难学生后，名单会自动出现在这里',
        }}
        columns={[
          { title: '学生', key: 'name', render: (_, e) => e.student.name },
          { title: '身份证号', key: 'id', render: (_, e) => e.student.idNumber },
          { title: '学校', key: 'school', render: (_, e) => e.student.school || '—' },
          { title: '认定类别', dataIndex: 'categoryZh' },
          {
            title: '所属区划',
            key: 'region',
            render: (_, e) => <RegionName code={e.household.regionCode} />,
          },
          { title: '起始月份', dataIndex: 'startMonth', render: month },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: ExemptionStatus) => (
              <Tag style={exemptionStatusStyles[s]}>{exemptionStatusLabels[s]}</Tag>
            ),
          },
          {
            title: '资助截止',
            key: 'end',
            render: (_, e) =>
              e.lastDay
                ? `${formatDate(e.lastDay)}（${e.stopsFromSemester ?? ''}起停止）`
                : '持续享受',
          },
          { title: '认定证书号', dataIndex: 'certificateNo', render: (c: string) => c || '—' },
        ]}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 名学生`,
          onChange: (page, size) =>
            set({ page: String(page), size: size === 20 ? undefined : String(size) }),
        }}
      />
    </section>
  );
}
