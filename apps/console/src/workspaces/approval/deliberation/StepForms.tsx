import { Alert, Button, Checkbox, DatePicker, Form, Input, Radio, Space } from 'antd';
import type { ReactNode } from 'react';
import { textDate } from '../../../shared/dayField';
import { Deadline } from '../../../shared/Deadline';
import { formatYuan, yuanToFen } from '../../../shared/format';
import type { DeliberationView, StepKey } from './api';
import { useStepForm } from './useStepForm';

type V = Record<string, unknown>;
const day = (v: unknown) => (typeof v === 'string' ? v : '');
const text = (v: unknown) => String(v ?? '').trim();
const required = (message: string) => [{ required: true, message }];

interface Props {
  d: DeliberationView;
  step: StepKey;
  onDone: () => void;
}

interface StepDef {
  title: string;
  fields: ReactNode;
  body: (v: V) => object;
  question: (v: V) => string;
}

const filingRecipientLabels: Record<string, string> = {
  discipline_committee: '街道（乡镇）纪（工）委',
  business_department: '业务主管部门',
};

function defOf(d: DeliberationView, step: StepKey): StepDef {
  switch (step) {
    case 'investigation':
      return {
        title: '登记调查核实结果',
        fields: (
          <>
            <Space wrap>
              <Form.Item
                name="checkStarted"
                label="经济状况核对开始"
                rules={required('请选择日期')}
                {...textDate()}
              >
                <DatePicker />
              </Form.Item>
              <Form.Item
                name="checkCompleted"
                label="核对完成"
                rules={required('请选择日期')}
                {...textDate()}
              >
                <DatePicker />
              </Form.Item>
              <Form.Item
                name="visitedOn"
                label="入户调查日期"
                rules={required('请选择日期')}
                {...textDate()}
              >
                <DatePicker />
              </Form.Item>
            </Space>
            <Form.Item name="checkNote" label="核对情况">
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="visitNote" label="入户调查情况">
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        ),
        body: (v) => ({
          economicCheck: {
            startedOn: day(v.checkStarted),
            completedOn: day(v.checkCompleted),
            note: text(v.checkNote),
          },
          homeVisit: { visitedOn: day(v.visitedOn), note: text(v.visitNote) },
        }),
        question: () => '登记调查核实结果？',
      };
    case 'office-review':
      return {
        title: '社会事务办负责人审核',
        fields: (
          <>
            <Form.Item name="passed" label="审核意见" rules={required('请选择审核意见')}>
              <Radio.Group
                options={[
                  { value: true, label: '审核通过，提交集体研究' },
                  { value: false, label: '不通过（办结）' },
                ]}
              />
            </Form.Item>
            <Form.Item name="opinion" label="意见说明">
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        ),
        body: (v) => ({ passed: v.passed === true, opinion: text(v.opinion) }),
        question: (v) =>
          v.passed ? '审核通过，提交集体研究？' : '审核不通过？事项将办结，不能撤回。',
      };
    case 'collective-decision':
      return {
        title: '登记集体研究决定',
        fields: (
          <>
            <Form.Item name="approved" label="研究结果" rules={required('请选择研究结果')}>
              <Radio.Group
                options={[
                  { value: true, label: '同意救助' },
                  { value: false, label: '不予救助' },
                ]}
              />
            </Form.Item>
            <Space wrap>
              <Form.Item
                name="meetingOn"
                label="会议日期"
                rules={required('请选择会议日期')}
                {...textDate()}
              >
                <DatePicker />
              </Form.Item>
              <Form.Item name="amountYuan" label="救助金额（元，同意时必填）">
                <Input inputMode="decimal" suffix="元" style={{ width: 160 }} />
              </Form.Item>
            </Space>
            <Form.Item name="minutes" label="会议纪要">
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        ),
        body: (v) => ({
          approved: v.approved === true,
          meetingOn: day(v.meetingOn),
          ...(v.approved === true ? { amountFen: yuanToFen(text(v.amountYuan)) ?? 0 } : {}),
          minutes: text(v.minutes),
        }),
        question: (v) =>
          v.approved
            ? `登记集体研究同意救助 ${formatYuan(yuanToFen(text(v.amountYuan)) ?? 0)}？之后进入公示。`
            : '登记集体研究不予救助？事项将办结，不能撤回。',
      };
    case 'public-notice':
      return {
        title: '登记公示张贴',
        fields: (
          <Space wrap>
            <Form.Item
              name="postedOn"
              label="张贴日期"
              rules={required('请选择张贴日期')}
              {...textDate()}
            >
              <DatePicker />
            </Form.Item>
            <Form.Item name="place" label="公示地点" rules={required('请填写公示地点')}>
              <Input style={{ width: 280 }} placeholder="如：某某社区公示栏" />
            </Form.Item>
          </Space>
        ),
        body: (v) => ({ postedOn: day(v.postedOn), place: text(v.place) }),
        question: () => '登记公示张贴？公示期7天（DOMAIN §5.6）。',
      };
    case 'objection':
      return {
        title: '登记公示异议',
        fields: (
          <Form.Item name="content" label="异议内容" rules={required('请填写异议内容')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ),
        body: (v) => ({ content: text(v.content) }),
        question: () => '登记异议？事项将退回重新调查核实（DOMAIN §5.7），不能撤回。',
      };
    case 'approve':
      return {
        title: '公示无异议，审批通过',
        fields: d.publicNotice ? (
          <p>
            公示期满：
            <Deadline dueAt={d.publicNotice.endsAt} label="公示7天期满后方可审批（DOMAIN §5.6）" />
          </p>
        ) : null,
        body: () => ({}),
        question: () => '审批通过？救助将发送资金发放，不能撤回。',
      };
    case 'continue':
    case 'conclude':
      return {
        title: step === 'continue' ? '重新调查后继续审批' : '重新调查后办结',
        fields: (
          <Form.Item name="reason" label="原因" rules={required('请填写原因')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ),
        body: (v) => ({ reason: text(v.reason) }),
        question: () =>
          step === 'continue' ? '继续审批通过？不能撤回。' : '办结（不予救助）？不能撤回。',
      };
    case 'filing':
      return {
        title: '登记备案',
        fields: (
          <>
            {d.filing && (
              <p>
                期限：
                <Deadline dueAt={d.filing.dueAt} label="审批后3个工作日内备案（DOMAIN §5.8）" />
              </p>
            )}
            <Form.Item name="recipients" label="已报送" rules={required('请选择已报送的单位')}>
              <Checkbox.Group
                options={(d.rules?.filingRecipients ?? Object.keys(filingRecipientLabels)).map(
                  (value) => ({ value, label: filingRecipientLabels[value] ?? value }),
                )}
              />
            </Form.Item>
          </>
        ),
        body: (v) => ({ recipients: (v.recipients as string[] | undefined) ?? [] }),
        question: () => '登记备案？不能撤回。',
      };
    default:
      throw new Error(`no form for ${step}`);
  }
}

/** The form of one step of §5 (the democratic review has its own). */
export function StepForm({ d, step, onDone }: Props) {
  const def = defOf(d, step);
  const { form, onValuesChange, submit, pending, failure } = useStepForm<V>(d, step, onDone);
  return (
    <Form<V>
      form={form}
      layout="vertical"
      size="small"
      aria-label={def.title}
      onValuesChange={onValuesChange}
      onFinish={(v) => submit(def.body(v), def.question(v))}
      style={{ maxWidth: 720 }}
    >
      {def.fields}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" loading={pending}>
        {def.title}
      </Button>
    </Form>
  );
}
