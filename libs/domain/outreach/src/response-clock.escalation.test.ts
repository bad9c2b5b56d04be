import { defaultOutreachConfig } from './outreach-config';
import { createOutreachRules } from './outreach-rules';
import type { OutreachTask } from './outreach-task';
import { escalationThreshold, nextEscalationAt, pendingEscalations } from './response-clock';
import { at, medicalSignal, openTask } from './test-fixtures';

const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe('R-PD-2 reminders and escalations, like the report-back clocks', () => {
  // 较急 from 2026-09-30 10:00 → due 2026-10-09 23:59:59.999 (National Day week skipped).
  const task = openTask(medicalSignal({ band: 'high' }), at('2026-09-30 10:00'));
  const due = new Date('2026-10-09T15:59:59.999Z');

  it('R-PD-2 reminder when at risk, coordinator strictly after due, 通报 two working days later', () => {
    expect(task.grade).toBe('pressing');
    expect(task.clock.dueAt).toEqual(due);
    expect(escalationThreshold(task.clock, 'reminder')).toEqual(task.clock.atRiskFrom);
    expect(escalationThreshold(task.clock, 'coordinator')).toEqual(ms(due, 1));
    // Two working days after 10-09: the make-up Saturday 10-10 and Monday 10-12.
    expect(escalationThreshold(task.clock, 'notice')).toEqual(at('2026-10-13 00:00'));
  });

  it('R-PD-2 levels reached and not yet published, in chain order; the next instant a monitor should look', () => {
    const before = ms(task.clock.atRiskFrom, -1);
    expect(pendingEscalations(task, before, [])).toEqual([]);
    expect(nextEscalationAt(task, [])).toEqual(task.clock.atRiskFrom);
    expect(pendingEscalations(task, task.clock.atRiskFrom, [])).toEqual(['reminder']);
    expect(pendingEscalations(task, ms(due, 1), [])).toEqual(['reminder', 'coordinator']);
    expect(pendingEscalations(task, ms(due, 1), ['reminder'])).toEqual(['coordinator']);
    expect(nextEscalationAt(task, ['reminder', 'coordinator'])).toEqual(at('2026-10-13 00:00'));
    expect(pendingEscalations(task, at('2026-10-13 00:00'), ['reminder', 'coordinator'])).toEqual([
      'notice',
    ]);
    expect(nextEscalationAt(task, ['reminder', 'coordinator', 'notice'])).toBeNull();
  });

  it('R-PD-2 an ended task escalates no further', () => {
    const ended: OutreachTask = {
      ...task,
      ended: {
        at: at('2026-10-08 10:00'),
        by: 'w-1',
        outcome: { kind: 'referral', to: '区残联', what: '康复服务' },
      },
    };
    expect(pendingEscalations(ended, at('2026-10-20 00:00'), [])).toEqual([]);
    expect(nextEscalationAt(ended, [])).toBeNull();
  });

  it('R-PD-2 the chain and the 通报 delay are configuration', () => {
    const rules = createOutreachRules({
      config: {
        ...defaultOutreachConfig,
        escalation: { chain: ['coordinator', 'notice'], noticeAfterWorkingDays: 0 },
      },
    });
    expect(pendingEscalations(task, ms(due, 1), [], rules)).toEqual(['coordinator', 'notice']);
    expect(nextEscalationAt(task, [], rules)).toEqual(ms(due, 1));
  });
});
