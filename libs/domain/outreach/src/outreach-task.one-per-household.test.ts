import {
  type OpenOrMergeResult,
  type OutreachTask,
  lastEventAt,
  openOrMerge,
} from './outreach-task';
import type { HardshipSignal } from './signal';
import { OTHER_HOUSEHOLD, at, medicalSignal, openTask, personSignal } from './test-fixtures';

const ctx = (shanghai: string, coverage: Parameters<typeof openOrMerge>[2]['coverage'] = []) => ({
  at: at(shanghai),
  newTaskId: 'task-2',
  coverage,
});
const taskOf = (result: OpenOrMergeResult): OutreachTask => {
  expect(result).toMatchObject({ ok: true });
  return (result as { task: OutreachTask }).task;
};

const employment = (o: Partial<HardshipSignal> = {}) =>
  medicalSignal({ signalId: 'emp-1', source: 'employment', kind: 'job_loss', ...o });
const education = (o: Partial<HardshipSignal> = {}) =>
  medicalSignal({ signalId: 'edu-1', source: 'education', kind: 'school_leaving', ...o });

describe('R-PD-1 one open outreach task per household, however many signals arrive', () => {
  const opened = openTask(medicalSignal(), at('2026-09-30 10:00'));

  it('R-PD-1 the first signal opens a task at the household’s street, with the needs it points to', () => {
    expect(opened).toMatchObject({
      taskId: 'task-1',
      householdRef: medicalSignal().householdRef,
      streetCode: '330106001',
      openedAt: at('2026-09-30 10:00'),
      needs: ['medical'],
      grade: 'normal',
      gradeHistory: [
        {
          at: at('2026-09-30 10:00'),
          from: null,
          to: 'normal',
          ruleId: 'default',
          labelZh: '其他线索',
        },
      ],
    });
    expect(opened.signals).toEqual([
      {
        signal: medicalSignal(),
        receivedAt: at('2026-09-30 10:00'),
        needs: ['medical'],
        covered: [],
      },
    ]);
  });

  it.each([
    ['medical', medicalSignal()],
    ['employment', employment()],
    ['education', education()],
    ['cadre', personSignal()],
    [
      'volunteer',
      personSignal({
        signalId: 'vol-1',
        source: 'volunteer',
        reporter: {
          role: 'volunteer',
          id: 'v-1',
          observation: '孩子放学后无人接',
          contact: '13700000000',
        },
      }),
    ],
    [
      'hotline',
      personSignal({
        signalId: 'hot-1',
        source: 'hotline',
        reporter: {
          role: 'hotline_operator',
          id: 'op-3',
          observation: '邻居来电反映家中断粮',
          contact: '13600000000',
        },
      }),
    ],
  ])(
    'R-PD-1 source %s: its signal opens the task, every other source joins that task',
    (_source, first) => {
      let task = openTask(first, at('2026-09-30 10:00'));
      const others = [medicalSignal(), employment(), education(), personSignal()].filter(
        (s) => s.signalId !== first.signalId,
      );
      others.forEach((s, i) => {
        const result = openOrMerge(task, s, ctx(`2026-09-30 1${i + 1}:00`));
        expect(result).toMatchObject({ ok: true, action: 'merged' });
        task = taskOf(result);
      });
      expect(task.taskId).toBe('task-1');
      expect(task.signals).toHaveLength(others.length + 1);
      expect([...task.needs].sort()).toEqual(
        [...new Set([...task.signals.flatMap((s) => s.needs)])].sort(),
      );
    },
  );

  it('R-PD-1 a redelivered signal id changes nothing; the same id with other content is refused', () => {
    const again = openOrMerge(opened, medicalSignal(), ctx('2026-09-30 12:00'));
    expect(again).toEqual({ ok: true, action: 'unchanged', task: opened });
    expect(openOrMerge(opened, medicalSignal({ band: 'high' }), ctx('2026-09-30 12:00'))).toEqual({
      ok: false,
      code: 'SIGNAL_ID_REUSED',
      reason: '线索编号med-1已被另一条内容不同的线索使用',
      ruleId: 'R-PD-1',
    });
  });

  it('R-PD-1 a late redelivery of a signal handled on an ended task opens nothing', () => {
    expect(
      openOrMerge(null, medicalSignal(), { ...ctx('2026-10-20 09:00'), seenSignalIds: ['med-1'] }),
    ).toEqual({ ok: true, action: 'unchanged', task: null });
    expect(
      openOrMerge(null, medicalSignal(), { ...ctx('2026-10-20 09:00'), seenSignalIds: ['other'] }),
    ).toMatchObject({ ok: true, action: 'opened' });
  });

  it('R-PD-1 a household with an open case or current aid for the same need is skipped, with the reason', () => {
    const covered = [
      { need: 'medical' as const, by: 'open_case' as const, reference: 'SQ-2026-0001' },
      { need: 'dibao' as const, by: 'current_aid' as const, reference: 'DB-88' },
    ];
    expect(openOrMerge(null, medicalSignal(), ctx('2026-09-30 10:00', covered))).toEqual({
      ok: true,
      action: 'skipped',
      code: 'NEED_ALREADY_COVERED',
      reason: '该家庭医疗救助正在办理（SQ-2026-0001），本条线索不另建外展任务',
      covered: [covered[0]],
    });
    const aid = [
      { need: 'temporary' as const, by: 'current_aid' as const, reference: 'LS-7' },
      { need: 'employment' as const, by: 'open_case' as const, reference: 'SQ-9' },
    ];
    expect(openOrMerge(opened, employment(), ctx('2026-09-30 11:00', aid))).toMatchObject({
      action: 'skipped',
      reason: '该家庭正在享受临时救助（LS-7），就业救助正在办理（SQ-9），本条线索不另建外展任务',
    });
  });

  it('R-PD-1 only the uncovered needs join the task; what covered the others is kept with the signal', () => {
    const aid = [{ need: 'temporary' as const, by: 'current_aid' as const, reference: 'LS-7' }];
    const task = taskOf(openOrMerge(opened, employment(), ctx('2026-09-30 11:00', aid)));
    expect(task.needs).toEqual(['medical', 'employment']);
    expect(task.signals[1]).toMatchObject({ needs: ['employment'], covered: aid });
  });

  it('R-PD-1 refusals: an invalid signal, another household, a time before the last record', () => {
    expect(
      openOrMerge(opened, medicalSignal({ signalId: '' }), ctx('2026-09-30 11:00')),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_SIGNAL',
    });
    expect(
      openOrMerge(opened, employment({ householdRef: OTHER_HOUSEHOLD }), ctx('2026-09-30 11:00')),
    ).toEqual({
      ok: false,
      code: 'OTHER_HOUSEHOLD',
      reason: '线索所属家庭与该外展任务不符',
      ruleId: 'R-PD-1',
    });
    expect(openOrMerge(opened, employment(), ctx('2026-09-30 09:59'))).toMatchObject({
      ok: false,
      code: 'INVALID_TIME',
    });
    expect(lastEventAt(opened)).toEqual(at('2026-09-30 10:00'));
  });

  it('R-PD-1 an ended task takes no more signals', () => {
    const ended: OutreachTask = {
      ...opened,
      ended: {
        at: at('2026-10-01 09:00'),
        by: 'w-1',
        outcome: { kind: 'closed', reasonCode: 'moved_away' },
      },
    };
    expect(openOrMerge(ended, employment(), ctx('2026-10-02 09:00'))).toEqual({
      ok: false,
      code: 'TASK_ENDED',
      reason: '外展任务task-1已结束，不能再变更',
      ruleId: 'R-PD-1',
    });
  });
});
