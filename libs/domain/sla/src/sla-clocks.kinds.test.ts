import { type ClockResult, type SlaClock, SlaConfigError } from './sla-clock.types';
import { createSlaClocks, defaultSlaClocks } from './sla-clocks';
import { type SlaConfig, defaultSlaConfig } from './sla-config';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);
function clockOf(result: ClockResult): SlaClock {
  expect(result.ok).toBe(true);
  return (result as Extract<ClockResult, { ok: true }>).clock;
}
const dueOf = (result: ClockResult): string => clockOf(result).dueAt.toISOString();
const clocks = defaultSlaClocks;

describe('R-JH-3 R-AP-2 R-AP-4 R-AP-9 R-PAY-2 DOMAIN §5 SLA clock kinds and their default limits', () => {
  it('R-JH-3 department report-back: 1 working day after handling (Friday 15:00 → Monday 23:59:59.999)', () => {
    const clock = clockOf(
      clocks.start({
        kind: 'department_report_back',
        startedAt: at('2025-03-07 15:00'),
        departmentCode: 'education',
      }),
    );
    expect(clock).toMatchObject({
      ruleId: 'R-JH-3',
      mode: 'deadline',
      departmentCode: 'education',
      limit: { unit: 'working_days', amount: 1 },
    });
    expect(clock.dueAt.toISOString()).toBe('2025-03-10T15:59:59.999Z');
  });

  it('R-JH-3 department handling uses the per-department limit and refuses when none is configured', () => {
    const refused = clocks.start({
      kind: 'department_handling',
      startedAt: at('2025-03-03 09:00'),
      departmentCode: 'housing',
    });
    expect(refused).toEqual({
      ok: false,
      code: 'DEPARTMENT_LIMIT_NOT_CONFIGURED',
      reason: '部门“housing”的办理时限未配置',
    });
    expect(
      clocks.start({ kind: 'department_handling', startedAt: at('2025-03-03 09:00') }),
    ).toMatchObject({ ok: false, reason: '部门“未指定”的办理时限未配置' });
    const configured = createSlaClocks({
      config: {
        ...defaultSlaConfig,
        departmentHandlingLimits: { housing: { unit: 'working_days', amount: 10 } },
      },
    });
    expect(
      dueOf(
        configured.start({
          kind: 'department_handling',
          startedAt: at('2025-03-03 09:00'),
          departmentCode: 'housing',
        }),
      ),
    ).toBe('2025-03-17T15:59:59.999Z');
  });

  it('R-AP-2 低保/低边/特困 confirmation: 20 working days from acceptance, across 清明节 2025', () => {
    // 2025-03-20 + 20 working days, with 04-04 (清明节, Friday) closed → 2025-04-18.
    expect(
      dueOf(clocks.start({ kind: 'low_income_confirmation', startedAt: at('2025-03-20 10:00') })),
    ).toBe('2025-04-18T15:59:59.999Z');
  });

  it('R-AP-4 临时救助 approval: 15 working days', () => {
    expect(
      dueOf(clocks.start({ kind: 'temporary_aid_approval', startedAt: at('2025-03-03 10:00') })),
    ).toBe('2025-03-24T15:59:59.999Z');
  });

  it('DOMAIN §5.3 一事一议 democratic review within 5 working days and §5.8 filing within 3 working days', () => {
    expect(
      dueOf(clocks.start({ kind: 'case_by_case_review', startedAt: at('2025-04-30 16:00') })),
    ).toBe('2025-05-12T15:59:59.999Z');
    expect(
      dueOf(clocks.start({ kind: 'case_by_case_filing', startedAt: at('2025-09-26 16:00') })),
    ).toBe('2025-09-30T15:59:59.999Z');
  });

  it('DOMAIN §5.6 公示 is a minimum period of 7 calendar days, ending at the end of the 7th day after posting', () => {
    const clock = clockOf(
      clocks.start({ kind: 'public_notice', startedAt: at('2025-10-01 10:00') }),
    );
    expect(clock).toMatchObject({ mode: 'minimum_period', ruleId: 'DOMAIN §5.6' });
    expect(clock.dueAt.toISOString()).toBe('2025-10-08T15:59:59.999Z');
  });

  it('R-AP-9 first aid in place within 24 hours (exact) and paperwork within 7 days of the emergency ending', () => {
    expect(
      dueOf(clocks.start({ kind: 'first_aid_in_place', startedAt: at('2025-02-01 22:30') })),
    ).toBe(at('2025-02-02 22:30').toISOString());
    expect(
      dueOf(clocks.start({ kind: 'first_aid_paperwork', startedAt: at('2025-02-03 08:00') })),
    ).toBe('2025-02-10T15:59:59.999Z');
  });

  it('R-PAY-2 temporary-aid funds within 3 working days of approval', () => {
    expect(
      dueOf(clocks.start({ kind: 'temporary_aid_payment', startedAt: at('2025-04-30 17:00') })),
    ).toBe('2025-05-08T15:59:59.999Z');
  });

  it('R-PAY-2 monthly funds by the 10th: this month until the 10th, otherwise next month', () => {
    const monthly = (s: string): string =>
      dueOf(clocks.start({ kind: 'monthly_payment', startedAt: at(s) }));
    expect(monthly('2025-03-01 00:00')).toBe('2025-03-10T15:59:59.999Z');
    expect(monthly('2025-03-10 23:00')).toBe('2025-03-10T15:59:59.999Z');
    expect(monthly('2025-03-11 00:00')).toBe('2025-04-10T15:59:59.999Z');
    expect(monthly('2025-12-15 09:00')).toBe('2026-01-10T15:59:59.999Z');
  });

  it('R-AP-4 deadline() gives the due instant without creating a clock, and refuses like start()', () => {
    expect(clocks.deadline('temporary_aid_approval', at('2025-03-03 10:00'))).toEqual({
      ok: true,
      dueAt: new Date('2025-03-24T15:59:59.999Z'),
      assumedWeekdaysOnly: false,
    });
    expect(clocks.deadline('department_handling', at('2025-03-03 10:00'), 'medical')).toMatchObject(
      { ok: false, code: 'DEPARTMENT_LIMIT_NOT_CONFIGURED' },
    );
  });

  it('R-AP-2 a clock running into a year without calendar data says it assumed Monday–Friday', () => {
    expect(
      clockOf(clocks.start({ kind: 'low_income_confirmation', startedAt: at('2026-12-20 10:00') }))
        .assumedWeekdaysOnly,
    ).toBe(true);
  });

  const badLimits: [string, SlaConfig['kinds']['temporary_aid_approval']['limit']][] = [
    ['zero', { unit: 'working_days', amount: 0 }],
    ['fractional', { unit: 'hours', amount: 1.5 }],
    ['a 31st of the month', { unit: 'day_of_month', amount: 31 }],
    ['an unknown unit', { unit: 'weeks' as never, amount: 1 }],
  ];
  it.each(badLimits)(
    'R-AP-4 a misconfigured limit (%s) fails fast with SlaConfigError',
    (_label, limit) => {
      const config: SlaConfig = {
        ...defaultSlaConfig,
        kinds: {
          ...defaultSlaConfig.kinds,
          temporary_aid_approval: { ...defaultSlaConfig.kinds.temporary_aid_approval, limit },
        },
      };
      expect(() =>
        createSlaClocks({ config }).start({
          kind: 'temporary_aid_approval',
          startedAt: at('2025-03-03 10:00'),
        }),
      ).toThrow(SlaConfigError);
    },
  );
});
