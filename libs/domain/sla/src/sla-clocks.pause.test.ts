import type { ClockResult, SlaClock } from './sla-clock.types';
import { createSlaClocks, defaultSlaClocks } from './sla-clocks';
import { type ClockKind, type SlaConfig, defaultSlaConfig } from './sla-config';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);
function clockOf(result: ClockResult): SlaClock {
  expect(result.ok).toBe(true);
  return (result as Extract<ClockResult, { ok: true }>).clock;
}
const clocks = defaultSlaClocks;
const endOf = (date: string): string => new Date(`${date}T23:59:59.999+08:00`).toISOString();

function pausableEverywhere(): SlaConfig {
  const kinds = Object.fromEntries(
    Object.entries(defaultSlaConfig.kinds).map(([k, v]) => [k, { ...v, pausable: true }]),
  ) as unknown as SlaConfig['kinds'];
  return { ...defaultSlaConfig, kinds };
}

describe('R-AP-2 R-AP-4 SLA pause / resume (e.g. waiting for the applicant)', () => {
  // R-AP-4: started Monday 2025-03-03, due 2025-03-24.
  const running = clockOf(
    clocks.start({ kind: 'temporary_aid_approval', startedAt: at('2025-03-03 10:00') }),
  );

  it('R-AP-4 a paused clock reports paused; pausing and resuming on the same day costs nothing', () => {
    const paused = clockOf(clocks.pause(running, at('2025-03-05 10:00'), ' 等待申请人补充材料 '));
    expect(paused.pauses).toEqual([{ from: at('2025-03-05 10:00'), reason: '等待申请人补充材料' }]);
    expect(clocks.evaluate(paused, at('2025-03-30 10:00')).status).toBe('paused');
    const resumed = clockOf(clocks.resume(paused, at('2025-03-05 16:00')));
    expect(resumed.dueAt.toISOString()).toBe(endOf('2025-03-24'));
  });

  it('R-AP-4 paused Wednesday, resumed the next Monday: the remaining working days count again from Monday', () => {
    const paused = clockOf(clocks.pause(running, at('2025-03-05 10:00'), '等待补充材料'));
    // Remaining at the pause: working days in (03-05, 03-24] = 13; from Monday 03-10 → 03-27.
    const resumed = clockOf(clocks.resume(paused, at('2025-03-10 09:00')));
    expect(resumed.dueAt.toISOString()).toBe(endOf('2025-03-27'));
    expect(resumed.pauses[0]).toEqual({
      from: at('2025-03-05 10:00'),
      to: at('2025-03-10 09:00'),
      reason: '等待补充材料',
    });
    // A later change may not be dated before the resume.
    expect(clocks.pause(resumed, at('2025-03-07 10:00'), '再次等待')).toMatchObject({
      ok: false,
      code: 'INVALID_TIME',
    });
    expect(clocks.pause(resumed, at('2025-03-11 10:00'), '再次等待').ok).toBe(true);
  });

  it('R-AP-4 paused on the due day: due at the end of the first working day on or after the resume', () => {
    const paused = clockOf(clocks.pause(running, at('2025-03-24 09:00'), '等待补充材料'));
    expect(clockOf(clocks.resume(paused, at('2025-03-29 10:00'))).dueAt.toISOString()).toBe(
      endOf('2025-03-31'),
    );
    expect(clockOf(clocks.resume(paused, at('2025-03-27 10:00'))).dueAt.toISOString()).toBe(
      endOf('2025-03-27'),
    );
  });

  it('R-AP-4 refuses to pause without a reason, twice, after the due instant, or at an earlier time', () => {
    expect(clocks.pause(running, at('2025-03-05 10:00'), '  ')).toEqual({
      ok: false,
      code: 'REASON_REQUIRED',
      reason: '请填写原因',
    });
    const paused = clockOf(clocks.pause(running, at('2025-03-05 10:00'), '等待'));
    expect(clocks.pause(paused, at('2025-03-06 10:00'), '再次')).toMatchObject({
      ok: false,
      code: 'CLOCK_PAUSED',
    });
    expect(clocks.pause(running, at('2025-03-25 00:00'), '等待')).toMatchObject({
      ok: false,
      code: 'CLOCK_BREACHED',
    });
    expect(clocks.pause(running, at('2025-03-01 10:00'), '等待')).toMatchObject({
      ok: false,
      code: 'INVALID_TIME',
    });
    expect(clocks.resume(paused, at('2025-03-04 10:00'))).toMatchObject({
      ok: false,
      code: 'INVALID_TIME',
    });
    expect(clocks.resume(running, at('2025-03-06 10:00'))).toEqual({
      ok: false,
      code: 'CLOCK_NOT_PAUSED',
      reason: '该时限未暂停',
    });
  });

  it('R-JH-3 R-PAY-2 clocks that must not stop (report-back, payment, 公示, first aid) refuse to pause', () => {
    const kinds: ClockKind[] = [
      'department_report_back',
      'temporary_aid_payment',
      'monthly_payment',
      'public_notice',
      'first_aid_in_place',
    ];
    for (const kind of kinds) {
      const clock = clockOf(clocks.start({ kind, startedAt: at('2025-03-03 10:00') }));
      expect(clocks.pause(clock, at('2025-03-03 11:00'), '等待')).toMatchObject({
        ok: false,
        code: 'NOT_PAUSABLE',
      });
    }
    const report = clockOf(
      clocks.start({ kind: 'department_report_back', startedAt: at('2025-03-03 10:00') }),
    );
    expect(clocks.pause(report, at('2025-03-03 11:00'), '等待')).toMatchObject({
      reason: '部门办结后反馈时限不可暂停',
    });
  });

  it('R-AP-9 when configured pausable, hour clocks shift by the paused time and calendar-day clocks by whole days', () => {
    const pausable = createSlaClocks({ config: pausableEverywhere() });
    const hours = clockOf(
      pausable.start({ kind: 'first_aid_in_place', startedAt: at('2025-03-03 10:00') }),
    );
    const hoursPaused = clockOf(pausable.pause(hours, at('2025-03-03 12:00'), '联系不上申请人'));
    expect(clockOf(pausable.resume(hoursPaused, at('2025-03-03 15:30'))).dueAt).toEqual(
      at('2025-03-04 13:30'),
    );

    const days = clockOf(
      pausable.start({ kind: 'first_aid_paperwork', startedAt: at('2025-03-03 10:00') }),
    );
    const daysPaused = clockOf(pausable.pause(days, at('2025-03-05 12:00'), '等待'));
    expect(clockOf(pausable.resume(daysPaused, at('2025-03-08 09:00'))).dueAt.toISOString()).toBe(
      endOf('2025-03-13'),
    );
  });

  it('R-PAY-2 a fixed day of the month ("by the 10th") does not move even if paused', () => {
    const pausable = createSlaClocks({ config: pausableEverywhere() });
    const monthly = clockOf(
      pausable.start({ kind: 'monthly_payment', startedAt: at('2025-03-01 00:00') }),
    );
    const paused = clockOf(pausable.pause(monthly, at('2025-03-02 10:00'), '平台维护'));
    expect(clockOf(pausable.resume(paused, at('2025-03-05 10:00'))).dueAt.toISOString()).toBe(
      endOf('2025-03-10'),
    );
  });

  it('R-AP-4 stopping a paused clock closes the pause and judges it met; a stopped clock refuses changes', () => {
    const paused = clockOf(clocks.pause(running, at('2025-03-20 10:00'), '等待'));
    const stopped = clockOf(clocks.stop(paused, at('2025-03-28 10:00')));
    expect(stopped.pauses[0]?.to).toEqual(at('2025-03-28 10:00'));
    expect(clocks.evaluate(stopped, at('2025-04-30 10:00')).status).toBe('met');
    expect(clocks.stop(stopped, at('2025-03-29 10:00'))).toEqual({
      ok: false,
      code: 'CLOCK_STOPPED',
      reason: '该时限已结束，不能再变更',
    });
    expect(clocks.pause(stopped, at('2025-03-29 10:00'), '等待')).toMatchObject({
      code: 'CLOCK_STOPPED',
    });
    expect(clocks.resume(stopped, at('2025-03-29 10:00'))).toMatchObject({ code: 'CLOCK_STOPPED' });
    expect(
      clocks.extend(stopped, { at: at('2025-03-29 10:00'), toAmount: 30, reason: 'x' }),
    ).toMatchObject({ code: 'CLOCK_STOPPED' });
  });

  it('R-AP-2 a resume that reaches into a year without data keeps the fallback flag', () => {
    const clock = clockOf(
      clocks.start({ kind: 'low_income_confirmation', startedAt: at('2026-11-02 10:00') }),
    );
    expect(clock.assumedWeekdaysOnly).toBe(false);
    const paused = clockOf(clocks.pause(clock, at('2026-11-03 10:00'), '等待'));
    expect(clockOf(clocks.resume(paused, at('2026-12-28 10:00'))).assumedWeekdaysOnly).toBe(true);
  });
});
