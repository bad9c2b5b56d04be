import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/typed';
import { yuanToFen } from '../../shared/format';
import { useDraft } from '../../shared/useDraft';
import { refusalOf, showProblems, type Order } from './api';

type Kind = 'resend' | 'returned' | 'escalate' | 'payee' | 'preallocate' | 'streetPayout';

interface ActionDef {
  label: string;
  /** What will happen, said in the confirmation. */
  effect: string;
  /** Why the action is not possible now; undefined when it is. */
  blocked: (o: Order) => string | undefined;
}

const settled = ['confirmed', 'paid_by_street', 'returned'];
const actions: Record<Kind, ActionDef> = {
  resend: {
    label: '重新推送',
    effect:
      '先向社保卡平台查询该笔状态，确认平台未付款后再重新推送（R-PAY-5 不重复支付）；卡号不能在此更改（R-PAY-6）。',
    blocked: (o) => (o.status === 'failed' ? undefined : '只有“推送失败”的指令可以重新推送'),
  },
  returned: {
    label: '登记资金退回',
    effect: '记录平台退回的金额和原因，指令状态改为“资金退回”。',
    blocked: (o) =>
      ['confirmed', 'sent', 'paid_by_street', 'returned'].includes(o.status)
        ? o.returnedFunds
          ? '该指令已登记过资金退回'
          : undefined
        : '只有已推送、已到账或街道已代付的指令可以登记退回',
  },
  escalate: {
    label: '上报区县',
    effect: '将该指令上报区县民政部门督办，记录原因；只能上报一次。',
    blocked: (o) =>
      o.escalation
        ? '该指令已上报'
        : settled.includes(o.status)
          ? '已办结的指令无需上报'
          : undefined,
  },
  payee: {
    label: '补录收款信息',
    effect: '录入收款人的市民卡号后，指令按正常流程推送。',
    blocked: (o) =>
      o.status === 'awaiting_payee' ? undefined : '只有“待补收款信息”的指令需要补录',
  },
  preallocate: {
    label: '转为街道代付',
    effect:
      '平台中断时，将该笔资金预拨到街道，由街道支付后回报（R-PAY-3）；平台已有该笔时会被拒绝。',
    blocked: (o) =>
      ['pending', 'sending'].includes(o.status)
        ? undefined
        : '只有待推送或推送中的指令可以转为街道代付',
  },
  streetPayout: {
    label: '登记街道已代付',
    effect: '记录街道的支付凭证号和支付日期，指令改为“街道已代付”。',
    blocked: (o) => (o.status === 'preallocated' ? undefined : '只有已预拨街道的指令可以登记代付'),
  },
};

interface Values {
  reason?: string;
  amountYuan?: string;
  citizenCardNo?: string;
  name?: string;
  voucherRef?: string;
  paidOn?: string;
}

/** Staff actions with what each will do; a step not possible now is disabled with the reason. */
export function OrderActions({ order }: { order: Order }) {
  const [open, setOpen] = useState<Kind>();
  const kinds = Object.keys(actions) as Kind[];
  const blocked = kinds.filter((k) => actions[k].blocked(order));
  return (
    <Space direction="vertical" size={4}>
      <Space wrap>
        {(Object.keys(actions) as Kind[]).map((k) => {
          const why = actions[k].blocked(order);
          return (
            <Tooltip key={k} title={why}>
              <Button
                size="small"
                disabled={!!why}
                aria-description={why}
                onClick={() => setOpen(k)}
              >
                {actions[k].label}
              </Button>
            </Tooltip>
          );
        })}
      </Space>
      {blocked.length > 0 && (
        <details>
          <summary>为什么有 {blocked.length} 项操作不可用</summary>
          <ul>
            {blocked.map((k) => (
              <li key={k}>
                <Typography.Text type="secondary">
                  {actions[k].label}：{actions[k].blocked(order)}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </details>
      )}
      {open && <ActionDialog kind={open} order={order} onClose={() => setOpen(undefined)} />}
    </Space>
  );
}

function ActionDialog({ kind, order, onClose }: { kind: Kind; order: Order; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { onValuesChange, clearDraft } = useDraft(`payment-order-${kind}-${order.id}`, form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const def = actions[kind];
  const id = order.id;

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const reason = v.reason ?? '';
      const params = { id };
      if (kind === 'resend')
        await call('payment', 'post', '/orders/{id}/resend', { params, body: { reason } });
      if (kind === 'escalate')
        await call('payment', 'post', '/orders/{id}/escalate', { params, body: { reason } });
      if (kind === 'preallocate')
        await call('payment', 'post', '/orders/{id}/preallocate', { params, body: { reason } });
      if (kind === 'returned') {
        const amountFen = yuanToFen(v.amountYuan ?? '') ?? 0;
        await call('payment', 'post', '/orders/{id}/returned-funds', {
          params,
          body: { amountFen, reason },
        });
      }
      if (kind === 'payee') {
        const body = {
          citizenCardNo: v.citizenCardNo ?? '',
          reason,
          ...(v.name ? { name: v.name } : {}),
        };
        await call('payment', 'post', '/orders/{id}/payee', { params, body });
      }
      if (kind === 'streetPayout') {
        const body = { voucherRef: v.voucherRef ?? '', paidOn: v.paidOn ?? '' };
        await call('payment', 'post', '/orders/{id}/street-payout', { params, body });
      }
      clearDraft();
      message.success(`${def.label}：已完成`);
      await queryClient.invalidateQueries({ queryKey: ['payment'] });
      onClose();
    } catch (e) {
      if (!showProblems(form, e)) message.error(refusalOf(e));
    } finally {
      setBusy(false);
    }
  };

  const needsReason = kind !== 'streetPayout';
  return (
    <Modal
      open
      title={`${def.label}：${id}`}
      okText={`确认${def.label}`}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <p>{def.effect}</p>
      <Form form={form} layout="vertical" onValuesChange={onValuesChange} onFinish={submit}>
        {kind === 'returned' && (
          <Form.Item
            name="amountYuan"
            label="退回金额（元）"
            rules={[{ required: true, message: '请填写退回金额' }]}
          >
            <Input inputMode="decimal" />
          </Form.Item>
        )}
        {kind === 'payee' && (
          <>
            <Form.Item
              name="citizenCardNo"
              label="市民卡号"
              rules={[{ required: true, message: '请填写市民卡号' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="name" label="户名（与收款人不同时填写）">
              <Input />
            </Form.Item>
          </>
        )}
        {kind === 'streetPayout' && (
          <>
            <Form.Item
              name="voucherRef"
              label="支付凭证号"
              rules={[{ required: true, message: '请填写凭证号' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="paidOn"
              label="支付日期"
              rules={[
                { required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式为 YYYY-MM-DD' },
              ]}
            >
              <Input placeholder="2026-12-05" />
            </Form.Item>
          </>
        )}
        {needsReason && (
          <Form.Item
            name="reason"
            label="原因"
            rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
          >
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
