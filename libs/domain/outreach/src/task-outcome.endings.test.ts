import { defaultOutreachConfig } from './outreach-config';
import { createOutreachRules } from './outreach-rules';
import type { OutreachTask } from './outreach-task';
import { type EndTaskInput, type OutcomeInput, endTask } from './task-outcome';
import { at, medicalSignal, openTask, personSignal } from './test-fixtures';

const normal = openTask(medicalSignal(), at('2026-09-30 10:00'));
const urgent = openTask(personSignal({ flags: ['elderly_alone'] }), at('2026-09-30 10:00'));
const end = (task: OutreachTask, outcome: OutcomeInput, extra: Partial<EndTaskInput> = {}) =>
  endTask(task, { at: at('2026-10-08 10:00'), by: 'worker-7', outcome, ...extra });
const endedOf = (result: ReturnType<typeof endTask>) => {
  expect(result).toMatchObject({ ok: true });
  return (result as { task: OutreachTask }).task;
};

describe('R-PD-3 an outreach task ends in one of four ways, never silently', () => {
  it('R-PD-3 an application made on the family’s behalf: channel 主动发现, the worker is the 首问负责 owner', () => {
    const ended = endedOf(
      end(normal, { kind: 'application', applicationId: ' SQ-2026-0042 ' }, { by: ' worker-7 ' }),
    );
    expect(ended.ended).toEqual({
      at: at('2026-10-08 10:00'),
      by: 'worker-7',
      outcome: {
        kind: 'application',
        applicationId: 'SQ-2026-0042',
        channel: 'proactive_discovery',
        ownerId: 'worker-7',
      },
    });
    expect(ended).toMatchObject({ ...normal, ended: expect.anything() });
  });

  it('R-PD-3 R-AP-9 first aid ends an 紧急 task; other grades are refused, naming R-AP-9', () => {
    expect(endedOf(end(urgent, { kind: 'first_aid', decisionId: 'XJ-9' })).ended?.outcome).toEqual({
      kind: 'first_aid',
      decisionId: 'XJ-9',
      ruleId: 'R-AP-9',
    });
    expect(end(normal, { kind: 'first_aid', decisionId: 'XJ-9' })).toEqual({
      ok: false,
      code: 'FIRST_AID_NOT_FOR_GRADE',
      reason: '先行救助仅适用于紧急等级的外展任务（R-AP-9），该任务为一般等级',
      ruleId: 'R-AP-9',
    });
  });

  it('R-AP-9 which grades may end in first aid is configuration', () => {
    const config = (firstAidGrades: typeof defaultOutreachConfig.firstAidGrades) =>
      createOutreachRules({ config: { ...defaultOutreachConfig, firstAidGrades } });
    const input = {
      at: at('2026-10-08 10:00'),
      by: 'w-1',
      outcome: { kind: 'first_aid' as const, decisionId: 'XJ-9' },
    };
    expect(endTask(normal, input, config(['urgent', 'normal']))).toMatchObject({ ok: true });
    expect(endTask(urgent, input, config([]))).toMatchObject({
      code: 'FIRST_AID_NOT_FOR_GRADE',
      reason: '当前配置不允许以先行救助结束外展任务（R-AP-9），该任务为紧急等级',
    });
  });

  it('R-PD-3 a referral names to whom and what', () => {
    expect(
      endedOf(end(normal, { kind: 'referral', to: '区残联', what: '康复服务' })).ended?.outcome,
    ).toEqual({
      kind: 'referral',
      to: '区残联',
      what: '康复服务',
    });
    const refused = end(normal, { kind: 'referral', to: '', what: ' ' });
    expect(refused).toMatchObject({
      ok: false,
      code: 'INVALID_OUTCOME',
      reason: '请填写转介对象',
      ruleId: 'R-PD-3',
    });
    expect((refused as { errors: unknown }).errors).toEqual([
      { field: 'outcome.to', code: 'REQUIRED', reason: '请填写转介对象' },
      { field: 'outcome.what', code: 'REQUIRED', reason: '请填写转介事项' },
    ]);
  });

  it('R-PD-3 closed with a reason code; "other" must be explained, any note given is kept', () => {
    expect(
      endedOf(end(normal, { kind: 'closed', reasonCode: 'refused_help' })).ended?.outcome,
    ).toEqual({
      kind: 'closed',
      reasonCode: 'refused_help',
    });
    expect(
      endedOf(end(normal, { kind: 'closed', reasonCode: 'moved_away', note: ' 迁往外省 ' })).ended
        ?.outcome,
    ).toEqual({ kind: 'closed', reasonCode: 'moved_away', note: '迁往外省' });
    expect(end(normal, { kind: 'closed', reasonCode: 'other' })).toMatchObject({
      code: 'INVALID_OUTCOME',
      reason: '请填写结案说明（其他）',
    });
    expect(end(normal, { kind: 'closed', reasonCode: 'other', note: '户主已去世' })).toMatchObject({
      ok: true,
    });
    expect(
      end(normal, { kind: 'closed', reasonCode: 'duplicate', note: '重'.repeat(501) }),
    ).toMatchObject({
      code: 'INVALID_OUTCOME',
      reason: '结案说明（重复线索）不能超过500个字',
    });
    expect(end(normal, { kind: 'closed', reasonCode: 'forgotten' as never })).toMatchObject({
      code: 'INVALID_OUTCOME',
      reason: '结案原因无效',
    });
  });

  it('R-PD-3 nothing ends without an outcome, a person, a valid id and a time after the last record', () => {
    const refusal = {
      ok: false,
      code: 'OUTCOME_REQUIRED',
      reason: '外展任务须以代为申请、先行救助、转介或说明原因结案之一结束',
      ruleId: 'R-PD-3',
    };
    expect(end(normal, undefined as never)).toEqual(refusal);
    expect(end(normal, { kind: 'forgotten' } as never)).toEqual(refusal);
    expect(end(normal, { kind: 'application', applicationId: '' })).toMatchObject({
      code: 'INVALID_OUTCOME',
      errors: [{ field: 'outcome.applicationId', code: 'REQUIRED', reason: '请填写申请编号' }],
    });
    expect(end(urgent, { kind: 'first_aid', decisionId: ' ' })).toMatchObject({
      code: 'INVALID_OUTCOME',
      reason: '请填写先行救助决定编号',
    });
    expect(
      end(normal, { kind: 'referral', to: '区残联', what: '康复' }, { by: ' ' }),
    ).toMatchObject({
      code: 'INVALID_OUTCOME',
      errors: [{ field: 'by', code: 'REQUIRED', reason: '请填写经办人' }],
    });
    expect(
      end(normal, { kind: 'referral', to: '区残联', what: '康复' }, { at: at('2026-09-30 09:00') }),
    ).toMatchObject({
      code: 'INVALID_TIME',
    });
    expect(
      end(normal, { kind: 'referral', to: '区残联', what: '康复' }, { at: new Date(Number.NaN) }),
    ).toMatchObject({
      code: 'INVALID_TIME',
    });
  });

  it('R-PD-3 an ended task refuses further changes, ending again included', () => {
    const ended = endedOf(end(normal, { kind: 'closed', reasonCode: 'not_in_hardship' }));
    expect(end(ended, { kind: 'referral', to: '区残联', what: '康复' })).toEqual({
      ok: false,
      code: 'TASK_ENDED',
      reason: '外展任务task-1已结束，不能再变更',
      ruleId: 'R-PD-3',
    });
  });
});
