import { checkEmergencyOncePerYear } from './emergency-repeat';
import { defaultPolicyConfig } from './policy-config';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);
const fire = { householdId: 'h1', eventKey: 'fire:2025-03-02' };

describe('R-AP-6 the same emergency is aided at most once per year', () => {
  const history = [{ ...fire, approvedAt: at('2025-03-10 10:00') }];

  it('R-AP-6 refuses a second approval for the same household and event within a year', () => {
    expect(checkEmergencyOncePerYear({ ...fire, at: at('2025-11-01 09:00') }, history)).toEqual({
      ok: false,
      code: 'EMERGENCY_ALREADY_AIDED',
      reason: '同一急难事项一年内只能救助一次（上次批准：2025-03-10；2026-03-10起可再次申请）',
      ruleId: 'R-AP-6',
      previousApprovals: ['2025-03-10'],
      nextEligibleDate: '2026-03-10',
    });
    expect(checkEmergencyOncePerYear({ ...fire, at: at('2026-03-09 23:00') }, history).ok).toBe(
      false,
    );
  });

  it('R-AP-6 allows it again a full year later, and for other events or households at any time', () => {
    expect(checkEmergencyOncePerYear({ ...fire, at: at('2026-03-10 08:00') }, history)).toEqual({
      ok: true,
    });
    expect(
      checkEmergencyOncePerYear(
        { ...fire, eventKey: 'illness:2025-05', at: at('2025-06-01 08:00') },
        history,
      ),
    ).toEqual({ ok: true });
    expect(
      checkEmergencyOncePerYear(
        { ...fire, householdId: 'h2', at: at('2025-06-01 08:00') },
        history,
      ),
    ).toEqual({ ok: true });
  });

  it('R-AP-6 ignores approvals recorded after the moment being checked (re-checking a past decision)', () => {
    expect(
      checkEmergencyOncePerYear(
        { ...fire, eventKey: ' fire:2025-03-02 ', at: at('2025-03-09 10:00') },
        history,
      ),
    ).toEqual({ ok: true });
  });

  it('R-AP-6 a 29 February approval becomes eligible again on 1 March', () => {
    const leap = [{ ...fire, approvedAt: at('2028-02-29 10:00') }];
    expect(checkEmergencyOncePerYear({ ...fire, at: at('2029-02-28 10:00') }, leap)).toMatchObject({
      ok: false,
      nextEligibleDate: '2029-03-01',
    });
    expect(checkEmergencyOncePerYear({ ...fire, at: at('2029-03-01 10:00') }, leap).ok).toBe(true);
  });

  it('R-AP-6 the window and count are configuration (calendar year, two approvals)', () => {
    const config = {
      ...defaultPolicyConfig,
      emergencyRepeat: { window: 'calendar_year' as const, maxApprovalsPerWindow: 2 },
    };
    const twice = [...history, { ...fire, approvedAt: at('2025-08-01 10:00') }];
    expect(
      checkEmergencyOncePerYear({ ...fire, at: at('2025-12-31 10:00') }, history, config).ok,
    ).toBe(true);
    expect(
      checkEmergencyOncePerYear({ ...fire, at: at('2025-12-31 10:00') }, twice, config),
    ).toMatchObject({
      ok: false,
      previousApprovals: ['2025-03-10', '2025-08-01'],
      nextEligibleDate: '2026-01-01',
    });
    expect(
      checkEmergencyOncePerYear({ ...fire, at: at('2026-01-01 00:00') }, twice, config).ok,
    ).toBe(true);
  });
});
