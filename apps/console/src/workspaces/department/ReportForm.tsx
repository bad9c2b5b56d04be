import { Alert, App, Button, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useState } from 'react';
import { fieldErrorsOf, messageOf } from '../../api/errors';
import type { DepartmentService } from '../../auth/roles';
import { formatYuan, yuanToFen } from '../../shared/format';
import { useDraft } from '../../shared/useDraft';
import {
  reportPart,
  type DepartmentDef,
  type Outcome,
  type PartView,
  type ReportBody,
} from './api';
import { outcomeLabels } from './labels';

interface Values {
  outcome?: Outcome;
  /** 'cash' (an amount in 元) or 'in_kind' (公租房、实物), where the department allows both. */
  form?: 'cash' | 'in_kind';
  amountYuan?: string;
  note?: string;
  figures?: Record<string, number | null>;
}

/** Server field paths → this form's fields (the amount is typed in 元, sent in 分). */
const fieldOf = (name: (string | number)[]) => (name[0] === 'amountFen' ? ['amountYuan'] : name);

/** The body the kit's parseReport expects, from what the officer typed. */
export function reportBodyOf(def: DepartmentDef, v: Values): ReportBody {
  const cash =
    v.outcome === 'granted' &&
    (def.grantAmount === 'required' || (def.grantAmount === 'optional' && v.form !== 'in_kind'));
  const figures = def.target
    ? Object.fromEntries(Object.keys(def.target.figures).map((k) => [k, v.figures?.[k] ?? 0]))
    : undefined;
  return {
    outcome: v.outcome!,
    amountFen: cash ? (yuanToFen(v.amountYuan ?? '') ?? 0) : 0,
    note: (v.note ?? '').trim(),
    ...(figures ? { figures } : {}),
  };
}

/**
 * 反馈办理结果, built from GET /department: the amount rule (required / optional with an in-kind
 * choice / forbidden) and the target's figures come from the definition, so every department
 * shares this one form.
 */
export function ReportForm(props: {
  svc: DepartmentService;
  part: PartView;
  def: DepartmentDef;
  onReported: (part: PartView) => void;
}) {
  const { def, part, svc } = props;
  const [form] = Form.useForm<Values>();
  const { onValuesChange, clearDraft } = useDraft(`department:${svc}:report:${part.id}`, form);
  const { message, modal } = App.useApp();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const outcome = Form.useWatch('outcome', form);
  const grantForm = Form.useWatch('form', form);
  const granted = outcome === 'granted';
  const showAmount =
    granted &&
    (def.grantAmount === 'required' || (def.grantAmount === 'optional' && grantForm !== 'in_kind'));
  const inKind =
    granted &&
    (def.grantAmount === 'forbidden' ||
      (def.grantAmount === 'optional' && grantForm === 'in_kind'));

  const send = async (body: ReportBody) => {
    setSending(true);
    setFailure(undefined);
    try {
      const updated = await reportPart(svc, part.id, body);
      clearDraft();
      message.success('办理结果已反馈民政部门');
      props.onReported(updated);
    } catch (e) {
      const fields = fieldErrorsOf(e).map((f) => ({ ...f, name: fieldOf(f.name) }));
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setFailure(messageOf(e));
    } finally {
      setSending(false);
    }
  };

  const confirm = (v: Values) => {
    const body = reportBodyOf(def, v);
    modal.confirm({
      title: '确认反馈办理结果？',
      content: (
        <div>
          <p>办理结果：{outcomeLabels[body.outcome]}</p>
          {showAmount && <p>救助金额：{formatYuan(body.amountFen)}</p>}
          {inKind && <p>救助方式：实物或服务（不发放现金）</p>}
          {def.target &&
            Object.entries(def.target.figures).map(([k, label]) => (
              <p key={k}>
                {label}：{body.figures?.[k]}
              </p>
            ))}
          {body.note && <p>说明：{body.note}</p>}
          <p>反馈后不能修改，结果将发送民政部门。</p>
        </div>
      ),
      okText: '确认反馈',
      cancelText: '返回修改',
      onOk: () => send(body),
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="small"
      style={{ maxWidth: 560 }}
      aria-label="反馈办理结果"
      initialValues={{ form: 'cash' }}
      onValuesChange={onValuesChange}
      onFinish={confirm}
    >
      <Form.Item
        name="outcome"
        label="办理结果"
        rules={[{ required: true, message: '请选择办理结果' }]}
      >
        <Radio.Group
          options={(Object.keys(outcomeLabels) as Outcome[]).map((o) => ({
            value: o,
            label: outcomeLabels[o],
          }))}
        />
      </Form.Item>
      {granted && def.grantAmount === 'optional' && (
        <Form.Item name="form" label="救助方式">
          <Radio.Group
            options={[
              { value: 'cash', label: '发放救助金' },
              { value: 'in_kind', label: '实物或服务救助（如公租房、危房改造）' },
            ]}
          />
        </Form.Item>
      )}
      {granted && def.grantAmount === 'forbidden' && (
        <Typography.Paragraph type="secondary">
          {def.name}的救助以实物或服务方式提供，不发放现金，请在说明中写明救助内容。
        </Typography.Paragraph>
      )}
      {showAmount && (
        <Form.Item
          name="amountYuan"
          label="救助金额（元）"
          extra="按元填写，最多两位小数，如 1500 或 1500.50"
          rules={[
            {
              required: def.grantAmount === 'required' || grantForm !== 'in_kind',
              message: '请填写救助金额',
            },
            {
              validator: async (_, v?: string) => {
                if (!v) return;
                const fen = yuanToFen(v);
                if (fen === undefined) throw new Error('金额格式不正确，请填写数字，最多两位小数');
                if (fen < 1) throw new Error('批准救助时金额须大于 0');
              },
            },
          ]}
        >
          <Input inputMode="decimal" suffix="元" style={{ width: 200 }} />
        </Form.Item>
      )}
      {def.target && (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 14, marginBottom: 8 }}>{def.target.labelZh}</legend>
          {Object.entries(def.target.figures).map(([key, label]) => (
            <Form.Item
              key={key}
              name={['figures', key]}
              label={label}
              rules={[{ required: true, message: `请填写“${label}”` }]}
            >
              <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
            </Form.Item>
          ))}
        </fieldset>
      )}
      <Form.Item
        name="note"
        label="办理说明"
        rules={[
          {
            required: outcome === 'rejected' || outcome === 'referred' || inKind,
            message: inKind ? '请写明实物或服务救助的内容' : '不予救助或转介时须填写原因',
          },
          { max: 1000, message: '说明不能超过 1000 字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" loading={sending}>
        反馈结果
      </Button>
    </Form>
  );
}
