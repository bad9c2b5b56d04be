import { fen, fromYuan } from '@jh/domain-money';
import { requiredLevelForTotal } from './approval-total';

const temp = { item: 'temporary' as const, coveredByPolicy: true };

describe('R-AP-5 tier by the total approved for the same case and event', () => {
  it('R-AP-5 a first approval of 500 元 stays with the street', () => {
    expect(
      requiredLevelForTotal({ ...temp, amountFen: fromYuan(500), alreadyApprovedFen: fen(0) }),
    ).toEqual({
      ok: true,
      level: 'street',
      reason: '救助金额不超过500.00 元，由街道（乡镇）审批',
      ruleId: 'R-AP-5',
    });
  });

  it('R-AP-5 a 500 元 follow-up after 500 元 already approved goes to the county', () => {
    expect(
      requiredLevelForTotal({
        ...temp,
        amountFen: fromYuan(500),
        alreadyApprovedFen: fromYuan(500),
      }),
    ).toEqual({
      ok: true,
      level: 'county',
      reason:
        '同一案件同一事项累计审批1,000.00 元（含本次500.00 元）：救助金额超过500.00 元，由县（区）民政局审批',
      ruleId: 'R-AP-5',
    });
  });

  it('R-AP-5 a case routed to the county is not approved at the street below the threshold', () => {
    expect(
      requiredLevelForTotal({
        ...temp,
        amountFen: fromYuan(500),
        alreadyApprovedFen: fen(0),
        routedTo: 'county',
      }),
    ).toEqual({
      ok: true,
      level: 'county',
      reason: '该案件已转县（区）民政局审批，不能由较低层级审批',
      ruleId: 'R-AP-5',
    });
  });

  it('R-AP-5 routing below the required level does not lower it', () => {
    expect(
      requiredLevelForTotal({
        ...temp,
        amountFen: fromYuan(700),
        alreadyApprovedFen: fen(0),
        routedTo: 'street',
        severe: true,
      }),
    ).toMatchObject({ ok: true, level: 'city' });
  });

  it('R-AP-5 refusals of the single-amount rule pass through', () => {
    expect(
      requiredLevelForTotal({
        item: 'medical',
        coveredByPolicy: true,
        amountFen: fromYuan(100),
        alreadyApprovedFen: fen(0),
      }),
    ).toMatchObject({ ok: false, code: 'TIER_NOT_APPLICABLE' });
  });
});
