import { Alert, App, Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrorsOf, messageOf } from '../../../api/errors';
import { textDate } from '../../../shared/dayField';
import { formatYuan, yuanToFen } from '../../../shared/format';
import { useDraft } from '../../../shared/useDraft';
import { categoryLabels, grant, precheck, type EmergencyCategory } from './api';

interface Values {
  name?: string;
  idNumber?: string;
  citizenCardNo?: string;
  household?: string;
  amountYuan?: string;
  category?: EmergencyCategory;
  occurredOn?: string;
  description?: string;
}

const idsOf = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,，、]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
const fieldOf = (name: (string | number)[]): (string | number)[] => {
  const path = name.join('.');
  if (path === 'amountFen') return ['amountYuan'];
  if (path === 'recipient.idNumber') return ['idNumber'];
  if (path === 'recipient.citizenCardNo') return ['citizenCardNo'];
  if (path === 'situation.occurredOn') return ['occurredOn'];
  return [String(name[name.length - 1])];
};

/**
 * 先行救助 (R-AP-9) by the street approver: the cap and the once-a-year guard (R-AP-6) are asked
 * from the server as the user types (POST /first-aid/check), so the refusal shows before sending.
 */
export function GrantForm() {
  const [form] = Form.useForm<Values>();
  const { onValuesChange, clearDraft } = useDraft('approval:first-aid:grant', form);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [requestId] = useState(() => crypto.randomUUID());
  const [failure, setFailure] = useState<string>();
  const idNumber = Form.useWatch('idNumber', form);
  const household = Form.useWatch('household', form);
  const occurredOn = Form.useWatch('occurredOn', form);
  const amountYuan = Form.useWatch('amountYuan', form);
  const ask = useMemo(
    () => ({
      idNumber: (idNumber ?? '').trim().toUpperCase(),
      householdIdNumbers: idsOf(household),
      occurredOn: occurredOn ?? '',
      amountFen: amountYuan ? yuanToFen(amountYuan) : undefined,
    }),
    [idNumber, household, occurredOn, amountYuan],
  );
  const check = useQuery({
    queryKey: ['first-aid-check', ask],
    queryFn: () =>
      precheck({
        householdIdNumbers: ask.householdIdNumbers.filter((n) => n.length === 18),
        amountFen: ask.amountFen,
        // The guard is asked once the number is complete and the day chosen; the cap always.
        ...(ask.idNumber.length === 18 && ask.occurredOn
          ? { idNumber: ask.idNumber, occurredOn: ask.occurredOn }
          : {}),
      }),
    // The cap is shown from the first render; the guard once an ID number and date are there.
    staleTime: 10_000,
  });
  const capFen = check.data?.capFen;
  const repeat = ask.idNumber.length === 18 && ask.occurredOn ? check.data?.repeat : undefined;
  const blocked = Boolean(check.data?.amount) || repeat?.applies === true;

  const send = async (v: Values) => {
    setFailure(undefined);
    try {
      const created = await grant({
        requestId,
        recipient: {
          name: (v.name ?? '').trim(),
          idNumber: ask.idNumber,
          citizenCardNo: (v.citizenCardNo ?? '').trim(),
        },
        amountFen: yuanToFen(v.amountYuan ?? '') ?? 0,
        householdIdNumbers: ask.householdIdNumbers,
        situation: {
          category: v.category!,
          occurredOn: ask.occurredOn,
          description: (v.description ?? '').trim(),
        },
      });
      clearDraft();
      message.success('先行救助已发放，24小时内到位，已报县（区）民政局备案');
      navigate(`/approval/first-aid/${created.id}`);
    } catch (e) {
      const fields = fieldErrorsOf(e).map((f) => ({ ...f, name: fieldOf(f.name) }));
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setFailure(messageOf(e));
    }
  };
  const confirm = (v: Values) =>
    modal.confirm({
      title: '确认发放先行救助？',
      content: (
        <div>
          <p>
            救助对象：{v.name}，金额 {formatYuan(yuanToFen(v.amountYuan ?? '') ?? 0)}
          </p>
          <p>发放后从街道临时救助备用金支付，24小时内到位，并报县（区）民政局备案，不能撤回。</p>
        </div>
      ),
      okText: '确认发放',
      cancelText: '返回修改',
      onOk: () => send(v),
    });

  return (
    <section aria-labelledby="first-aid-new">
      <h2 id="first-aid-new">发放先行救助</h2>
      <Typography.Paragraph type="secondary">
        急难情形下由街道先行救助，单次最高{' '}
        <strong>{capFen === undefined ? '…' : formatYuan(capFen)}</strong>
        （R-AP-9）；同一急难事项一年内只救助一次（R-AP-6）。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        size="small"
        style={{ maxWidth: 620 }}
        aria-label="发放先行救助"
        onValuesChange={onValuesChange}
        onFinish={confirm}
      >
        <Space wrap align="start">
          <Form.Item
            name="name"
            label="救助对象姓名"
            rules={[{ required: true, message: '请填写姓名' }]}
          >
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label="身份证号码"
            rules={[{ required: true, message: '请填写身份证号码' }]}
          >
            <Input style={{ width: 220 }} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="citizenCardNo"
            label="市民卡号（收款）"
            rules={[{ required: true, message: '请填写市民卡号，救助金直接发放到市民卡' }]}
          >
            <Input style={{ width: 200 }} autoComplete="off" />
          </Form.Item>
        </Space>
        <Form.Item
          name="household"
          label="其他家庭成员身份证号码（可选，逗号或空格分隔）"
          extra="任一家庭成员已因同一急难事项获救助的，一年内不再救助（R-AP-6）"
        >
          <Input.TextArea rows={2} autoComplete="off" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item
            name="category"
            label="急难情形"
            rules={[{ required: true, message: '请选择急难情形' }]}
          >
            <Select
              style={{ width: 240 }}
              options={Object.entries(categoryLabels).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item
            name="occurredOn"
            label="急难发生日期"
            {...textDate()}
            rules={[{ required: true, message: '请选择发生日期' }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="amountYuan"
            label="救助金额（元）"
            extra={capFen === undefined ? undefined : `最高 ${formatYuan(capFen)}`}
            validateStatus={check.data?.amount ? 'error' : undefined}
            help={check.data?.amount}
            rules={[
              { required: true, message: '请填写救助金额' },
              {
                validator: async (_, v?: string) => {
                  if (!v) return;
                  const fen = yuanToFen(v);
                  if (fen === undefined || fen < 1) throw new Error('金额格式不正确');
                },
              },
            ]}
          >
            <Input inputMode="decimal" suffix="元" style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="description"
          label="急难情况说明"
          rules={[{ required: true, message: '请说明急难情况' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {repeat?.applies && (
          <Alert
            type="error"
            showIcon
            title="同一急难事项一年内已救助过，不能再次先行救助"
            description={repeat.reason}
            style={{ marginBottom: 12 }}
          />
        )}
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" disabled={blocked}>
          发放先行救助
        </Button>
      </Form>
    </section>
  );
}
