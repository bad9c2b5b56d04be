import { fen, fromYuan } from '@jh/domain-money';
import { requiredApprovalLevel } from './approval-tier';
import { defaultPolicyConfig } from './policy-config';

const temp = { item: 'temporary' as const, coveredByPolicy: true };

describe('R-AP-5 tiered approval by amount and item', () => {
  it('R-AP-5 临时救助 up to and including 500 元 is approved by the street', () => {
    expect(requiredApprovalLevel({ ...temp, amountFen: fromYuan(500) })).toEqual({
      ok: true,
      level: 'street',
      reason: '救助金额不超过500.00 元，由街道（乡镇）审批',
      ruleId: 'R-AP-5',
    });
  });

  it('R-AP-5 above 500 元 (even by one fen) goes to the county bureau', () => {
    expect(requiredApprovalLevel({ ...temp, amountFen: fen(50_001) })).toMatchObject({
      level: 'county',
      reason: '救助金额超过500.00 元，由县（区）民政局审批',
    });
  });

  it('R-AP-5 severe or high-impact cases may go to the city', () => {
    expect(
      requiredApprovalLevel({ ...temp, amountFen: fromYuan(100), severe: true }),
    ).toMatchObject({ level: 'city' });
    expect(
      requiredApprovalLevel({ ...temp, amountFen: fromYuan(100), largeSocialImpact: true }),
    ).toMatchObject({ level: 'city' });
  });

  it('R-AP-5 an optional configured city threshold escalates high amounts', () => {
    const config = {
      ...defaultPolicyConfig,
      approvalTiers: { ...defaultPolicyConfig.approvalTiers, cityFromFen: fromYuan(20_000) },
    };
    expect(requiredApprovalLevel({ ...temp, amountFen: fromYuan(20_000) }, config)).toMatchObject({
      level: 'city',
      reason: '救助金额达到20,000.00 元，报市级审批',
    });
    expect(requiredApprovalLevel({ ...temp, amountFen: fromYuan(19_999) }, config)).toMatchObject({
      level: 'county',
    });
  });

  it('R-AP-5 thresholds are configuration', () => {
    const config = {
      ...defaultPolicyConfig,
      approvalTiers: { ...defaultPolicyConfig.approvalTiers, streetMaxFen: fromYuan(1000) },
    };
    expect(requiredApprovalLevel({ ...temp, amountFen: fromYuan(800) }, config)).toMatchObject({
      level: 'street',
    });
  });

  it('R-AP-5 cases no current policy covers go to 一事一议 whatever the amount', () => {
    expect(
      requiredApprovalLevel({ ...temp, amountFen: fromYuan(100), coveredByPolicy: false }),
    ).toMatchObject({ level: 'case_by_case' });
  });

  it('R-AP-2 R-AP-5 低保/低边/特困 confirmation is delegated to the street, not tiered by amount', () => {
    expect(
      requiredApprovalLevel({
        item: 'extreme_poverty',
        amountFen: fromYuan(2000),
        coveredByPolicy: true,
      }),
    ).toMatchObject({
      level: 'street',
      reason: '特困人员救助供养审核确认权限已下放街道（乡镇）',
    });
  });

  it('R-AP-5 refuses department items and negative amounts', () => {
    expect(
      requiredApprovalLevel({ item: 'medical', amountFen: fromYuan(100), coveredByPolicy: true }),
    ).toEqual({
      ok: false,
      code: 'TIER_NOT_APPLICABLE',
      reason: '医疗救助由主管部门按其规定审批，不适用民政分级审批',
      ruleId: 'R-AP-5',
    });
    expect(requiredApprovalLevel({ ...temp, amountFen: fen(-1) })).toMatchObject({
      ok: false,
      code: 'INVALID_AMOUNT',
    });
  });
});
