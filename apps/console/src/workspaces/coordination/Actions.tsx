import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { useMemo } from 'react';
import { newIdempotencyKey } from '../../api/client';
import { showFieldErrors } from '../../api/errors';
import { useDraft } from '../../shared/useDraft';
import { useReferral, useSupervise, useTransfer } from './api';
import { departmentOptions, errText, supervisionLabels } from './labels';
import type { PartView } from './types';

interface ModalProps {
  open: boolean;
  onClose: () => void;
}

/** 转办: the part goes to another department, with the reason (R-JH-2). */
export function TransferModal(props: ModalProps & { caseId: string; part: PartView }) {
  const [form] = Form.useForm<{ toDepartment: string; reason: string }>();
  const draft = useDraft(`coordination-transfer-${props.part.partId}`, form);
  const transfer = useTransfer(props.caseId);
  const { message } = App.useApp();
  const options = departmentOptions().filter((o) => o.value !== props.part.department);
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return; // the form shows what is missing
    try {
      await transfer.mutateAsync({ partId: props.part.partId, ...values });
      draft.clearDraft();
      form.resetFields();
      void message.success('已转办，新部门将收到该事项');
      props.onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) void message.error(errText(e));
    }
  };
  return (
    <Modal
      title={`转办：${props.part.departmentName}事项`}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText="确认转办"
      confirmLoading={transfer.isPending}
      destroyOnHidden
    >
      <p>转办后原部门事项撤回，由新部门重新计算反馈和办理期限，此操作不可撤销。</p>
      <Form
        form={form}
        layout="vertical"
        size="small"
        onValuesChange={draft.onValuesChange}
        initialValues={{ toDepartment: props.part.transferRequest?.suggestedDepartment }}
        onFinish={() => void submit()}
      >
        <Form.Item
          name="toDepartment"
          label="转至部门"
          rules={[{ required: true, message: '请选择转至的部门' }]}
        >
          <Select options={options} placeholder="请选择部门" />
        </Form.Item>
        <Form.Item
          name="reason"
          label="转办理由"
          rules={[{ required: true, whitespace: true, message: '请填写转办理由' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 转介: hands the case to a charity or social-work organisation as well. */
export function ReferralModal(props: ModalProps & { caseId: string }) {
  const [form] = Form.useForm<{
    organisation: string;
    kind: 'charity' | 'social_work';
    reason: string;
  }>();
  const draft = useDraft(`coordination-referral-${props.caseId}`, form);
  const refer = useReferral(props.caseId);
  const { message } = App.useApp();
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return; // the form shows what is missing
    try {
      await refer.mutateAsync(values);
      draft.clearDraft();
      form.resetFields();
      void message.success('已转介');
      props.onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) void message.error(errText(e));
    }
  };
  return (
    <Modal
      title="转介"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText="确认转介"
      confirmLoading={refer.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        size="small"
        onValuesChange={draft.onValuesChange}
        initialValues={{ kind: 'social_work' }}
        onFinish={() => void submit()}
      >
        <Form.Item name="kind" label="转介类型" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'social_work', label: '社会工作服务' },
              { value: 'charity', label: '慈善组织' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="organisation"
          label="接收机构"
          rules={[{ required: true, whitespace: true, message: '请填写接收机构' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="转介理由"
          rules={[{ required: true, whitespace: true, message: '请填写转介理由' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 督办 (R-JH-4): remind the department or escalate, with a note; confirmed before sending. */
export function SuperviseModal(
  props: ModalProps & {
    target?: { caseId: string; partId: string; departmentName: string; applicationNumber?: string };
    action: 'remind' | 'escalate';
  },
) {
  const [form] = Form.useForm<{ note?: string }>();
  const draft = useDraft(
    `coordination-supervise-${props.target?.partId ?? 'none'}-${props.action}`,
    form,
  );
  const supervise = useSupervise();
  const { message } = App.useApp();
  // One key per opening of the dialog: a retry after a network error is the same 督办.
  const key = useMemo(() => newIdempotencyKey(), [props.target?.partId, props.action, props.open]);
  const label = supervisionLabels[props.action];
  const submit = async () => {
    if (!props.target) return;
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const { note } = values;
    try {
      await supervise.mutateAsync({
        caseId: props.target.caseId,
        partId: props.target.partId,
        action: props.action,
        note: note?.trim() || undefined,
        idempotencyKey: key,
      });
      draft.clearDraft();
      form.resetFields();
      void message.success(`已${label}${props.target.departmentName}`);
      props.onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) void message.error(errText(e));
    }
  };
  return (
    <Modal
      title={`${label}：${props.target?.departmentName ?? ''}`}
      open={props.open && !!props.target}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={`确认${label}`}
      okButtonProps={{ danger: props.action === 'escalate' }}
      confirmLoading={supervise.isPending}
      destroyOnHidden
    >
      <p>
        {props.action === 'escalate'
          ? '升级督办将以协调员督办级别通知该部门并记录在案，确认继续？'
          : '将向该部门发送催办提醒，确认继续？'}
        {props.target?.applicationNumber ? `（申请编号 ${props.target.applicationNumber}）` : ''}
      </p>
      <Form
        form={form}
        layout="vertical"
        size="small"
        onValuesChange={draft.onValuesChange}
        onFinish={() => void submit()}
      >
        <Form.Item
          name="note"
          label="督办说明（选填）"
          rules={[{ max: 200, message: '督办说明不超过200字' }]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
