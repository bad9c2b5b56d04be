import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../api/client';
import { CheckboxGroup } from '../../shared/CheckboxGroup';
import { textDate } from '../../shared/dayField';
import { SubmitBar } from '../../shared/SubmitBar';
import { useDraft } from '../../shared/useDraft';
import { DEPARTMENT_LABEL, recordConsultation, type TaskView } from './api';

interface Values {
  heldOn: string;
  departmentsPresent: string[];
  findings: string;
  decisions: string;
  followUps?: { description: string; department: string; owner: string; workingDays: number }[];
}

const departmentOptions = Object.entries(DEPARTMENT_LABEL).map(([value, label]) => ({
  value,
  label,
}));

/** R-PD-4: the meeting as held — at least two departments, findings, decisions, follow-ups. */
export function ConsultationForm({ task, onDone }: { task: TaskView; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { onValuesChange, clearDraft } = useDraft(`outreach:consultation:${task.id}`, form);
  // One id per form: a resent submit is answered with the first record.
  const [consultationId] = useState(() => `hs-${newIdempotencyKey()}`);
  const run = useMutation({
    mutationFn: (v: Values) =>
      recordConsultation({
        consultationId,
        taskId: task.id,
        heldOn: v.heldOn,
        departmentsPresent: v.departmentsPresent,
        findings: v.findings.trim(),
        decisions: v.decisions
          .split('\n')
          .map((d) => d.trim())
          .filter(Boolean),
        followUps: (v.followUps ?? []).map((f) => ({
          description: f.description.trim(),
          department: f.department,
          owner: f.owner.trim(),
          deadline: { workingDays: f.workingDays },
        })),
      }),
    onSuccess: (c) => {
      clearDraft();
      void queryClient.invalidateQueries({ queryKey: ['outreach', 'consultations'] });
      onDone();
      void navigate(`/outreach/consultations/${c.id}`);
    },
  });
  return (
    <Card size="small" title="记录研判会商" style={{ marginTop: 8 }}>
      <Form<Values>
        form={form}
        layout="vertical"
        size="small"
        aria-label="记录研判会商"
        onValuesChange={onValuesChange}
        initialValues={{ departmentsPresent: ['civil_affairs'], followUps: [] }}
        onFinish={(v) => run.mutate(v)}
      >
        <Form.Item
          name="heldOn"
          label="会商日期"
          rules={[{ required: true, message: '请选择会商日期' }]}
          {...textDate()}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="departmentsPresent"
          label="参会部门（至少两个）"
          rules={[
            { required: true, type: 'array', min: 2, message: '研判会商须有两个以上部门参加' },
          ]}
        >
          <CheckboxGroup options={departmentOptions} />
        </Form.Item>
        <Form.Item
          name="findings"
          label="研判情况"
          rules={[{ required: true, whitespace: true, message: '请填写研判情况' }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item
          name="decisions"
          label="决定事项（每行一项）"
          rules={[{ required: true, whitespace: true, message: '请至少填写一项决定' }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.List name="followUps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item
                    name={[f.name, 'description']}
                    label="跟进事项"
                    rules={[{ required: true, whitespace: true, message: '请填写跟进事项' }]}
                  >
                    <Input maxLength={500} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'department']}
                    label="责任部门"
                    rules={[{ required: true, message: '请选择责任部门' }]}
                  >
                    <Select options={departmentOptions} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'owner']}
                    label="责任人（账号）"
                    rules={[{ required: true, whitespace: true, message: '请填写责任人' }]}
                  >
                    <Input maxLength={128} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'workingDays']}
                    label="期限（工作日）"
                    rules={[{ required: true, message: '请填写期限' }]}
                  >
                    <InputNumber min={1} max={60} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(f.name)} style={{ marginTop: 22 }}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ workingDays: 3 })} style={{ marginBottom: 12 }}>
                添加跟进事项
              </Button>
            </>
          )}
        </Form.List>
        <SubmitBar
          error={run.error}
          pending={run.isPending}
          submitText="保存会商记录"
          onCancel={onDone}
        />
      </Form>
    </Card>
  );
}
