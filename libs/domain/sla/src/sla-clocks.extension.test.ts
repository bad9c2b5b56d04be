import type { ClockResult, SlaClock } from './sla-clock.types';
import { createSlaClocks, defaultSlaClocks } from './sla-clocks';
import { defaultSlaConfig } from './sla-config';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);
function clockOf(result: ClockResult): SlaClock {
  expect(result.ok).toBe(true);
  return (result as Extract<ClockResult, { ok: true }>).clock;
}
const clocks = defaultSlaClocks;
const endOf = (date: string): string => new Date(`${date}T23:59:59.999+08:00`).toISOString();

describe('R-AP-2 extension of the 低保/低边/特困 confirmation clock: 20 → at most 30 working days', () => {
  // Accepted Monday 2025-03-03: 20 working days → 2025-03-31; 30 → 2025-04-15 (清明节 04-04 closed).
  const clock = clockOf(
    clocks.start({ kind: 'low_income_confirmation', startedAt: at('2025-03-03 10:00') }),
  );
  const longCheck = { startedAt: at('2025-03-04 09:00'), completedAt: at('2025-03-20 09:00') }; // 16 days

  it('R-AP-2 extends to 30 working days when the economic check took more than 15 days, with the reason recorded', () => {
    expect(clock.dueAt.toISOString()).toBe(endOf('2025-03-31'));
    const extended = clockOf(
      clocks.extend(clock, {
        at: at('2025-03-21 10:00'),
        toAmount: 30,
        reason: ' 核对超过15天 ',
        economicCheck: longCheck,
      }),
    );
    expect(extended.limit).toEqual({ unit: 'working_days', amount: 30 });
    expect(extended.dueAt.toISOString()).toBe(endOf('2025-04-15'));
    expect(extended.extensions).toEqual([
      { at: at('2025-03-21 10:00'), fromAmount: 20, toAmount: 30, reason: '核对超过15天' },
    ]);
  });

  it('R-AP-2 refuses when the check took 15 days or less, or no check times are given', () => {
    const short = { startedAt: at('2025-03-04 09:00'), completedAt: at('2025-03-19 09:00') }; // 15 days
    expect(
      clocks.extend(clock, {
        at: at('2025-03-21 10:00'),
        toAmount: 30,
        reason: '核对慢',
        economicCheck: short,
      }),
    ).toEqual({
      ok: false,
      code: 'ECONOMIC_CHECK_NOT_LONG_ENOUGH',
      reason: '家庭经济状况核对时间超过15天的方可延长（本次核对15天）',
    });
    expect(
      clocks.extend(clock, { at: at('2025-03-21 10:00'), toAmount: 30, reason: '核对慢' }),
    ).toMatchObject({
      reason: '家庭经济状况核对时间超过15天的方可延长（未提供核对时间）',
    });
  });

  it('R-AP-2 an unfinished check is measured up to the time of the extension', () => {
    const ongoing = { startedAt: at('2025-03-04 09:00') };
    expect(
      clocks.extend(clock, {
        at: at('2025-03-19 10:00'),
        toAmount: 25,
        reason: '核对未完成',
        economicCheck: ongoing,
      }).ok,
    ).toBe(false);
    expect(
      clocks.extend(clock, {
        at: at('2025-03-20 10:00'),
        toAmount: 25,
        reason: '核对未完成',
        economicCheck: ongoing,
      }).ok,
    ).toBe(true);
  });

  it('R-AP-2 refuses more than 30, not-longer or fractional limits, and a missing reason', () => {
    const base = { at: at('2025-03-21 10:00'), reason: '核对超过15天', economicCheck: longCheck };
    expect(clocks.extend(clock, { ...base, toAmount: 31 })).toEqual({
      ok: false,
      code: 'EXTENSION_EXCEEDS_MAXIMUM',
      reason: '延长后最长不超过30个工作日',
    });
    expect(clocks.extend(clock, { ...base, toAmount: 20 })).toEqual({
      ok: false,
      code: 'EXTENSION_NOT_LONGER',
      reason: '延长后的时限须长于当前的20个工作日',
    });
    expect(clocks.extend(clock, { ...base, toAmount: 25.5 })).toMatchObject({
      code: 'EXTENSION_NOT_LONGER',
    });
    expect(clocks.extend(clock, { ...base, toAmount: 30, reason: '' })).toMatchObject({
      code: 'REASON_REQUIRED',
    });
  });

  it('R-AP-2 cannot extend an overdue clock, but can while it is paused past the old due date', () => {
    const base = { toAmount: 30, reason: '核对超过15天', economicCheck: longCheck };
    expect(clocks.extend(clock, { ...base, at: at('2025-04-01 09:00') })).toMatchObject({
      ok: false,
      code: 'CLOCK_BREACHED',
    });
    const paused = clockOf(clocks.pause(clock, at('2025-03-21 10:00'), '等待核对结果'));
    const extended = clockOf(clocks.extend(paused, { ...base, at: at('2025-04-01 09:00') }));
    // The pause is still open, so the due date stays frozen until resume; extension applies on top.
    const resumed = clockOf(clocks.resume(extended, at('2025-04-02 09:00')));
    // Remaining at the pause (03-21 → 04-15 with 30 days) = 16 working days, counted from 04-02 → 04-25.
    expect(resumed.dueAt.toISOString()).toBe(endOf('2025-04-25'));
  });

  it('R-AP-4 other kinds cannot be extended unless configured, and a configured policy may drop the check condition', () => {
    const approval = clockOf(
      clocks.start({ kind: 'temporary_aid_approval', startedAt: at('2025-03-03 10:00') }),
    );
    expect(
      clocks.extend(approval, { at: at('2025-03-04 10:00'), toAmount: 20, reason: '特殊' }),
    ).toEqual({
      ok: false,
      code: 'EXTENSION_NOT_ALLOWED',
      reason: '临时救助审批时限不可延长',
    });
    const lenient = createSlaClocks({
      config: {
        ...defaultSlaConfig,
        kinds: {
          ...defaultSlaConfig.kinds,
          temporary_aid_approval: {
            ...defaultSlaConfig.kinds.temporary_aid_approval,
            extension: { maxAmount: 20 },
          },
        },
      },
    });
    const own = clockOf(
      lenient.start({ kind: 'temporary_aid_approval', startedAt: at('2025-03-03 10:00') }),
    );
    expect(
      clockOf(lenient.extend(own, { at: at('2025-03-04 10:00'), toAmount: 20, reason: '特殊' }))
        .limit.amount,
    ).toBe(20);
  });
});
