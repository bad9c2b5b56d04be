import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Space,
  Spin,
  Timeline,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { hasRole, useUser } from '../../../auth/AuthContext';
import { textDate } from '../../../shared/dayField';
import { Deadline } from '../../../shared/Deadline';
import { formatDate, formatDateTime, formatYuan } from '../../../shared/format';
import { RegionName } from '../../../shared/regions';
import { StaffName } from '../../../shared/StaffName';
import { useDraft } from '../../../shared/useDraft';
import {
  acknowledge,
  categoryLabels,
  emergencyEnded,
  getFirstAid,
  paperwork,
  statusLabels,
  type FirstAidView,
} from './api';

type Step = 'ended' | 'paperwork' | 'ack';

/** One step's small form: a date or a note, confirmed, then the record refreshes. */
function StepForm(props: { aid: FirstAidView; step: Step; onDone: (a: FirstAidView) => void }) {
  const { aid, step } = props;
  const [form] = Form.useForm<{ day?: string; note?: string }>();
  const { onValuesChange, clearDraft } = useDraft(`approval:first-aid:${aid.id}:${step}`, form);
  const { modal } = App.useApp();
  const run = useMutation({
    mutationFn: (v: { day?: string; note?: string }) =>
      step === 'ended'
        ? emergencyEnded(aid.id, v.day!)
        : step === 'paperwork'
          ? paperwork(aid.id, (v.note ?? '').trim())
          : acknowledge(aid.id, (v.note ?? '').trim()),
    onSuccess: (a) => {
      clearDraft();
      props.onDone(a);
    },
  });
  const title = {
    ended: '登记紧急情况解除',
    paperwork: '登记手续已补齐',
    ack: '确认备案（县级）',
  }[step];
  return (
    <Form
      form={form}
      layout="inline"
      size="small"
      aria-label={title}
      onValuesChange={onValuesChange}
      onFinish={(v) =>
        modal.confirm({
          title: `${title}？`,
          content:
            step === 'ended'
              ? '登记后开始一周的补齐手续期限（R-AP-9），不能撤回。'
              : '登记后不能撤回。',
          onOk: () => run.mutateAsync(v),
        })
      }
      style={{ marginBottom: 8 }}
    >
      {step === 'ended' ? (
        <Form.Item
          name="day"
          label="解除日期"
          {...textDate()}
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker />
        </Form.Item>
      ) : (
        <Form.Item
          name="note"
          label={step === 'ack' ? '备案意见' : '手续说明'}
          rules={[{ required: true, message: '请填写说明' }]}
        >
          <Input style={{ width: 320 }} />
        </Form.Item>
      )}
      <Button htmlType="submit" type="primary" loading={run.isPending}>
        {title}
      </Button>
      {run.error && <Alert type="error" showIcon title={messageOf(run.error)} />}
    </Form>
  );
}

/** One first aid: its clocks (24 hours in place, one week paperwork) and the next step. */
export function FirstAidDetail() {
  const { id = '' } = useParams();
  const user = useUser();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['first-aid', 'one', id], queryFn: () => getFirstAid(id) });
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) return <Alert type="error" showIcon title={messageOf(q.error)} />;
  const aid = q.data;
  const done = (a: FirstAidView) => {
    qc.setQueryData(['first-aid', 'one', id], a);
    void qc.invalidateQueries({ queryKey: ['first-aid'] });
  };
  const street = hasRole(user, 'approver', 'first_reviewer');
  const whyNot = (s: string) => `当前状态为“${statusLabels[aid.status]}”，${s}`;
  return (
    <section aria-labelledby="first-aid-detail">
      <h2 id="first-aid-detail">先行救助：{aid.recipient.name}</h2>
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label="身份证号码">{aid.recipient.idNumber}</Descriptions.Item>
        <Descriptions.Item label="市民卡号">{aid.recipient.citizenCardNo}</Descriptions.Item>
        <Descriptions.Item label="急难情形">
          {categoryLabels[aid.situation.category as keyof typeof categoryLabels] ??
            aid.situation.category}
          ，{formatDate(aid.situation.occurredOn)}
        </Descriptions.Item>
        <Descriptions.Item label="金额">{formatYuan(aid.amountFen)}</Descriptions.Item>
        <Descriptions.Item label="街道">
          <RegionName code={aid.streetCode} />
        </Descriptions.Item>
        <Descriptions.Item label="发放人">
          <StaffName id={aid.approverId} />，{formatDateTime(aid.approvedAt)}
        </Descriptions.Item>
        <Descriptions.Item label="24小时内到位">
          <Deadline dueAt={aid.inPlaceDueAt} label="先行救助到位（R-AP-9）" />
        </Descriptions.Item>
        <Descriptions.Item label="状态">{statusLabels[aid.status]}</Descriptions.Item>
        <Descriptions.Item label="补齐手续期限">
          {aid.paperworkDueAt ? (
            <Deadline
              dueAt={aid.paperworkDueAt}
              label="紧急情况解除后一周内补齐手续（R-AP-9）"
              doneAt={aid.paperwork?.completedAt}
            />
          ) : (
            '紧急情况解除后一周内'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="县级备案">
          {aid.countyAcknowledged ? (
            <>
              已确认（
              <StaffName id={aid.countyAcknowledged.byUserId} />，
              {formatDateTime(aid.countyAcknowledged.at)}）
            </>
          ) : (
            `已报县（区）民政局 ${formatDateTime(aid.reportedToCountyAt)}，待确认`
          )}
        </Descriptions.Item>
        <Descriptions.Item label="情况说明" span={2}>
          {aid.situation.description}
        </Descriptions.Item>
      </Descriptions>
      {aid.deadlineNotice?.message && (
        <Alert type="info" showIcon title={aid.deadlineNotice.message} />
      )}
      <h3>办理</h3>
      <Space direction="vertical" style={{ width: '100%' }}>
        {street &&
          (aid.status === 'aided' ? (
            <StepForm aid={aid} step="ended" onDone={done} />
          ) : aid.status === 'emergency_ended' ? (
            <StepForm aid={aid} step="paperwork" onDone={done} />
          ) : (
            <p>{whyNot('手续已补齐，无需再办理')}</p>
          ))}
        {hasRole(user, 'county_bureau') &&
          (aid.countyAcknowledged ? (
            <p>县（区）民政局已确认备案。</p>
          ) : (
            <StepForm aid={aid} step="ack" onDone={done} />
          ))}
        {!street && !hasRole(user, 'county_bureau') && <p>您的角色只能查看先行救助记录。</p>}
      </Space>
      <h3>办理记录</h3>
      <Timeline
        items={aid.audit.map((a) => ({
          children: (
            <span>
              {formatDateTime(a.at)} <StaffName id={a.byUserId} />：{a.reason}
            </span>
          ),
        }))}
      />
    </section>
  );
}
