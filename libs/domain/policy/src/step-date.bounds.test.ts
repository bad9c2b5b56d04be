import { checkStepDate } from './step-date';

const base = { caseOpenedOn: '2026-11-02', today: '2026-11-06', stepZh: '核对开始' };

describe('R-AP-2 review step dates lie between acceptance and today', () => {
  it('R-AP-2 a step on the acceptance day or today is accepted', () => {
    expect(checkStepDate({ ...base, date: '2026-11-02' })).toEqual({ ok: true });
    expect(checkStepDate({ ...base, date: '2026-11-06' })).toEqual({ ok: true });
  });

  it('R-AP-2 a step dated before the case existed is refused', () => {
    expect(checkStepDate({ ...base, date: '2026-11-01' })).toEqual({
      ok: false,
      code: 'DATE_BEFORE_CASE',
      reason: '核对开始日期不能早于案件受理日期（2026-11-02）',
      ruleId: 'R-AP-2',
    });
  });

  it('R-AP-2 a step dated in the future is refused', () => {
    expect(checkStepDate({ ...base, date: '2026-11-07' })).toEqual({
      ok: false,
      code: 'DATE_IN_FUTURE',
      reason: '核对开始日期不能晚于今天（2026-11-06）',
      ruleId: 'R-AP-2',
    });
  });
});
