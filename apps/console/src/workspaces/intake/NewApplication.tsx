import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Radio, Space, Typography } from 'antd';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { newIdempotencyKey } from '../../api/client';
import { call } from '../../api/typed';
import { ApiError, fieldErrorsOf, messageOf, namePathOf } from '../../api/errors';
import { useUser } from '../../auth/AuthContext';
import { CheckboxGroup } from '../../shared/CheckboxGroup';
import { formatDateTime } from '../../shared/format';
import { useDraft } from '../../shared/useDraft';
import { applicationDraft, endTask } from '../outreach/api';
import { ApplicantSection, MembersSection, MissingDocumentsSection } from './FormSections';
import { validIdNumber } from './idCheck';
import {
  channelLabels,
  intakeErrorMessages,
  itemGroups,
  statusLabels,
  withPromise,
  type ApplicationView,
  type Channel,
  type CreateApplicationBody,
  type ItemCode,
  type Relation,
} from './model';
import { useOpenLookup } from './useOpenLookup';
import './intake.css';

interface FormValues {
  applicant: {
    name: string;
    idNumber: string;
    phone?: string;
    citizenCardNo?: string;
    address?: string;
    regionCode: string;
  };
  householdMembers?: { name: string; relation: Relation; idNumber: string }[];
  items?: ItemCode[];
  hardshipDescription?: string;
  missingDocuments?: { name: string; promisedBy: string }[];
  channel: Channel;
  declarationSigned?: boolean;
  /** 主动发现 (R-PD-3): the outreach task this application answers; not part of the body. */
  outreachTaskId?: string;
}

const keyStore = 'jh-console-intake-idempotency-key';
/** One key per form session (kept across a reload), so a retried submit is not registered twice. */
function sessionKey(): string {
  const saved = window.sessionStorage.getItem(keyStore);
  if (saved) return saved;
  const key = newIdempotencyKey();
  window.sessionStorage.setItem(keyStore, key);
  return key;
}

const blank = (v?: string) => (v && v.trim() ? v.trim() : undefined);

function toBody(v: FormValues): CreateApplicationBody {
  return {
    applicant: {
      name: v.applicant.name.trim(),
      idNumber: v.applicant.idNumber.trim().toUpperCase(),
      phone: blank(v.applicant.phone),
      citizenCardNo: blank(v.applicant.citizenCardNo),
      address: blank(v.applicant.address),
      regionCode: v.applicant.regionCode.trim(),
    },
    householdMembers: (v.householdMembers ?? []).map((m) => ({
      name: m.name.trim(),
      relation: m.relation,
      idNumber: m.idNumber.trim().toUpperCase(),
    })),
    items: v.items ?? [],
    channel: v.channel,
    hardshipDescription: v.hardshipDescription?.trim() ?? '',
    missingDocuments: (v.missingDocuments ?? []).map((d) =>
      withPromise(d.name.trim(), d.promisedBy),
    ),
    declarationSigned: v.declarationSigned === true,
  };
}

/** Server paths that name a list entry map onto the form's own field of that entry. */
function serverFieldErrors(err: unknown) {
  return fieldErrorsOf(err).map((f) => {
    const path = f.name.join('.');
    if (/^missingDocuments\.\d+$/.test(path)) return { ...f, name: [...f.name, 'name'] };
    if (/^items(\.\d+)?$/.test(path)) return { ...f, name: ['items'] };
    return { ...f, name: namePathOf(path) };
  });
}

