import { Alert, App, Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useSearchParams } from 'react-router';
import { fieldErrorsOf, messageOf } from '../../../api/errors';
import { hasRole, useUser } from '../../../auth/AuthContext';
import { emptyText } from '../../../shared/emptyText';
import { formatDateTime } from '../../../shared/format';
import { useDraft } from '../../../shared/useDraft';
import {
  checkRelatives,
  deactivate,
  listRelatives,
  registerRelative,
  relationLabels,
  staffRoleLabels,
  type Relation,
  type RelativeView,
  type StaffRole,
} from './api';

interface RegisterValues {
  staffId?: string;
  staffName?: string;
  staffRole?: StaffRole;
  post?: string;
  relativeName?: string;
  relativeIdNumber?: string;
  relation?: Relation;
}

function RegisterForm({ onDone }: { onDone: () => void }) {
  const [form] = Form.useForm<RegisterValues>();
  const { onValuesChange, clearDraft } = useDraft('approval:relatives:register', form);
  const { modal, message } = App.useApp();
  const run = useMutation({
    mutationFn: (v: RegisterValues) =>
      registerRelative({
        staffId: (v.staffId ?? '').trim(),
        staffName: (v.staffName ?? '').trim(),
        staffRole: v.staffRole!,
        post: (v.post ?? '').trim(),
        relativeName: (v.relativeName ?? '').trim(),
        relativeIdNumber: (v.relativeIdNumber ?? '').trim().toUpperCase(),
        relation: v.relation!,
      }),
    onSuccess: () => {
      clearDraft();
      form.resetFields();
      message.success('近亲属备案已登记');
      onDone();
    },
    onError: (e) => form.setFields(fieldErrorsOf(e) as Parameters<typeof form.setFields>[0]),
  });
  const req = (m: string) => [{ required: true, message: m }];
  return (
    <Form<RegisterValues>
      form={form}
      layout="vertical"
      size="small"
      aria-label="登记近亲属备案"
      onValuesChange={onValuesChange}
      onFinish={(v) =>
        modal.confirm({
          title: `登记 ${v.staffName} 的近亲属 ${v.relativeName}？`,
          content: '登记后该近亲属的救助申请将被标记重点复核（R-AP-8）。',
          onOk: () => run.mutateAsync(v).catch(() => undefined),
        })
      }
    >
      <Space wrap align="start">
        <Form.Item name="staffName" label="工作人员姓名" rules={req('请填写')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="staffId" label="工作人员账号" rules={req('请填写')}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="staffRole" label="身份" rules={req('请选择')}>
          <Select
            style={{ width: 170 }}
            options={Object.entries(staffRoleLabels).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="post" label="职务" rules={req('请填写')}>
          <Input style={{ width: 160 }} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name="relativeName" label="近亲属姓名" rules={req('请填写')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="relativeIdNumber" label="近亲属身份证号码" rules={req('请填写')}>
          <Input style={{ width: 220 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="relation" label="关系" rules={req('请选择')}>
          <Select
            style={{ width: 170 }}
            options={Object.entries(relationLabels).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      </Space>
      {run.error && (
        <Alert type="error" showIcon title={messageOf(run.error)} style={{ marginBottom: 8 }} />
      )}
      <Button type="primary" htmlType="submit" loading={run.isPending}>
        登记备案
      </Button>
    </Form>
  );
}

/** R-AP-8 check by ID number: answers only whether it is flagged, never whose relative. */
function CheckForm() {
  const [form] = Form.useForm<{ idNumbers?: string }>();
  const { onValuesChange } = useDraft('approval:relatives:check', form);
  const run = useMutation({
    mutationFn: (text: string) =>
      checkRelatives(
        text
          .split(/[\s,，、]+/)
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean),
      ),
  });
  return (
    <Form
      form={form}
      layout="inline"
      size="small"
      aria-label="按身份证号码核查"
      onValuesChange={onValuesChange}
      onFinish={(v) => run.mutate(v.idNumbers ?? '')}
    >
      <Form.Item
        name="idNumbers"
        label="身份证号码（可多个）"
        rules={[{ required: true, message: '请填写' }]}
      >
        <Input style={{ width: 320 }} autoComplete="off" />
      </Form.Item>
      <Button htmlType="submit" loading={run.isPending}>
        核查
      </Button>
      <span role="status" aria-live="polite">
        {run.data &&
          (run.data.flagged ? (
            <Tag color="error">已备案近亲属：须重点复核（R-AP-8）</Tag>
          ) : (
            <Tag>未命中近亲属备案</Tag>
          ))}
      </span>
      {run.error && <Alert type="error" showIcon title={messageOf(run.error)} />}
    </Form>
  );
}

/** 近亲属备案 (R-AP-8): the registry, registering, deactivating (county), the flag check. */
export function Relatives() {
  const user = useUser();
  const mayRegister = hasRole(user, 'window_clerk', 'first_reviewer', 'county_bureau');
  const county = hasRole(user, 'county_bureau');
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const status = (params.get('status') as 'active' | 'inactive' | null) ?? undefined;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  // The modal's text area outlives this render: its text is read at confirm time.
  const reason = useRef('');
  const list = useQuery({
    queryKey: ['relatives', page, status],
    queryFn: () => listRelatives({ page, pageSize: 20, status }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['relatives'] });
  const end = useMutation({
    mutationFn: (v: { id: string; reason: string }) => deactivate(v.id, v.reason),
    onSuccess: refresh,
  });
  const confirmEnd = (registrationId: string, who: string) => {
    reason.current = '';
    modal.confirm({
      title: `终止 ${who} 的近亲属备案？`,
      content: (
        <Input.TextArea
          aria-label="终止原因"
          placeholder="请填写终止原因（必填）"
          onChange={(e) => (reason.current = e.target.value)}
        />
      ),
      okText: '终止备案',
      onOk: () => end.mutateAsync({ id: registrationId, reason: reason.current.trim() }),
    });
  };
  return (
    <section aria-labelledby="relatives">
      <h2 id="relatives">近亲属备案（R-AP-8）</h2>
      <h3>核查</h3>
      <CheckForm />
      {mayRegister && (
        <>
          <h3>登记</h3>
          <RegisterForm onDone={refresh} />
        </>
      )}
      <h3>备案清单</h3>
      <Select
        aria-label="按状态筛选"
        allowClear
        placeholder="全部状态"
        style={{ width: 160, marginBottom: 8 }}
        value={status}
        onChange={(v?: string) => setParams(v ? { status: v } : {})}
        options={[
          { value: 'active', label: '有效' },
          { value: 'inactive', label: '已终止' },
        ]}
      />
      {(list.error ?? end.error) && (
        <Alert type="error" showIcon title={messageOf(list.error ?? end.error)} />
      )}
      <Table<RelativeView>
        size="small"
        aria-label="近亲属备案清单"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText: emptyText(
            '本辖区暂无近亲属备案；经办人员和村（社区）干部的近亲属申请救助前须登记',
          ),
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 人`,
          onChange: (p) => setParams({ ...(status ? { status } : {}), page: String(p) }),
        }}
        columns={[
          { title: '近亲属', dataIndex: 'relativeName' },
          { title: '身份证号码', dataIndex: 'idNumber' },
          {
            title: '备案',
            key: 'regs',
            render: (_, r) => (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {r.registrations.map((g) => (
                  <li key={g.registrationId}>
                    {g.staffName}（{g.staffRoleZh}，{g.post}）的{g.relationZh}，
                    {formatDateTime(g.registeredAt)}
                    {g.active ? (
                      county && (
                        <Button
                          size="small"
                          type="link"
                          danger
                          onClick={() => confirmEnd(g.registrationId, r.relativeName)}
                        >
                          终止
                        </Button>
                      )
                    ) : (
                      <Tag style={{ marginLeft: 4 }}>已终止</Tag>
                    )}
                  </li>
                ))}
              </ul>
            ),
          },
          { title: '状态', key: 's', render: (_, r) => (r.active ? '有效' : '已终止') },
        ]}
      />
    </section>
  );
}
