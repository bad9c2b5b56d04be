import { App, Button, Form, Input, InputNumber, Radio, Select } from 'antd';
import { fieldErrorsOf, messageOf } from '../../../api/errors';
import { useDraft } from '../../../shared/useDraft';
import { useStep, type NextStep, type Review } from './api';
import { abilityLabels, reviewErrorHints, stepLabels } from './labels';
import { StepGate } from './StepGate';

type Values = Record<string, unknown>;

/** The service's refusal in Chinese plus what to do next; field errors next to their fields. */
export function refusalText(err: unknown): string {
  const code = (err as { code?: string }).code;
  const hint = code ? reviewErrorHints[code] : undefined;
  return hint ? `${messageOf(err)}；${hint}` : messageOf(err);
}

const abilityOptions = Object.entries(abilityLabels).map(([value, label]) => ({ value, label }));
const dateRule = { required: true, message: '请选择日期' };

/** The fields of each simple step and how they become the request. */
const steps: Partial<
  Record<
    NextStep['step'],
    {
      path: string;
      method?: 'PUT';
      fields: (review: Review) => React.ReactNode;
      body: (v: Values) => object;
      confirm?: string;
      danger?: boolean;
    }
  >
> = {
  first_review: {
    path: 'first-review',
    fields: () => (
      <Form.Item name="opinion" label="初审意见">
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    ),
    body: (v) => ({ opinion: v['opinion'] ?? '' }),
  },
  economic_check: {
    path: 'economic-check',
    fields: () => (
      <>
        <Form.Item name="startedOn" label="核对开始日期" rules={[dateRule]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="completedOn"
          label="核对完成日期"
          rules={[dateRule]}
          extra="核对超过15天的，审核确认时限延长至30个工作日（R-AP-2）"
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item name="note" label="核对结果">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    body: (v) => ({
      startedOn: v['startedOn'],
      completedOn: v['completedOn'],
      note: v['note'] ?? '',
    }),
  },
  home_visit: {
    path: 'home-visit',
    fields: (review) => (
      <>
        <Form.Item name="visitedOn" label="入户调查日期" rules={[dateRule]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="note" label="调查情况">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {review.item === 'tekun' && (
          <Form.Item
            name="ability"
            label="生活自理能力评估（可同时登记）"
            extra="决定集中或分散供养及照料护理标准（R-AP-3）"
          >
            <Select allowClear options={abilityOptions} />
          </Form.Item>
        )}
      </>
    ),
    body: (v) => ({
      visitedOn: v['visitedOn'],
      note: v['note'] ?? '',
      ...(v['ability'] ? { selfCare: { ability: v['ability'], note: '' } } : {}),
    }),
  },
  self_care: {
    path: 'self-care',
    fields: () => (
      <>
        <Form.Item
          name="ability"
          label="生活自理能力"
          rules={[{ required: true, message: '请选择评估结果' }]}
          extra="完全或部分丧失生活自理能力的，一般安排集中供养（R-AP-3）"
        >
          <Select options={abilityOptions} />
        </Form.Item>
        <Form.Item name="note" label="评估说明">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    body: (v) => ({ ability: v['ability'], note: v['note'] ?? '' }),
  },
  democratic_review: {
    path: 'democratic-review',
    fields: () => (
      <>
        <Form.Item name="heldOn" label="评议日期" rules={[dateRule]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="participantCount"
          label="参加人数"
          rules={[{ required: true, message: '请填写参加人数' }]}
        >
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item
          name="conclusion"
          label="评议结论"
          rules={[{ required: true, message: '请选择评议结论' }]}
        >
          <Radio.Group
            options={[
              { value: 'agree', label: '同意救助' },
              { value: 'disagree', label: '不同意救助' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="评议情况">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>
    ),
    body: (v) => ({
      heldOn: v['heldOn'],
      participantCount: v['participantCount'],
      conclusion: v['conclusion'],
      note: v['note'] ?? '',
    }),
  },
  relatives_review: {
    path: 'relatives-review',
    fields: () => (
      <Form.Item
        name="opinion"
        label="复核意见"
        rules={[{ required: true, message: '请填写复核意见' }]}
      >
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    ),
    body: (v) => ({ opinion: v['opinion'] }),
  },
  payee: {
    path: 'payee',
    method: 'PUT',
    fields: (review) => (
      <>
        <Form.Item
          name="citizenCardNo"
          label={`收款市民卡号（当前：${review.citizenCardNo || '未登记'}）`}
          rules={[
            { required: true, pattern: /^\d{8,19}$/, message: '请填写8至19位数字的市民卡号' },
          ]}
        >
          <Input inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="reason"
          label="登记原因"
          rules={[{ required: true, message: '请填写登记原因' }]}
        >
          <Input maxLength={1000} />
        </Form.Item>
      </>
    ),
    body: (v) => ({ citizenCardNo: v['citizenCardNo'], reason: v['reason'] }),
  },
  paperwork: {
    path: 'paperwork',
    fields: () => (
      <Form.Item
        name="note"
        label="补充说明情况"
        rules={[{ required: true, message: '请填写补充说明' }]}
      >
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    ),
    body: (v) => ({ note: v['note'] }),
  },
  reject: {
    path: 'reject',
    danger: true,
    confirm: '确认作出不予救助决定？此操作不可撤销，申请人将收到告知。',
    fields: () => (
      <Form.Item
        name="reason"
        label="不予救助理由"
        rules={[{ required: true, message: '请填写理由' }]}
      >
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    ),
    body: (v) => ({ reason: v['reason'] }),
  },
  withdraw: {
    path: 'withdraw',
    danger: true,
    confirm: '确认撤回该审核？撤回后审核结束，时限停止计算。',
    fields: () => (
      <Form.Item name="reason" label="撤回原因" rules={[{ required: true, message: '请填写原因' }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    ),
    body: (v) => ({ reason: v['reason'] }),
  },
};

export const simpleSteps = Object.keys(steps) as NextStep['step'][];

/** One step's form (or why the reader may not take it). */
export function StepForm({ review, step }: { review: Review; step: NextStep }) {
  const def = steps[step.step];
  const [form] = Form.useForm<Values>();
  const { onValuesChange, clearDraft } = useDraft(`review:${review.id}:${step.step}`, form);
  const mutation = useStep(review.id);
  const { message, modal } = App.useApp();
  if (!def) return null;
  const send = async (values: Values) => {
    try {
      await mutation.mutateAsync({ path: def.path, method: def.method, body: def.body(values) });
      clearDraft();
      form.resetFields();
      message.success(`${stepLabels[step.step]}已办理`);
    } catch (err) {
      form.setFields(fieldErrorsOf(err));
      message.error(refusalText(err));
    }
  };
  const submit = (values: Values) => {
    if (!def.confirm) return send(values);
    modal.confirm({
      title: stepLabels[step.step],
      content: def.confirm,
      okText: '确认',
      cancelText: '取消',
      okButtonProps: { danger: def.danger },
      onOk: () => send(values),
    });
  };
  return (
    <StepGate review={review} step={step}>
      <Form
        form={form}
        layout="vertical"
        size="small"
        onValuesChange={onValuesChange}
        onFinish={(v) => void submit(v)}
        aria-label={stepLabels[step.step]}
      >
        {def.fields(review)}
        <Button type="primary" danger={def.danger} htmlType="submit" loading={mutation.isPending}>
          {def.danger ? stepLabels[step.step] : `提交${stepLabels[step.step]}`}
        </Button>
      </Form>
    </StepGate>
  );
}
