import type { ClockResult, SlaClock } from './sla-clock.types';
import { createSlaClocks, defaultSlaClocks } from './sla-clocks';
import { defaultSlaConfig } from './sla-config';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);
function clockOf(result: ClockResult): SlaClock {
  expect(result.ok).toBe(true);
  return (result as Extract<ClockResult, { ok: true }>).clock;
}
const clocks = defaultSlaClocks;

describe('R-JH-4 SLA status on_track | at_risk | breached | paused | met', () => {
  // R-AP-4: 2025-03-03 10:00 + 15 working days → due 2025-03-24 23:59:59.999.
  const approval = clockOf(
    clocks.start({ kind: 'temporary_aid_approval', startedAt: at('2025-03-03 10:00') }),
  );

  it('R-AP-4 on_track early, at_risk once 20 % of the span remains, breached after the due instant', () => {
    expect(clocks.evaluate(approval, at('2025-03-10 09:00')).status).toBe('on_track');
    const evaluation = clocks.evaluate(approval, at('2025-03-22 09:00'));
    expect(evaluation).toMatchObject({
      status: 'at_risk',
      kind: 'temporary_aid_approval',
      ruleId: 'R-AP-4',
      labelZh: '临时救助审批',
    });
    // Span 2025-03-03 10:00 → 03-24 23:59:59.999; 20 % of it before the due instant.
    const span = approval.dueAt.getTime() - approval.startedAt.getTime();
    expect(evaluation.atRiskFrom.getTime()).toBe(approval.dueAt.getTime() - Math.floor(span / 5));
    const late = clocks.evaluate(approval, at('2025-03-25 00:00'));
    expect(late.status).toBe('breached');
    expect(late.remainingMs).toBe(-1);
  });

  it('R-AP-4 stopping in time is met; stopping late is breached (and stays so)', () => {
    const met = clockOf(clocks.stop(approval, at('2025-03-24 18:00')));
    expect(clocks.evaluate(met, at('2025-06-01 00:00'))).toMatchObject({
      status: 'met',
      remainingMs: approval.dueAt.getTime() - at('2025-03-24 18:00').getTime(),
    });
    const late = clockOf(clocks.stop(approval, at('2025-03-26 09:00')));
    expect(clocks.evaluate(late, at('2025-03-26 09:00')).status).toBe('breached');
  });

  it('DOMAIN §5.6 公示 ended before 7 full days is breached; running or ended afterwards it is met', () => {
    const notice = clockOf(
      clocks.start({ kind: 'public_notice', startedAt: at('2025-03-03 10:00') }),
    );
    expect(clocks.evaluate(notice, at('2025-03-09 10:00')).status).toBe('on_track');
    expect(clocks.evaluate(notice, at('2025-03-11 00:00')).status).toBe('met');
    expect(
      clocks.evaluate(clockOf(clocks.stop(notice, at('2025-03-10 17:00'))), at('2025-03-12 00:00'))
        .status,
    ).toBe('breached');
    expect(
      clocks.evaluate(clockOf(clocks.stop(notice, at('2025-03-11 09:00'))), at('2025-03-12 00:00'))
        .status,
    ).toBe('met');
  });

  it('R-AP-2 the warning threshold is configurable globally and per kind', () => {
    const now = at('2025-03-20 09:00');
    const strict = createSlaClocks({ config: { ...defaultSlaConfig, atRiskPercent: 50 } });
    expect(
      strict.evaluate(
        clockOf(
          strict.start({ kind: 'temporary_aid_approval', startedAt: at('2025-03-03 10:00') }),
        ),
        now,
      ).status,
    ).toBe('at_risk');
    const perKind = createSlaClocks({
      config: {
        ...defaultSlaConfig,
        kinds: {
          ...defaultSlaConfig.kinds,
          temporary_aid_approval: {
            ...defaultSlaConfig.kinds.temporary_aid_approval,
            atRiskPercent: 0,
          },
        },
      },
    });
    const never = clockOf(
      perKind.start({ kind: 'temporary_aid_approval', startedAt: at('2025-03-03 10:00') }),
    );
    expect(never.atRiskPercent).toBe(0);
    expect(perKind.evaluate(never, at('2025-03-24 23:00')).status).toBe('on_track');
  });
});
