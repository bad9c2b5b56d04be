import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Space, Tag } from 'antd';
import { fieldErrorsOf } from '../../../api/errors';
import { formatYuan, yuanToFen } from '../../../shared/format';
import { useDraft } from '../../../shared/useDraft';
import { useStep, type Level, type NextStep, type Review } from './api';
import { levelLabels, stepLabels } from './labels';
import { StepGate } from './StepGate';
import { refusalText } from './StepForms';

interface Values {
  amountYuan?: string;
  reason?: string;
  staged?: boolean;
  instalments?: { amountYuan?: string; payFrom?: string }[];
  severe?: boolean;
  largeSocialImpact?: boolean;
  notCoveredByPolicy?: boolean;
}

const RANK: Record<Level, number> = { street: 1, county: 2, city: 3, case_by_case: 4 };
const path = { approve: 'approve', fast_aid: 'fast-aid', follow_up: 'follow-up' } as const;

/**
 * R-AP-5 as the reader types: picks one of the levels the service computed with its own policy
 * function (within the street's limit, above it, severe, not covered by policy).
 */
function tierOf(review: Review, values: Values) {
  const rule = review.approvalRule;
  const amountFen = yuanToFen(values.amountYuan ?? '');
  if (amountFen === undefined || amountFen <= 0) return undefined;
  const picked = values.notCoveredByPolicy
    ? rule.levels.notCovered
    : values.severe || values.largeSocialImpact
      ? rule.levels.severe
      : amountFen <= rule.streetRemainingFen
        ? rule.levels.withinStreet
        : rule.levels.aboveStreet;
  const level = picked.level ?? undefined;
  const own = rule.ownLevel;
  const mine =
    level !== undefined && level !== 'case_by_case' && own !== null && RANK[own] >= RANK[level];
  return { amountFen, level, reason: picked.reason, mine };
}

/** 审核确认／审批, 先行救助 and 跟进救助: amount in 元, stages, and the level it needs. */
export function ApproveForm(props: {
  review: Review;
  step: NextStep & { step: 'approve' | 'fast_aid' | 'follow_up' };
}) {
  const { review, step } = props;
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) ?? {};
  const { onValuesChange, clearDraft } = useDraft(`review:${review.id}:${step.step}`, form);
  const mutation = useStep(review.id);
  const { message, modal } = App.useApp();
  const tier = tierOf(review, values);
  const label = stepLabels[step.step];

  const send = async (v: Values) => {
    const amountFen = yuanToFen(v.amountYuan ?? '') ?? 0;
    const body = {
      amountFen,
      ...(v.staged && v.instalments?.length
        ? {
            instalments: v.instalments.map((i) => ({
              amountFen: yuanToFen(i.amountYuan ?? '') ?? 0,
              ...(i.payFrom ? { payFrom: i.payFrom } : {}),
            })),
          }
        : {}),
      ...(v.severe ? { severe: true } : {}),
      ...(v.largeSocialImpact ? { largeSocialImpact: true } : {}),
      ...(v.notCoveredByPolicy ? { notCoveredByPolicy: true } : {}),
      ...(step.step === 'follow_up' ? { reason: v.reason ?? '' } : {}),
    };
    try {
      await mutation.mutateAsync({ path: path[step.step], body });
      clearDraft();
      form.resetFields();
      message.success(`${label}已办理：${formatYuan(amountFen)}`);
    } catch (err) {
      form.setFields(fieldErrorsOf(err) as Parameters<typeof form.setFields>[0]);
      message.error(refusalText(err));
    }
  };
  const submit = (v: Values) =>
    modal.confirm({
      title: `确认${label}`,
      content: `${label}金额 ${formatYuan(yuanToFen(v.amountYuan ?? '') ?? 0)}${
        tier?.level ? `，须${levelLabels[tier.level]}` : ''
      }。确认后将生成发放指令，不可撤销。`,
      okText: '确认',
      cancelText: '取消',
      onOk: () => send(v),
    });

  return (
    <StepGate review={review} step={step}>
      <Form
        form={form}
        layout="vertical"
        size="small"
        aria-label={label}
        onValuesChange={onValuesChange}
        onFinish={submit}
      >
        <Form.Item
          name="amountYuan"
          label="救助金额（元）"
          rules={[
            { required: true, pattern: /^\d+(\.\d{1,2})?$/, message: '请填写金额，最多两位小数' },
          ]}
          extra={
            step.step === 'fast_aid'
              ? `小金额先行救助不超过 ${formatYuan(review.approvalRule.fastAidCapFen)}（R-AP-4）`
              : review.approvalRule.tiered
                ? `不超过 ${formatYuan(review.approvalRule.streetMaxFen)} 由街道审批，超过由县（区）民政局审批（R-AP-5）`
                : undefined
          }
        >
          <Input inputMode="decimal" autoComplete="off" />
        </Form.Item>
        {review.approvalRule.alreadyApprovedFen > 0 && (
          <p>
            本案已审批 {formatYuan(review.approvalRule.alreadyApprovedFen)}
            ，审批层级按累计金额确定（R-AP-5）。
          </p>
        )}
        {tier && (
          <Alert
            role="status"
            type={tier.mine ? 'success' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            message={
              <Space wrap>
                <span>所需审批层级：</span>
                {tier.level ? <Tag>{levelLabels[tier.level]}</Tag> : null}
              </Space>
            }
            description={
              tier.mine
                ? tier.reason
                : `${tier.reason}；超出您的审批权限，提交后将转${tier.level ? levelLabels[tier.level] : '上级'}`
            }
          />
        )}
        {step.step === 'follow_up' && (
          <Form.Item
            name="reason"
            label="跟进救助理由"
            rules={[{ required: true, message: '请填写理由' }]}
          >
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
        {review.item === 'temporary' && (
          <Space wrap>
            <Form.Item name="severe" valuePropName="checked">
              <Checkbox>急难程度严重</Checkbox>
            </Form.Item>
            <Form.Item name="largeSocialImpact" valuePropName="checked">
              <Checkbox>社会影响较大</Checkbox>
            </Form.Item>
            <Form.Item name="notCoveredByPolicy" valuePropName="checked">
              <Checkbox>现行政策难以覆盖（转一事一议）</Checkbox>
            </Form.Item>
          </Space>
        )}
        <Form.Item name="staged" valuePropName="checked">
          <Checkbox>一次审批、分阶段救助</Checkbox>
        </Form.Item>
        {values.staged && (
          <Form.List name="instalments" initialValue={[{}, {}]}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item
                      name={[f.name, 'amountYuan']}
                      label={`第${i + 1}期金额（元）`}
                      rules={[
                        { required: true, pattern: /^\d+(\.\d{1,2})?$/, message: '请填写金额' },
                      ]}
                    >
                      <Input inputMode="decimal" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'payFrom']} label={`第${i + 1}期发放起始日`}>
                      <Input type="date" />
                    </Form.Item>
                    <Button
                      type="text"
                      aria-label={`删除第${i + 1}期`}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>
                  增加一期
                </Button>
                <p>各期金额之和须等于审批金额。</p>
              </>
            )}
          </Form.List>
        )}
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {label}
        </Button>
      </Form>
    </StepGate>
  );
}
