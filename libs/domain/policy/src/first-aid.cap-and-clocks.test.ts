import { fen, fromYuan } from '@jh/domain-money';
import { defaultSlaConfig } from '@jh/domain-sla';
import { checkFirstAid, firstAidDeadlines } from './first-aid';
import { PolicyConfigError, createPolicyContext } from './policy-result';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);

describe('R-AP-9 street emergency first aid', () => {
  it('R-AP-9 allows up to 5,000 元 and always reports to the county', () => {
    expect(checkFirstAid({ amountFen: fromYuan(5000) })).toEqual({
      ok: true,
      amountFen: 500_000,
      reserveTopUpNeeded: false,
      reportToCounty: true,
    });
  });

  it('R-AP-9 refuses 5,000.01 元 and non-positive amounts', () => {
    expect(checkFirstAid({ amountFen: fen(500_001) })).toEqual({
      ok: false,
      code: 'FIRST_AID_OVER_CAP',
      reason: '先行救助金额最高不超过5,000.00 元',
      ruleId: 'R-AP-9',
    });
    expect(checkFirstAid({ amountFen: fen(0) })).toMatchObject({
      ok: false,
      code: 'INVALID_AMOUNT',
    });
  });

  it('R-AP-9 R-PAY-4 pays from the reserve, refuses beyond its balance, and flags a top-up below 10,000 元', () => {
    expect(
      checkFirstAid({ amountFen: fromYuan(3000), reserveBalanceFen: fromYuan(20_000) }),
    ).toMatchObject({
      ok: true,
      reserveAfterFen: fromYuan(17_000),
      reserveTopUpNeeded: false,
    });
    expect(
      checkFirstAid({ amountFen: fromYuan(3000), reserveBalanceFen: fromYuan(12_000) }),
    ).toMatchObject({ reserveTopUpNeeded: true });
    expect(checkFirstAid({ amountFen: fromYuan(3000), reserveBalanceFen: fromYuan(2000) })).toEqual(
      {
        ok: false,
        code: 'RESERVE_INSUFFICIENT',
        reason: '临时救助备用金余额2,000.00 元不足',
        ruleId: 'R-PAY-4',
      },
    );
  });

  it('R-AP-9 aid in place within 24 hours; paperwork within 7 days once the emergency has ended', () => {
    expect(firstAidDeadlines({ reportedAt: at('2025-10-01 21:00') })).toEqual({
      inPlaceDueAt: at('2025-10-02 21:00'),
    });
    expect(
      firstAidDeadlines({
        reportedAt: at('2025-10-01 21:00'),
        emergencyEndedAt: at('2025-10-03 12:00'),
      }),
    ).toEqual({
      inPlaceDueAt: at('2025-10-02 21:00'),
      paperworkDueAt: new Date('2025-10-10T15:59:59.999Z'),
    });
  });

  it('R-AP-9 a clock configured without a limit is a configuration error, not a silent pass', () => {
    const { limit: _dropped, ...noLimit } = defaultSlaConfig.kinds.first_aid_in_place;
    const ctx = createPolicyContext({
      slaConfig: {
        ...defaultSlaConfig,
        kinds: { ...defaultSlaConfig.kinds, first_aid_in_place: noLimit },
      },
    });
    expect(() => firstAidDeadlines({ reportedAt: at('2025-10-01 21:00') }, ctx)).toThrow(
      PolicyConfigError,
    );
  });
});
