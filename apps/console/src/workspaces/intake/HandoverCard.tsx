import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
} from 'antd';
import { call } from '../../api/typed';
import { ApiError, fieldErrorsOf, messageOf } from '../../api/errors';
import { roleLabels } from '../../auth/roles';
import { formatDateTime } from '../../shared/format';
import { RegionName, useRegionName } from '../../shared/regions';
import { StaffName } from '../../shared/StaffName';
import { useDraft } from '../../shared/useDraft';
import { intakeErrorMessages, type ApplicationView } from './model';

/** A colleague who may take the application over (GET /applications/handover-targets). */
interface HandoverTarget {
  userId: string;
  name: string;
  role: string;
  regionCode: string;
}

/** Colleagues who may receive this application (R-JH-5): the service applies the one rule. */
const useHandoverTargets = (applicationId: string) =>
  useQuery({
    queryKey: ['intake', 'handover-targets', applicationId],
    queryFn: ({ signal }) =>
      call<{ items: HandoverTarget[] }, 'intake', 'get', '/applications/handover-targets'>(
        'intake',
        'get',
        '/applications/handover-targets',
        { query: { applicationId }, signal },
      ),
    staleTime: 60_000,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });

function TargetOption({ target }: { target: HandoverTarget }) {
  const region = useRegionName(target.regionCode);
  return (
    <span>
      {target.name}
      <span style={{ color: 'rgba(0,0,0,0.65)' }}>
        {' '}
        · {roleLabels[target.role] ?? target.role} · {region || target.regionCode}
      </span>
    </span>
  );
}

/** 首问负责 (R-JH-5): who owns the application now, its hand-overs, and handing it over. */
export function HandoverCard({ app }: { app: ApplicationView }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toUserId: string; reason: string }>();
  const { onValuesChange, clearDraft } = useDraft(`intake-handover-${app.id}`, form);
  const targets = useHandoverTargets(app.id);
  const handover = useMutation({
    mutationFn: (body: { toUserId: string; reason: string }) =>
      call<ApplicationView, 'intake', 'post', '/applications/{id}/handover'>(
        'intake',
        'post',
        '/applications/{id}/handover',
        { params: { id: app.id }, body },
      ),
    onSuccess: (next) => {
      clearDraft();
      form.resetFields();
      queryClient.setQueryData(['intake', 'application', app.id], next);
      void queryClient.invalidateQueries({ queryKey: ['intake', 'handover-targets', app.id] });
      message.success('已移交，对方现为首问负责人');
    },
    onError: (err) => {
      form.setFields(fieldErrorsOf(err) as never);
      const code = err instanceof ApiError ? err.code : '';
      if (!fieldErrorsOf(err).length) message.error(intakeErrorMessages[code] ?? messageOf(err));
    },
  });
  // Roles that may only read the application (审批, 审计) are refused the list: no form for them.
  const readOnly = targets.error instanceof ApiError && targets.error.status === 403;
  const options = (targets.data?.items ?? []).map((t) => ({
    value: t.userId,
    // Searched by name (typing 王 finds 王丽静); the role and street follow in the option.
    label: t.name,
    target: t,
  }));
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 14 }}>首问负责（R-JH-5）</h3>}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="当前负责人">
          <StaffName id={app.owner.userId} /> · <RegionName code={app.owner.regionCode} />
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        aria-label="负责人变更记录"
        rowKey={(r) => `${r.at}-${r.toUserId}`}
        pagination={false}
        dataSource={app.ownerHistory}
        columns={[
          { title: '时间', dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: '移交给', dataIndex: 'toUserId', render: (v: string) => <StaffName id={v} /> },
          { title: '经办人', dataIndex: 'byUserId', render: (v: string) => <StaffName id={v} /> },
          { title: '原因', dataIndex: 'reason' },
        ]}
      />
      {readOnly ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title="您的角色可以查看本申请，但不能移交首问负责"
        />
      ) : (
        <Form
          form={form}
          layout="vertical"
          size="small"
          onValuesChange={onValuesChange}
          style={{ marginTop: 8 }}
          onFinish={(v) => handover.mutate(v)}
        >
          {targets.error && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={`暂时无法读取可移交的同事：${messageOf(targets.error)}`}
              action={
                <Button size="small" onClick={() => void targets.refetch()}>
                  重试
                </Button>
              }
            />
          )}
          <Form.Item
            name="toUserId"
            label="移交给"
            rules={[{ required: true, message: '请选择移交对象' }]}
            extra="只列出本辖区内具有窗口受理、初审或协调角色、且能办理本申请的同事；可输入姓名查找"
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              placeholder="输入姓名查找同事"
              loading={targets.isLoading}
              options={options}
              optionRender={(o) => <TargetOption target={o.data.target} />}
              notFoundContent={
                targets.isLoading ? '正在读取同事名单…' : '本辖区内暂无可接收移交的同事'
              }
              style={{ maxWidth: 420 }}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label="移交原因"
            rules={[
              { required: true, whitespace: true, message: '请填写移交原因' },
              { min: 2, message: '移交原因至少2个字' },
            ]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Popconfirm
            title="确认移交？移交后由对方负责该申请。"
            okText="确认移交"
            cancelText="取消"
            onConfirm={() => form.submit()}
          >
            <Button loading={handover.isPending}>移交</Button>
          </Popconfirm>
        </Form>
      )}
    </Card>
  );
}
