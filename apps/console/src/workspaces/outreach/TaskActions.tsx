import { useMutation } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { hasRole, useUser } from '../../auth/AuthContext';
import { SubmitBar } from '../../shared/SubmitBar';
import {
  CLOSE_REASON_ZH,
  GRADE_ZH,
  endTask,
  regrade,
  type CloseReason,
  type EndOutcome,
  type Grade,
  type TaskView,
} from './api';

type Action = 'referral' | 'closed' | 'first_aid' | 'regrade';

const titles: Record<Action, string> = {
  referral: '转介其他部门或机构',
  closed: '说明原因结案',
  first_aid: '已先行救助（紧急）',
  regrade: '调整响应等级',
};

interface Values {
  to?: string;
  what?: string;
  reasonCode?: CloseReason;
  note?: string;
  decisionId?: string;
  grade?: Grade;
  reason?: string;
}

function outcomeOf(action: Exclude<Action, 'regrade'>, v: Values): EndOutcome {
  if (action === 'referral') return { kind: 'referral', to: v.to!.trim(), what: v.what!.trim() };
  if (action === 'first_aid') return { kind: 'first_aid', decisionId: v.decisionId!.trim() };
  return {
    kind: 'closed',
    reasonCode: v.reasonCode!,
    ...(v.note?.trim() ? { note: v.note.trim() } : {}),
  };
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** What the street does with an open task (R-PD-2/3): apply for the family, or end it another way. */
export function TaskActions({ task, onDone }: { task: TaskView; onDone: (t: TaskView) => void }) {
  const user = useUser();
  const navigate = useNavigate();
  const [action, setAction] = useState<Action>();
  const [form] = Form.useForm<Values>();
  const run = useMutation({
    mutationFn: (v: Values) =>
      action === 'regrade'
        ? regrade(task.id, v.grade!, v.reason!.trim())
        : endTask(task.id, outcomeOf(action!, v)),
    onSuccess: (t) => {
      form.resetFields();
      setAction(undefined);
      onDone(t);
    },
  });
  // The application is registered in 窗口受理 (intake roles), pre-filled from the task.
  const mayApply = hasRole(user, 'window_clerk', 'first_reviewer');
  const actions: Action[] = [
    'referral',
    'closed',
    ...(task.grade === 'urgent' ? (['first_aid'] as const) : []),
    'regrade',
  ];
  return (
    <Card size="small" title="响应处置" style={{ marginTop: 12 }}>
      <Space wrap>
        {mayApply && (
          <Button
            type="primary"
            onClick={() => void navigate(`/intake/new?outreachTask=${task.id}`)}
          >
            代为提出救助申请
          </Button>
        )}
        {actions.map((a) => (
          <Button key={a} onClick={() => setAction(a)} type={action === a ? 'dashed' : 'default'}>
            {titles[a]}
          </Button>
        ))}
      </Space>
      {mayApply && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          申请表将带入部门已掌握的信息（申请人、救助事项、困难情况），家庭核对并签署承诺书后提交，本任务随之办结。
        </Typography.Paragraph>
      )}
      {action && (
        <Form<Values>
          form={form}
          layout="vertical"
          size="small"
          style={{ marginTop: 12, maxWidth: 560 }}
          aria-label={titles[action]}
          onFinish={(v) => run.mutate(v)}
        >
          <Typography.Text strong>{titles[action]}</Typography.Text>
          {action === 'referral' && (
            <>
              <Form.Item name="to" label="转介至" rules={required('请填写转介的部门或机构')}>
                <Input maxLength={128} />
              </Form.Item>
              <Form.Item name="what" label="转介事项" rules={required('请填写转介事项')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {action === 'closed' && (
            <>
              <Form.Item
                name="reasonCode"
                label="结案原因"
                rules={[{ required: true, message: '请选择结案原因' }]}
              >
                <Select
                  options={(Object.keys(CLOSE_REASON_ZH) as CloseReason[]).map((c) => ({
                    value: c,
                    label: CLOSE_REASON_ZH[c],
                  }))}
                />
              </Form.Item>
              <Form.Item name="note" label="说明">
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {action === 'first_aid' && (
            <Form.Item
              name="decisionId"
              label="先行救助记录编号"
              rules={required('请填写先行救助记录编号')}
            >
              <Input maxLength={128} />
            </Form.Item>
          )}
          {action === 'regrade' && (
            <>
              <Form.Item
                name="grade"
                label="调整为"
                rules={[{ required: true, message: '请选择等级' }]}
              >
                <Select
                  options={(Object.keys(GRADE_ZH) as Grade[])
                    .filter((g) => g !== task.grade)
                    .map((g) => ({ value: g, label: GRADE_ZH[g] }))}
                />
              </Form.Item>
              <Form.Item name="reason" label="调整原因" rules={required('请填写调整原因')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          <SubmitBar
            error={run.error}
            pending={run.isPending}
            submitText="确认"
            onCancel={() => setAction(undefined)}
          />
        </Form>
      )}
    </Card>
  );
}
