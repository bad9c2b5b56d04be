import { type OutreachTask, openOrMerge } from './outreach-task';
import { applicationDraft } from './task-outcome';
import { HOUSEHOLD, at, medicalSignal, openTask, personSignal } from './test-fixtures';

describe('R-PD-3 a pre-filled application, so the family only signs', () => {
  const first = openTask(medicalSignal({ band: 'high' }), at('2026-09-30 10:00'));
  const merged = openOrMerge(first, personSignal({ flags: ['elderly_alone', 'no_income'] }), {
    at: at('2026-09-30 11:00'),
    newTaskId: 'unused',
    coverage: [],
  });
  const task = (merged as { task: OutreachTask }).task;

  it('R-PD-3 items from the signals’ needs, channel 主动发现, the worker as owner, what departments already know', () => {
    expect(applicationDraft(task, ' worker-7 ')).toEqual({
      ok: true,
      draft: {
        outreachTaskId: 'task-1',
        householdRef: HOUSEHOLD,
        regionCode: '330106001',
        items: ['medical', 'temporary'],
        channel: 'proactive_discovery',
        ownerId: 'worker-7',
        signalIds: ['med-1', 'cadre-1'],
        situationZh: [
          '医保部门：个人负担医疗费用较大（程度很大）',
          '村（社区）干部：群众反映（程度较大）；老人无人照料；无收入来源；反映：家中老人独居，近期未见家属探望',
        ],
      },
    });
  });

  it('R-PD-3 needs an owner, and an open task', () => {
    expect(applicationDraft(task, ' ')).toEqual({
      ok: false,
      code: 'OWNER_REQUIRED',
      reason: '请指定首问负责人',
      ruleId: 'R-PD-3',
    });
    const ended: OutreachTask = {
      ...task,
      ended: {
        at: at('2026-10-01 09:00'),
        by: 'w',
        outcome: { kind: 'closed', reasonCode: 'refused_help' },
      },
    };
    expect(applicationDraft(ended, 'worker-7')).toMatchObject({ ok: false, code: 'TASK_ENDED' });
  });
});
