import { Alert, Button, DatePicker, Form, Input, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { textDate } from '../../../shared/dayField';
import { Deadline } from '../../../shared/Deadline';
import { OFFICE_TZ } from '../../../shared/format';
import { roleLabels, type DeliberationView, type ParticipantRole } from './api';
import { useStepForm } from './useStepForm';

type Values = Partial<Record<ParticipantRole, string>> & {
  day?: string;
  time?: string;
  minutes?: string;
};

const ROLES = Object.keys(roleLabels) as ParticipantRole[];
const namesOf = (text: string | undefined) =>
  (text ?? '')
    .split(/[\n,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Participants as the server counts them (checkDemocraticReview): distinct, observer not counted. */
export function participantsOf(v: Values) {
  const list = ROLES.flatMap((role) => namesOf(v[role]).map((personId) => ({ personId, role })));
  const counted = new Set(
    list.filter((p) => p.role !== 'discipline_observer').map((p) => p.personId),
  );
  return {
    list,
    count: counted.size,
    observer: list.some((p) => p.role === 'discipline_observer'),
  };
}

/** The meeting's instant; without a time, now when it is today (a review is never in the future). */
function heldAtOf(day: string, time: string | undefined): string {
  const now = dayjs().tz(OFFICE_TZ);
  if (!time && day === now.format('YYYY-MM-DD')) return new Date().toISOString();
  return dayjs.tz(`${day} ${time ?? '09:00'}`, OFFICE_TZ).format();
}

/**
 * §5.3 民主评议: participants typed per role, one per line; the ≥ 12 count (from the service's
 * configuration) and the 纪（工）委 observer are checked live, the 5-working-day limit shown.
 */
export function DemocraticReviewForm({ d, onDone }: { d: DeliberationView; onDone: () => void }) {
  const { form, onValuesChange, submit, pending, failure } = useStepForm<Values>(
    d,
    'democratic-review',
    onDone,
  );
  const values = Form.useWatch([], form) ?? {};
  const { list, count, observer } = participantsOf(values);
  const min = d.rules?.minParticipants ?? 12;
  const enough = count >= min;
  const problems = [
    !enough && `参会人员不得少于${min}人（已登记${count}人，不含纪委监督人员）`,
    !observer && '须有街道（乡镇）纪（工）委监督人员参加并监督评议过程',
  ].filter(Boolean) as string[];
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="small"
      aria-label="民主评议"
      onValuesChange={onValuesChange}
      onFinish={(v) =>
        submit(
          {
            // Shanghai wall time as typed, whatever the browser's zone.
            heldAt: heldAtOf(v.day!, v.time),
            participants: list,
            minutes: (v.minutes ?? '').trim(),
          },
          `登记民主评议结果（参会${count}人）？登记后进入社会事务办负责人审核，不能撤回。`,
        )
      }
      style={{ maxWidth: 720 }}
    >
      <p>
        期限：
        <Deadline
          dueAt={d.deadlines.democraticReview.dueAt}
          label="受理后5个工作日内召开民主评议（DOMAIN §5.3）"
        />
      </p>
      <Form.Item
        name="day"
        label="评议日期"
        {...textDate()}
        rules={[{ required: true, message: '请选择评议日期' }]}
      >
        <DatePicker />
      </Form.Item>
      <Form.Item name="time" label="开始时间" {...textDate('HH:mm')}>
        <TimePicker format="HH:mm" />
      </Form.Item>
      {ROLES.map((role) => (
        <Form.Item
          key={role}
          name={role}
          label={`${roleLabels[role]}（每行一人）`}
          extra={role === 'discipline_observer' ? '监督人员不计入参会人数' : undefined}
        >
          <Input.TextArea rows={role === 'discipline_observer' ? 1 : 3} />
        </Form.Item>
      ))}
      <p role="status" aria-live="polite">
        参会人数：<strong>{count}</strong> / 至少 {min} 人
        {observer ? '，纪（工）委监督人员已到场' : ''}
      </p>
      {problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title="尚不能登记民主评议"
          description={problems.join('；')}
          style={{ marginBottom: 8 }}
        />
      )}
      <Form.Item name="minutes" label="评议记录">
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" disabled={problems.length > 0} loading={pending}>
        登记民主评议结果
      </Button>
    </Form>
  );
}
