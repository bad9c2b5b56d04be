import { App, Form } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { fieldErrorsOf, messageOf } from '../../../api/errors';
import { useDraft } from '../../../shared/useDraft';
import { runStep, type DeliberationView, type StepKey } from './api';

/** One step's form: draft kept, confirmation before sending, server field errors next to fields. */
export function useStepForm<T extends object>(
  d: DeliberationView,
  step: StepKey,
  onDone: () => void,
) {
  const [form] = Form.useForm<T>();
  const { onValuesChange, clearDraft } = useDraft(`approval:deliberation:${d.id}:${step}`, form);
  const { modal, message } = App.useApp();
  const run = useMutation({
    mutationFn: (body: object) => runStep(d.id, step, body),
    onSuccess: () => {
      clearDraft();
      message.success('已登记');
      onDone();
    },
    onError: (e) => form.setFields(fieldErrorsOf(e) as Parameters<typeof form.setFields>[0]),
  });
  const submit = (body: object, question: string) =>
    modal.confirm({
      title: question,
      okText: '确认',
      cancelText: '返回修改',
      onOk: () => run.mutateAsync(body).catch(() => undefined),
    });
  return {
    form,
    onValuesChange,
    submit,
    pending: run.isPending,
    // Field problems also in the message: some name no field of the form (heldAt, participants).
    failure: run.error
      ? [
          ...new Set([messageOf(run.error), ...fieldErrorsOf(run.error).flatMap((f) => f.errors)]),
        ].join('：')
      : undefined,
  };
}
