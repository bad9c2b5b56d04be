import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { call } from '../../api/typed';
import { emptyText } from '../../shared/emptyText';
import { formatDateTime, formatDuration, formatYuan, yuanToFen } from '../../shared/format';
import { RegionName } from '../../shared/regions';
import { useDraft } from '../../shared/useDraft';
import {
  refusalOf,
  showProblems,
  usePlatformStatus,
  useReserves,
  type ReserveAccount,
} from './api';

/** 备付金与预拨: the card platform's state (R-PAY-3) and the street reserves (R-PAY-4). */
export function Reserves() {
  const platform = usePlatformStatus().data;
  const reserves = useReserves();
  const [deposit, setDeposit] = useState<string>();
  const [prealloc, setPrealloc] = useState<string>();
  const low = (reserves.data?.items ?? []).filter((a) => a.belowThreshold);
  const blocked = !platform?.fallbackAllowed
    ? platform?.downSince
      ? `平台已中断 ${formatDuration(platform.downForMs)}，满 ${formatDuration(platform.fallbackAfterMs)} 后才可预拨街道（R-PAY-3）`
      : '社保卡平台正常，资金直达市民卡，无需预拨街道（R-PAY-1、R-PAY-3）'
    : undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>备付金与预拨</Typography.Title>
      <Card size="small" title="社保卡平台状态">
        {platform ? (
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="状态">
              {platform.downSince ? <Tag color="red">中断</Tag> : <Tag color="green">正常</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="中断自">
              {formatDateTime(platform.downSince)}
            </Descriptions.Item>
            <Descriptions.Item label="最近正常">
              {formatDateTime(platform.lastOkAt)}
            </Descriptions.Item>
            <Descriptions.Item label="预拨条件">
              {platform.fallbackAllowed
                ? '已满足：可将待推送指令预拨到街道'
                : `中断满 ${formatDuration(platform.fallbackAfterMs)}`}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <div role="status">正在加载…</div>
        )}
      </Card>
      {low.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={`${low.length} 个街道临时救助备付金低于 10,000 元（R-PAY-4），请及时拨付`}
        />
      )}
      {reserves.error && <Alert type="error" showIcon message={refusalOf(reserves.error)} />}
      <Table<ReserveAccount>
        size="small"
        aria-label="街道备付金余额"
        rowKey="streetCode"
        loading={reserves.isLoading}
        dataSource={reserves.data?.items}
        pagination={false}
        locale={{ emptyText: emptyText('辖区内暂无街道备付金账户：首次拨付后即显示。') }}
        columns={[
          {
            title: '街道',
            dataIndex: 'streetCode',
            render: (c: string) => <RegionName code={c} />,
          },
          {
            title: '余额',
            dataIndex: 'balanceFen',
            align: 'right',
            render: (f: number, a) => (
              <span>
                {formatYuan(f)}{' '}
                {a.belowThreshold && <Tag color="red">低于 {formatYuan(a.thresholdFen)}</Tag>}
              </span>
            ),
          },
          {
            title: '操作',
            render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => setDeposit(a.streetCode)}>
                  拨付
                </Button>
                <Button
                  size="small"
                  disabled={!!blocked}
                  title={blocked}
                  onClick={() => setPrealloc(a.streetCode)}
                >
                  预拨本街道待推送指令
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Input.Search
        aria-label="拨付到街道（街道代码）"
        placeholder="向其他街道拨付：街道代码，如 330106001"
        enterButton="拨付"
        style={{ maxWidth: 420 }}
        onSearch={(v) => /^\d{9}$/.test(v.trim()) && setDeposit(v.trim())}
      />
      {blocked && <Typography.Text type="secondary">预拨街道：{blocked}</Typography.Text>}
      {deposit && <DepositDialog street={deposit} onClose={() => setDeposit(undefined)} />}
      {prealloc && <PreallocateDialog street={prealloc} onClose={() => setPrealloc(undefined)} />}
    </Space>
  );
}

function DepositDialog({ street, onClose }: { street: string; onClose: () => void }) {
  const [form] = Form.useForm<{ amountYuan: string; ref: string; reason: string }>();
  const { onValuesChange, clearDraft } = useDraft(`payment-deposit-${street}`, form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { amountYuan: string; ref: string; reason: string }) => {
    const amountFen = yuanToFen(v.amountYuan);
    if (!amountFen) {
      form.setFields([{ name: 'amountYuan', errors: ['请填写正确的金额（元）'] }]);
      return;
    }
    setBusy(true);
    try {
      await call('payment', 'post', '/reserves/{streetCode}/deposits', {
        params: { streetCode: street },
        body: { amountFen, ref: v.ref, reason: v.reason },
      });
      clearDraft();
      message.success('拨付已入账');
      await queryClient.invalidateQueries({ queryKey: ['payment', 'reserves'] });
      onClose();
    } catch (e) {
      if (!showProblems(form, e)) message.error(refusalOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="拨付街道备付金"
      okText="确认拨付"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <p>
        向 <RegionName code={street} />{' '}
        临时救助备付金账户拨付资金。入账后不可撤销，记入审计（R-PAY-6）；同一拨付文号不会重复入账。
      </p>
      <Form form={form} layout="vertical" onValuesChange={onValuesChange} onFinish={submit}>
        <Form.Item
          name="amountYuan"
          label="金额（元）"
          rules={[{ required: true, message: '请填写金额' }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="ref"
          label="拨付文号"
          rules={[{ required: true, whitespace: true, message: '请填写拨付文号' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="说明"
          rules={[{ required: true, whitespace: true, message: '请填写说明' }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PreallocateDialog({ street, onClose }: { street: string; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { onValuesChange, clearDraft } = useDraft(`payment-prealloc-${street}`, form);
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const submit = async (v: { reason: string }) => {
    try {
      const r = await call<
        {
          preallocated: string[];
          foundOnPlatform: string[];
          refused: { id: string; message: string }[];
        },
        'payment',
        'post',
        '/streets/{streetCode}/preallocate'
      >('payment', 'post', '/streets/{streetCode}/preallocate', {
        params: { streetCode: street },
        body: { reason: v.reason },
      });
      clearDraft();
      modal.info({
        title: '预拨结果',
        content: `已预拨 ${r.preallocated.length} 笔；平台已有记录未预拨 ${r.foundOnPlatform.length} 笔；被拒 ${r.refused.length} 笔。`,
      });
      await queryClient.invalidateQueries({ queryKey: ['payment'] });
      onClose();
    } catch (e) {
      message.error(refusalOf(e));
    }
  };
  return (
    <Modal
      open
      title="预拨街道"
      okText="确认预拨"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <p>
        平台中断期间，将 <RegionName code={street} />{' '}
        已到期的待推送指令预拨到街道，由街道支付后回报（R-PAY-3）。平台已有记录的指令不会预拨（R-PAY-5）。
      </p>
      <Form form={form} layout="vertical" onValuesChange={onValuesChange} onFinish={submit}>
        <Form.Item
          name="reason"
          label="原因"
          rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