export function NewApplication() {
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { onValuesChange, clearDraft } = useDraft<FormValues>('intake-new', form);
  const [failure, setFailure] = useState<string>();

  const applicantId = validIdNumber(Form.useWatch(['applicant', 'idNumber'], form));
  const memberIds = ((Form.useWatch('householdMembers', form) ?? []) as { idNumber?: string }[])
    .map((m) => validIdNumber(m?.idNumber))
    .filter((id): id is string => !!id);
  const ids = [...new Set([applicantId, ...memberIds].filter((id): id is string => !!id))];
  const { found, unavailable } = useOpenLookup(ids);

  // 主动发现 (R-PD-3): the task's draft fills the form once; what the clerk typed since is kept.
  const [params] = useSearchParams();
  const outreachTask = params.get('outreachTask') ?? undefined;
  const draft = useQuery({
    queryKey: ['outreach', 'draft', outreachTask],
    queryFn: () => applicationDraft(outreachTask!),
    enabled: outreachTask !== undefined,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (!draft.data || form.getFieldValue('outreachTaskId') === draft.data.outreachTaskId) return;
    const a = draft.data.application;
    form.setFieldsValue({
      applicant: { ...a.applicant },
      householdMembers: [],
      items: a.items as ItemCode[],
      hardshipDescription: a.hardshipDescription,
      missingDocuments: [],
      channel: a.channel as Channel,
      declarationSigned: false,
      outreachTaskId: draft.data.outreachTaskId,
    });
  }, [draft.data, form]);

  const submit = useMutation({
    mutationFn: async (values: FormValues) => {
      const created = await call<ApplicationView, 'intake', 'post', '/applications'>(
        'intake',
        'post',
        '/applications',
        { body: toBody(values), headers: { 'Idempotency-Key': sessionKey() } },
      );
      if (!values.outreachTaskId) return { created, taskEnded: true };
      // The task ends with the application; a failure here leaves the application registered.
      const taskEnded = await endTask(values.outreachTaskId, {
        kind: 'application',
        applicationId: created.id,
      }).then(
        () => true,
        () => false,
      );
      return { created, taskEnded };
    },
    onSuccess: ({ created, taskEnded }, values) => {
      clearDraft();
      window.sessionStorage.removeItem(keyStore);
      void queryClient.invalidateQueries({ queryKey: ['intake'] });
      void queryClient.invalidateQueries({ queryKey: ['outreach'] });
      message.success(`已受理，申请编号 ${created.applicationNo}`);
      if (!taskEnded)
        message.warning(
          '申请已受理，但外展任务未能自动办结，请到外展任务页选择“代为提出救助申请”后办结',
        );
      void navigate(
        `/intake/applications/${created.id}`,
        values.outreachTaskId ? { state: { outreachTaskId: values.outreachTaskId } } : undefined,
      );
    },
    onError: (err) => {
      const fields = serverFieldErrors(err);
      form.setFields(fields as never);
      const code = err instanceof ApiError ? err.code : '';
      setFailure(
        intakeErrorMessages[code] ??
          (fields.length ? '提交的数据有误，请检查标注的字段' : messageOf(err)),
      );
    },
  });

  // Ctrl+Enter submits from anywhere; a plain Enter in a text field never submits by accident.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      form.submit();
      return;
    }
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox')
      e.preventDefault();
  };

  return (
    <section aria-labelledby="intake-new-title" className="jh-intake-form">
      <Typography.Title level={2} id="intake-new-title" style={{ fontSize: 18 }}>
        受理救助申请
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        按纸质申请表顺序填写，Tab 切换字段，Ctrl+Enter
        提交。已填写内容自动保留，登录失效或提交失败不会丢失。
      </Typography.Paragraph>
      {outreachTask && (
        <Alert
          type={draft.error ? 'error' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            draft.error
              ? `无法带入外展任务的信息：${messageOf(draft.error)}`
              : '主动发现：已带入部门掌握的信息，请与家庭核对、补充家庭成员，由申请人签署承诺书后提交'
          }
          description={
            draft.data ? (
              <Link to={`/outreach/tasks/${draft.data.outreachTaskId}`}>返回外展任务</Link>
            ) : undefined
          }
        />
      )}
      {found.length > 0 && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title="该人员已有未办结的申请，请核实是否重复申请（可继续受理）"
          description={found.flatMap((f) =>
            f.hits.map((h) => (
              <div key={`${f.idNumber}-${h.id}`}>
                {f.idNumber === applicantId ? '申请人' : '家庭成员'}
                {h.as === 'member' ? '（作为家庭成员）' : ''}：
                <Link to={`/intake/applications/${h.id}`}>{h.applicationNo}</Link>，
                {statusLabels[h.status] ?? h.status}，受理于 {formatDateTime(h.submittedAt)}
              </div>
            )),
          )}
        />
      )}
      {unavailable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="暂时无法查询重复申请，请受理后人工核实"
        />
      )}
      <div onKeyDown={onKeyDown}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          size="small"
          onValuesChange={onValuesChange}
          initialValues={{
            applicant: { regionCode: user.regionCode },
            householdMembers: [],
            items: [],
            missingDocuments: [],
            channel: 'window',
            declarationSigned: false,
          }}
          onFinish={(values) => {
            setFailure(undefined);
            submit.mutate(values);
          }}
          onFinishFailed={() => setFailure('请先更正标注的字段')}
          scrollToFirstError={{ focus: true }}
        >
          <Form.Item name="outreachTaskId" hidden>
            <Input />
          </Form.Item>
          <ApplicantSection />
          <MembersSection />
          <fieldset className="jh-fieldset">
            <legend>申请救助事项</legend>
            <Form.Item
              name="items"
              label="救助事项（可多选，一门受理后分办至各部门）"
              rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一项救助事项' }]}
            >
              <CheckboxGroup style={{ display: 'block' }}>
                {itemGroups.map((g) => (
                  <div key={g.label} role="group" aria-label={g.label} style={{ marginBottom: 4 }}>
                    <Typography.Text strong style={{ display: 'inline-block', width: 96 }}>
                      {g.label}
                    </Typography.Text>
                    {g.items.map((i) => (
                      <Checkbox key={i.value} value={i.value}>
                        {i.label}
                      </Checkbox>
                    ))}
                  </div>
                ))}
              </CheckboxGroup>
            </Form.Item>
            <Form.Item name="hardshipDescription" label="困难情况说明">
              <Input.TextArea rows={2} maxLength={2000} showCount />
            </Form.Item>
          </fieldset>
          <MissingDocumentsSection />
          <fieldset className="jh-fieldset">
            <legend>受理信息</legend>
            <Form.Item name="channel" label="申请渠道" rules={[{ required: true }]}>
              <Radio.Group
                options={Object.entries(channelLabels).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item
              name="declarationSigned"
              valuePropName="checked"
              rules={[
                {
                  validator: async (_, v?: boolean) => {
                    if (!v) throw new Error('申请人须签署承诺书后方可受理');
                  },
                },
              ]}
            >
              <Checkbox>申请人已签署承诺书（如实申报家庭经济状况，同意核对）</Checkbox>
            </Form.Item>
          </fieldset>
          {failure && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={failure}
              style={{ marginBottom: 12 }}
            />
          )}
          <Space>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              提交受理（Ctrl+Enter）
            </Button>
            <Button
              htmlType="button"
              onClick={() => {
                form.resetFields();
                clearDraft();
              }}
            >
              清空表单
            </Button>
          </Space>
        </Form>
      </div>
    </section>
  );
}
