import { Alert, Card, Col, Form, Row, Select, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useUser } from '../../auth/AuthContext';
import { useRiskList, useTrend } from './api';
import { EChart, type ChartOption } from '../../shared/EChart';
import { Escalations } from './Escalations';
import { departmentOptions, errText, percent } from './labels';
import { RegionSelect } from './RegionSelect';
import { useUrlState } from './search';
import type { TrendRow } from './types';
import { emptyText } from '../../shared/emptyText';

interface Summary {
  department: string;
  departmentName: string;
  due: number;
  onTime: number;
  overdue: number;
  onTimeRate: number | null;
  openOverdue: number;
  openAtRisk: number;
}

const countBy = (rows: { department: string }[] | undefined) => {
  const m = new Map<string, number>();
  for (const r of rows ?? []) m.set(r.department, (m.get(r.department) ?? 0) + 1);
  return m;
};

/** SLA dashboard: on-time rate per department, overdue/at-risk now, weekly trend (R-JH-3/4). */
export function Sla() {
  const user = useUser();
  const url = useUrlState();
  const weeks = url.num('weeks', 8);
  const department = url.get('department');
  const region = url.get('region');
  const trend = useTrend(weeks, department, region);
  // Counts of what is open now: the first 200 of each list is plenty for a region.
  const overdue = useRiskList('overdue', 1, 200);
  const atRisk = useRiskList('at-risk', 1, 200);
  const summary = useMemo<Summary[]>(() => {
    const byDept = new Map<string, Summary>();
    const od = countBy(overdue.data?.items);
    const ar = countBy(atRisk.data?.items);
    for (const r of trend.data?.items ?? []) {
      const s = byDept.get(r.department) ?? {
        department: r.department,
        departmentName: r.departmentName,
        due: 0,
        onTime: 0,
        overdue: 0,
        onTimeRate: null,
        openOverdue: 0,
        openAtRisk: 0,
      };
      s.due += r.due;
      s.onTime += r.onTime;
      s.overdue += r.overdue;
      byDept.set(r.department, s);
    }
    for (const r of [...(overdue.data?.items ?? []), ...(atRisk.data?.items ?? [])])
      if (!byDept.has(r.department) && (!department || r.department === department))
        byDept.set(r.department, {
          department: r.department,
          departmentName: r.departmentName,
          due: 0,
          onTime: 0,
          overdue: 0,
          onTimeRate: null,
          openOverdue: 0,
          openAtRisk: 0,
        });
    return [...byDept.values()]
      .map((s) => ({
        ...s,
        onTimeRate: s.due ? s.onTime / s.due : null,
        openOverdue: od.get(s.department) ?? 0,
        openAtRisk: ar.get(s.department) ?? 0,
      }))
      .sort((a, b) => a.department.localeCompare(b.department));
  }, [trend.data, overdue.data, atRisk.data, department]);
  const option = useMemo<ChartOption>(() => {
    const weekLabels = (trend.data?.weeks ?? []).map((w) => w.week);
    const depts = [...new Set((trend.data?.items ?? []).map((r) => r.departmentName))];
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—'),
      },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: weekLabels },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: depts.map((name) => ({
        name,
        type: 'line',
        connectNulls: false,
        data: weekLabels.map((w) => {
          const r = trend.data?.items.find((x) => x.week === w && x.departmentName === name);
          return r?.onTimeRate === null || r === undefined
            ? null
            : Math.round(r.onTimeRate * 1000) / 10;
        }),
      })),
    };
  }, [trend.data]);
  const chartLabel = `近 ${weeks} 周各部门按时反馈率折线图，${summary.map((s) => `${s.departmentName}${percent(s.onTimeRate)}`).join('，') || '暂无数据'}；逐周数字见下方表格`;
  return (
    <section aria-labelledby="sla-title">
      <Typography.Title level={2} id="sla-title" style={{ fontSize: 18 }}>
        时限监控
      </Typography.Title>
      <Form layout="inline" size="small" style={{ marginBottom: 12 }}>
        <Form.Item label="统计周数" htmlFor="sla-weeks">
          <Select
            id="sla-weeks"
            style={{ width: 90 }}
            value={weeks}
            options={[4, 8, 12, 26].map((w) => ({ value: w, label: `${w} 周` }))}
            onChange={(w: number) => url.set({ weeks: w })}
          />
        </Form.Item>
        <Form.Item label="部门" htmlFor="sla-department">
          <Select
            id="sla-department"
            allowClear
            placeholder="全部部门"
            style={{ width: 120 }}
            value={department}
            options={departmentOptions(trend.data?.items)}
            onChange={(d?: string) => url.set({ department: d })}
          />
        </Form.Item>
        <Form.Item label="区域" htmlFor="sla-region">
          <RegionSelect
            id="sla-region"
            scope={user.regionCode}
            value={region}
            onChange={(r) => url.set({ region: r })}
          />
        </Form.Item>
      </Form>
      {trend.error && (
        <Alert type="error" showIcon title={errText(trend.error)} style={{ marginBottom: 8 }} />
      )}
      <Row gutter={12}>
        <Col xs={24} xl={10}>
          <Table<Summary>
            size="small"
            rowKey="department"
            pagination={false}
            loading={trend.isLoading}
            aria-label="各部门按时反馈情况"
            title={() => `近 ${weeks} 周反馈情况（当前超期、临期为实时数）`}
            dataSource={summary}
            locale={{ emptyText: emptyText('统计期内没有到期的部门事项') }}
            columns={[
              { title: '部门', dataIndex: 'departmentName' },
              { title: '应反馈', dataIndex: 'due', align: 'right' },
              { title: '按时', dataIndex: 'onTime', align: 'right' },
              { title: '按时率', dataIndex: 'onTimeRate', align: 'right', render: percent },
              { title: '逾期', dataIndex: 'overdue', align: 'right' },
              { title: '当前超期', dataIndex: 'openOverdue', align: 'right' },
              { title: '当前临期', dataIndex: 'openAtRisk', align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title="按周按时反馈率">
            <EChart option={option} label={chartLabel} height={260} />
          </Card>
        </Col>
      </Row>
      <TrendTable rows={trend.data?.items ?? []} />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        督办清单
      </Typography.Title>
      <Escalations />
    </section>
  );
}

/** The chart's figures as a table: the text alternative of the trend. */
function TrendTable({ rows }: { rows: TrendRow[] }) {
  return (
    <details style={{ marginTop: 8 }}>
      <summary>按周明细（图表数据）</summary>
      <Table<TrendRow>
        size="small"
        rowKey={(r) => `${r.week}-${r.department}`}
        aria-label="按周按时反馈明细"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={rows}
        locale={{ emptyText: emptyText('暂无数据') }}
        columns={[
          { title: '周', dataIndex: 'week' },
          { title: '部门', dataIndex: 'departmentName' },
          { title: '应反馈', dataIndex: 'due', align: 'right' },
          { title: '已反馈', dataIndex: 'reported', align: 'right' },
          { title: '按时', dataIndex: 'onTime', align: 'right' },
          { title: '逾期', dataIndex: 'overdue', align: 'right' },
          { title: '未到期', dataIndex: 'pending', align: 'right' },
          { title: '按时率', dataIndex: 'onTimeRate', align: 'right', render: percent },
        ]}
      />
    </details>
  );
}
