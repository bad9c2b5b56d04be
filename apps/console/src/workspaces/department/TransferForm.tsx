import { Alert, App, Button, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { fieldErrorsOf, messageOf } from '../../api/errors';
import { departmentLabels, type DepartmentService } from '../../auth/roles';
import { useDraft } from '../../shared/useDraft';
import { requestTransfer, type PartView } from './api';

interface Values {
  suggestedDepartment?: string;
  reason?: string;
}

/** 申请转办: the reason is required; civil affairs decides and may open a part elsewhere. */
export function TransferForm(props: {
  svc: DepartmentService;
  part: PartView;
  onDone: (part: PartView) => void;
}) {
  const { svc, part } = props;
  const [form] = Form.useForm<Values>();
  const { onValuesChange, clearDraft } = useDraft(`department:${svc}:transfer:${part.id}`, form);
  const { message, modal } = App.useApp();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();

  const send = async (v: Values) => {
    setSending(true);
    setFailure(undefined);
    try {
      const updated = await requestTransfer(svc, part.id, {
        reason: (v.reason ?? '').trim(),
        ...(v.suggestedDepartment ? { suggestedDepartment: v.suggestedDepartment } : {}),
      });
      clearDraft();
      message.success('转办申请已提交民政部门');
      props.onDone(updated);
    } catch (e) {
      form.setFields(fieldErrorsOf(e) as Parameters<typeof form.setFields>[0]);
      setFailure(messageOf(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="small"
      style={{ maxWidth: 560 }}
      aria-label="申请转办"
      onValuesChange={onValuesChange}
      onFinish={(v) =>
        modal.confirm({
          title: '确认申请转办？',
          content: '提交后本事项等待民政部门决定，期间不能反馈办理结果。',
          okText: '确认提交',
          cancelText: '返回',
          onOk: () => send(v),
        })
      }
    >
      <Form.Item name="suggestedDepartment" label="建议承办部门（可不选）">
        <Select
          allowClear
          placeholder="由民政部门决定"
          style={{ width: 200 }}
          options={Object.entries(departmentLabels)
            .filter(([code]) => code !== svc)
            .map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label="转办原因"
        rules={[
          { required: true, whitespace: true, message: '请填写转办原因' },
          { max: 1000, message: '原因不能超过 1000 字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 8 }} />}
      <Button htmlType="submit" loading={sending}>
        提交转办申请
      </Button>
    </Form>
  );
}
