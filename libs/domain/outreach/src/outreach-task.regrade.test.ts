import { STAFF_DECISION_RULE, type OutreachTask, regrade } from './outreach-task';
import { at, medicalSignal, openTask } from './test-fixtures';

const taskOf = (result: ReturnType<typeof regrade>): OutreachTask => {
  expect(result).toMatchObject({ ok: true });
  return (result as { task: OutreachTask }).task;
};

describe('R-PD-2 staff may change a grade, never silently', () => {
  // 一般, from 2026-09-30 10:00: 5 working days across the National Day week → 2026-10-13.
  const task = openTask(medicalSignal(), at('2026-09-30 10:00'));

  it('R-PD-2 raising by a person is recorded with who and why, and moves the due time earlier', () => {
    const raised = taskOf(
      regrade(task, {
        to: 'urgent',
        at: at('2026-10-02 08:00'),
        by: ' w-1 ',
        reason: ' 入户发现无人照料 ',
      }),
    );
    expect(raised.grade).toBe('urgent');
    expect(raised.gradeHistory[1]).toEqual({
      at: at('2026-10-02 08:00'),
      from: 'normal',
      to: 'urgent',
      ruleId: STAFF_DECISION_RULE,
      labelZh: '工作人员研判',
      by: 'w-1',
      reason: '入户发现无人照料',
    });
    expect(raised.clock.dueAt).toEqual(at('2026-10-03 08:00'));
  });

  it('R-PD-2 lowering needs a reason too, and keeps the due time already set', () => {
    const urgent = taskOf(
      regrade(task, { to: 'urgent', at: at('2026-10-02 08:00'), by: 'w-1', reason: '紧急' }),
    );
    const lowered = taskOf(
      regrade(urgent, {
        to: 'pressing',
        at: at('2026-10-02 12:00'),
        by: 'w-2',
        reason: '已有亲属照料',
      }),
    );
    expect(lowered.grade).toBe('pressing');
    expect(lowered.clock).toEqual(urgent.clock);
    expect(lowered.gradeHistory.map((g) => [g.from, g.to])).toEqual([
      [null, 'normal'],
      ['normal', 'urgent'],
      ['urgent', 'pressing'],
    ]);
  });

  it('R-PD-2 refusals: same grade, unknown grade, no reason or person, a time before the last record, an ended task', () => {
    const input = { to: 'urgent' as const, at: at('2026-10-02 08:00'), by: 'w-1', reason: '紧急' };
    expect(regrade(task, { ...input, to: 'normal' })).toEqual({
      ok: false,
      code: 'GRADE_UNCHANGED',
      reason: '该任务已是一般等级',
      ruleId: 'R-PD-2',
    });
    expect(regrade(task, { ...input, to: 'critical' as never })).toMatchObject({
      code: 'UNKNOWN_GRADE',
    });
    expect(regrade(task, { ...input, reason: ' ' })).toMatchObject({ code: 'REASON_REQUIRED' });
    expect(regrade(task, { ...input, by: '' })).toMatchObject({ code: 'REASON_REQUIRED' });
    expect(regrade(task, { ...input, at: at('2026-09-30 09:00') })).toMatchObject({
      code: 'INVALID_TIME',
    });
    expect(regrade(task, { ...input, at: new Date(Number.NaN) })).toMatchObject({
      code: 'INVALID_TIME',
    });
    const ended: OutreachTask = {
      ...task,
      ended: {
        at: at('2026-10-01 09:00'),
        by: 'w-1',
        outcome: { kind: 'closed', reasonCode: 'duplicate' },
      },
    };
    expect(regrade(ended, input)).toMatchObject({
      ok: false,
      code: 'TASK_ENDED',
      ruleId: 'R-PD-2',
    });
  });
});
