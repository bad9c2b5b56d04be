import { createSlaClocks } from '@jh/domain-sla';
import { defaultOutreachConfig } from './outreach-config';
import { OutreachConfigError, createOutreachRules, defaultOutreachRules } from './outreach-rules';
import { type OutreachTask, openOrMerge } from './outreach-task';
import { evaluateResponse, raiseClock, responseClock } from './response-clock';
import { at, medicalSignal, openTask, personSignal } from './test-fixtures';

/** 23:59:59.999 Asia/Shanghai on a date (ADR 0003). */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+08:00`);

describe('R-PD-2 a response limit per grade, on the working-day calendar', () => {
  it('R-PD-2 across the National Day week 2026: 较急 2 and 一般 5 working days skip 10-01…07 and count the make-up Saturday', () => {
    const from = at('2026-09-30 10:00');
    // Working days after 09-30: 10-08 (Thu), 10-09 (Fri), 10-10 (make-up Sat), 10-12, 10-13.
    expect(responseClock('pressing', from)).toMatchObject({
      grade: 'pressing',
      limit: { unit: 'working_days', amount: 2 },
      countedFrom: from,
      dueAt: endOf('2026-10-09'),
      assumedWeekdaysOnly: false,
    });
    expect(responseClock('normal', from).dueAt).toEqual(endOf('2026-10-13'));
  });

  it('R-PD-2 across a weekend: 较急 from a Friday afternoon is due Tuesday', () => {
    expect(responseClock('pressing', at('2026-03-06 16:00')).dueAt).toEqual(endOf('2026-03-10'));
  });

  it('R-PD-2 紧急 counts 24 hours of calendar time, across midnight in Asia/Shanghai and into a holiday', () => {
    const task = openTask(
      personSignal({ flags: ['children_alone'], observedAt: at('2026-09-30 22:40') }),
      at('2026-09-30 23:00'),
    );
    expect(task.grade).toBe('urgent');
    expect(task.clock).toMatchObject({
      dueAt: at('2026-10-01 23:00'),
      limit: { unit: 'hours', amount: 24 },
    });
    // At risk once 20 % (4 h 48 min) remains.
    expect(task.clock.atRiskFrom).toEqual(at('2026-10-01 18:12'));
    expect(evaluateResponse(task, at('2026-10-01 00:30'))).toEqual({
      status: 'running',
      grade: 'urgent',
      gradeZh: '紧急',
      dueAt: at('2026-10-01 23:00'),
      atRiskFrom: at('2026-10-01 18:12'),
      remainingMs: 22.5 * 3_600_000,
      assumedWeekdaysOnly: false,
    });
    expect(evaluateResponse(task, at('2026-10-01 18:12')).status).toBe('at_risk');
    expect(evaluateResponse(task, at('2026-10-01 23:00')).status).toBe('at_risk');
    expect(evaluateResponse(task, new Date(at('2026-10-01 23:00').getTime() + 1))).toMatchObject({
      status: 'overdue',
      remainingMs: -1,
    });
  });

  it('R-PD-2 an ended task is met when it ended in time, overdue for good when late', () => {
    const task = openTask(medicalSignal(), at('2026-09-30 10:00'));
    const endedAt = (shanghai: string): OutreachTask => ({
      ...task,
      ended: {
        at: at(shanghai),
        by: 'w-1',
        outcome: { kind: 'closed', reasonCode: 'not_in_hardship' },
      },
    });
    expect(evaluateResponse(endedAt('2026-10-13 17:00'), at('2027-01-01 00:00'))).toMatchObject({
      status: 'met',
      remainingMs: endOf('2026-10-13').getTime() - at('2026-10-13 17:00').getTime(),
    });
    expect(evaluateResponse(endedAt('2026-10-14 09:00'), at('2026-10-14 09:00')).status).toBe(
      'overdue',
    );
  });

  it('R-PD-2 raising the grade moves the due time to the earlier of the current one and the new grade’s from the raising', () => {
    const normal = openTask(medicalSignal(), at('2026-09-30 10:00'));
    expect(normal.clock.dueAt).toEqual(endOf('2026-10-13'));
    // 10-08 09:00 a second signal: 较急, 2 working days from 10-08 → the make-up Saturday 10-10.
    const merged = openOrMerge(
      normal,
      medicalSignal({
        signalId: 'emp-1',
        source: 'employment',
        kind: 'job_loss',
        observedAt: at('2026-10-08 08:00'),
      }),
      { at: at('2026-10-08 09:00'), newTaskId: 'unused', coverage: [] },
    );
    const pressing = (merged as { task: OutreachTask }).task;
    expect(pressing.clock).toMatchObject({
      grade: 'pressing',
      countedFrom: at('2026-10-08 09:00'),
      dueAt: endOf('2026-10-10'),
    });
    // 紧急 at 10-10 20:00 would be due 10-11 20:00, later than the current 10-10: the current stays.
    expect(raiseClock(pressing.clock, 'urgent', at('2026-10-10 20:00'))).toBe(pressing.clock);
    // 紧急 at 10-09 09:00 is due 10-10 09:00, earlier: it wins and its span sets the warning.
    const urgent = raiseClock(pressing.clock, 'urgent', at('2026-10-09 09:00'));
    expect(urgent).toMatchObject({
      grade: 'urgent',
      dueAt: at('2026-10-10 09:00'),
      atRiskFrom: at('2026-10-10 04:12'),
    });
  });

  it('R-PD-2 limits are configuration; an unusable limit fails at start-up', () => {
    const rules = createOutreachRules({
      config: {
        ...defaultOutreachConfig,
        responseLimits: {
          ...defaultOutreachConfig.responseLimits,
          urgent: { unit: 'hours', amount: 4 },
        },
        atRiskPercent: 50,
      },
    });
    const clock = responseClock('urgent', at('2026-09-30 23:00'), rules);
    expect(clock).toMatchObject({
      dueAt: at('2026-10-01 03:00'),
      atRiskFrom: at('2026-10-01 01:00'),
    });
    expect(() =>
      createOutreachRules({
        config: {
          ...defaultOutreachConfig,
          responseLimits: {
            ...defaultOutreachConfig.responseLimits,
            normal: { unit: 'working_days', amount: 0 },
          },
        },
      }),
    ).toThrow(
      new OutreachConfigError('Response limit of normal: Invalid clock limit 0 working_days'),
    );
    // Clocks built without the grades' limits are a wiring error, not a silent pass.
    expect(() =>
      responseClock('normal', at('2026-09-30 10:00'), {
        ...defaultOutreachRules,
        clocks: createSlaClocks(),
      }),
    ).toThrow(OutreachConfigError);
  });
});
