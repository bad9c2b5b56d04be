import { checkIdNumber } from '@jh/domain-application';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { roleLabels } from '../../auth/roles';
import { saveBlob } from '../../shared/download';
import { RegionName } from '../../shared/regions';
import { StaffName } from '../../shared/StaffName';
import { exportAuditCsv, useAuditPage, type AuditFilters, type AuditRecordView } from './api';
import { auditTime, RecordDrawer } from './RecordDrawer';
import {
  actionLabel,
  auditServices,
  isAuditService,
  objectKindLabel,
  objectKindLabels,
  serviceLabel,
  type AuditService,
} from './labels';

const PAGE_SIZES = [20, 50, 100];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters and page live in the URL (never the ID number). */
function filtersOf(params: URLSearchParams): AuditFilters {
  const text = (k: string) => params.get(k)?.trim() || undefined;
  const day = (k: string) => (DAY.test(params.get(k) ?? '') ? params.get(k)! : undefined);
  const size = Number(params.get('size'));
  return {
    objectKind: text('kind'),
    objectId: text('object'),
    userId: text('user'),
    from: day('from'),
    to: day('to'),
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
}

const withParam = (params: URLSearchParams, key: string, value: string) => {
  const next = new URLSearchParams(params);
  next.set(key, value);
  return next.toString();
};

interface FormValues {
  idNumber?: string;
  kind?: string;
  object?: string;
  user?: string;
  range?: [Dayjs, Dayjs] | null;
}

const kindOptions = [...new Set(Object.values(objectKindLabels))].map((label) => ({
  label,
  options: Object.entries(objectKindLabels)
    .filter(([, l]) => l === label)
    .map(([value]) => ({ value, label: `${label}（${value}）` })),
}));

/** 审计查询: one service's trail by person, object, user and time, newest first. */
export function Search() {
  const [params, setParams] = useSearchParams();
  const svcParam = params.get('svc');
  const svc: AuditService = isAuditService(svcParam) ? svcParam : 'intake';
  const filters = filtersOf(params);
  // The ID number stays in this screen's memory: never in the URL, history or session storage.
  const [idNumber, setIdNumber] = useState<string>();
  const [form] = Form.useForm<FormValues>();
  const [exporting, setExporting] = useState(false);
  const { message } = App.useApp();
  const page = useAuditPage(svc, filters, idNumber);
  const rec = Number(params.get('rec'));
  const open = page.data?.items.find((r) => r.seq === rec);

  const set = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  };

  const search = (v: FormValues) => {
    const id = v.idNumber ? checkIdNumber(v.idNumber) : undefined;
    setIdNumber(id?.ok ? id.idNumber : undefined);
    set({
      kind: v.kind?.trim(),
      object: v.object?.trim(),
      user: v.user?.trim(),
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      rec: undefined,
    });
  };

  const reset = () => {
    form.resetFields();
    setIdNumber(undefined);
    setParams(new URLSearchParams({ svc }));
  };

  const download = async () => {
    setExporting(true);
    try {
      const { blob, fileName } = await exportAuditCsv(svc, filters, idNumber);
      saveBlob(blob, fileName ?? `audit-${svc}.csv`);
      message.success('已导出当前查询的审计记录（最多 10000 条）');
    } catch (e) {
      message.error(`导出失败：${messageOf(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<AuditRecordView> = [
    { title: '时间', dataIndex: 'at', width: 160, render: auditTime },
    {
      title: '用户',
      key: 'user',
      width: 170,
      render: (_, r) => (
        <Space size={4}>
          <StaffName id={r.actor.userId} />
          {filters.userId !== r.actor.userId && (
            <Button
              type="link"
              size="small"
              aria-label={`只看此人（${r.actor.userId}）`}
              onClick={() => {
                form.setFieldValue('user', r.actor.userId);
                set({ user: r.actor.userId, rec: undefined });
              }}
            >
              只看此人
            </Button>
          )}
        </Space>
      ),
    },
    {
      title: '角色',
      key: 'roles',
      width: 140,
      render: (_, r) => r.actor.roles.map((x) => roleLabels[x] ?? x).join('、') || '—',
    },
    {
      title: '区划',
      key: 'region',
      width: 120,
      render: (_, r) => (r.actor.regionCode ? <RegionName code={r.actor.regionCode} /> : '—'),
    },
    {
      title: '操作',
      dataIndex: 'action',
      render: (a: string) =>
        a === 'personal-data.read' ? (
          <Tag color="orange">{actionLabel(a)}</Tag>
        ) : (
          <span title={a}>{actionLabel(a)}</span>
        ),
    },
    {
      title: '对象',
      key: 'object',
      render: (_, r) => (
        <span>
          {objectKindLabel(r.object.kind)}{' '}
          <Typography.Text type="secondary">{r.object.id}</Typography.Text>
        </span>
      ),
    },
    {
      title: '详情',
      key: 'open',
      width: 70,
      render: (_, r) => (
        <Link
          to={`?${withParam(params, 'rec', String(r.seq))}`}
          aria-label={`查看第 ${r.seq} 条审计记录`}
        >
          查看
        </Link>
      ),
    },
  ];

  return (
    <section aria-labelledby="audit-search-title">
      <Typography.Title level={2} id="audit-search-title" style={{ fontSize: 18 }}>
        审计记录查询
      </Typography.Title>
      <Form<FormValues>
        form={form}
        layout="inline"
        size="small"
        onFinish={search}
        initialValues={{
          kind: filters.objectKind,
          object: filters.objectId,
          user: filters.userId,
          range: filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : undefined,
        }}
        style={{ rowGap: 8, marginBottom: 8 }}
      >
        <Form.Item label="服务" htmlFor="">
          <Radio.Group
            aria-label="服务"
            optionType="button"
            buttonStyle="solid"
            value={svc}
            options={auditServices.map((s) => ({ value: s.key, label: s.label }))}
            onChange={(e) => set({ svc: String(e.target.value), rec: undefined })}
          />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="身份证号"
          tooltip="按当事人查询（经盲索引），号码只在请求体中发送，不进入网址"
          rules={[
            {
              validator: async (_, value?: string) => {
                if (!value) return;
                const check = checkIdNumber(value);
                if (!check.ok) throw new Error(`身份证号有误：${check.reason}`);
              },
            },
          ]}
        >
          <Input allowClear autoComplete="off" maxLength={18} style={{ width: 190 }} />
        </Form.Item>
        <Form.Item name="kind" label="对象类型">
          <AutoComplete options={kindOptions} allowClear style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="object" label="对象编号">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="user" label="用户ID">
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="range" label="时间范围">
          <DatePicker.RangePicker aria-label="时间范围" />
        </Form.Item>
        <Space size={4}>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button onClick={reset}>重置</Button>
          <Button loading={exporting} onClick={() => void download()}>
            导出 CSV
          </Button>
          <Link to={`chain?svc=${svc}`}>校验{serviceLabel(svc)}审计链</Link>
        </Space>
      </Form>
      {idNumber && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={`正在按当事人（身份证号 ${idNumber.slice(0, 6)}********${idNumber.slice(-4)}）查询${serviceLabel(svc)}的审计记录`}
        />
      )}
      {page.error && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={messageOf(page.error)} />
      )}
      <Table<AuditRecordView>
        size="small"
        rowKey="seq"
        aria-label={`${serviceLabel(svc)}审计记录`}
        loading={page.isFetching}
        dataSource={page.data?.items ?? []}
        columns={columns}
        locale={{
          emptyText: (
            <Empty description="没有符合条件的审计记录：请换一个服务，或放宽对象、用户、时间条件" />
          ),
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: page.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (p, s) => set({ page: String(p), size: String(s) }, true),
        }}
      />
      <RecordDrawer svc={svc} record={open} onClose={() => set({ rec: undefined }, true)} />
    </section>
  );
}
