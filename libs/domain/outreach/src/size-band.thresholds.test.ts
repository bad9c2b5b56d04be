import { defaultOutreachConfig } from './outreach-config';
import { createOutreachRules } from './outreach-rules';
import { sizeBand } from './size-band';
import { yuan } from './test-fixtures';

const medical = (expense: number, income: number) =>
  sizeBand({
    kind: 'medical_expense',
    personalExpenseFen: yuan(expense),
    householdAnnualIncomeFen: yuan(income),
  });

describe('R-PD-1 size band of a sign, from the figures the department has', () => {
  it('R-PD-1 medical: share of household income OR amount decides, the highest step reached wins', () => {
    // 30 % of 60,000 元 income is 18,000 元: low by share, below the 20,000 元 amount.
    expect(medical(18_000, 60_000)).toEqual({ ok: true, band: 'low' });
    // 25,000 元 is 10 % of a 250,000 元 income, but reaches the low amount step.
    expect(medical(25_000, 250_000)).toEqual({ ok: true, band: 'low' });
    expect(medical(30_000, 60_000)).toEqual({ ok: true, band: 'medium' });
    expect(medical(60_000, 60_000)).toEqual({ ok: true, band: 'high' });
    // 100,000 元 reaches the high amount step whatever the income.
    expect(medical(100_000, 10_000_000)).toEqual({ ok: true, band: 'high' });
  });

  it('R-PD-1 medical: no income makes any expense count; below every step is no signal', () => {
    expect(medical(1, 0)).toEqual({ ok: true, band: 'high' });
    expect(medical(0, 0)).toEqual({
      ok: false,
      code: 'BELOW_SIGNAL_THRESHOLD',
      reason: '个人负担医疗费用未达到主动发现的标准',
      ruleId: 'R-PD-1',
    });
    expect(medical(17_999, 60_000)).toMatchObject({ ok: false, code: 'BELOW_SIGNAL_THRESHOLD' });
  });

  it('R-PD-1 medical: negative or fractional figures are refused', () => {
    expect(medical(-1, 60_000)).toMatchObject({ ok: false, code: 'INVALID_FIGURES' });
    expect(medical(1, -1)).toMatchObject({ ok: false, code: 'INVALID_FIGURES' });
    expect(
      sizeBand({
        kind: 'medical_expense',
        personalExpenseFen: 0.5 as never,
        householdAnnualIncomeFen: yuan(1),
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_FIGURES' });
    expect(
      sizeBand({
        kind: 'medical_expense',
        personalExpenseFen: yuan(1),
        householdAnnualIncomeFen: Number.NaN as never,
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_FIGURES' });
  });

  it('R-PD-1 job loss: only a household with dependants is a signal; more dependants, higher band', () => {
    expect(sizeBand({ kind: 'job_loss', dependants: 0 })).toEqual({
      ok: false,
      code: 'BELOW_SIGNAL_THRESHOLD',
      reason: '失业人员家庭无被抚养人，未达到主动发现的标准',
      ruleId: 'R-PD-1',
    });
    expect(sizeBand({ kind: 'job_loss', dependants: 1 })).toEqual({ ok: true, band: 'low' });
    expect(sizeBand({ kind: 'job_loss', dependants: 2 })).toEqual({ ok: true, band: 'medium' });
    expect(sizeBand({ kind: 'job_loss', dependants: 5 })).toEqual({ ok: true, band: 'high' });
    expect(sizeBand({ kind: 'job_loss', dependants: -1 })).toMatchObject({
      code: 'INVALID_FIGURES',
    });
    expect(sizeBand({ kind: 'job_loss', dependants: 1.5 })).toMatchObject({
      code: 'INVALID_FIGURES',
    });
  });

  it('R-PD-1 school leaving and people: the configured band, or the reporter’s own assessment', () => {
    expect(sizeBand({ kind: 'school_leaving' })).toEqual({ ok: true, band: 'medium' });
    expect(sizeBand({ kind: 'reported_by_person' })).toEqual({ ok: true, band: 'medium' });
    expect(sizeBand({ kind: 'reported_by_person', assessed: 'high' })).toEqual({
      ok: true,
      band: 'high',
    });
  });

  it('R-PD-1 thresholds are configuration, in any order', () => {
    const rules = createOutreachRules({
      config: {
        ...defaultOutreachConfig,
        bands: {
          ...defaultOutreachConfig.bands,
          medicalExpense: [
            { band: 'high', incomeSharePercent: 40, expenseFen: yuan(1_000_000) },
            { band: 'low', incomeSharePercent: 10, expenseFen: yuan(1_000_000) },
          ],
          schoolLeaving: 'high',
        },
      },
    });
    const figures = (expense: number) =>
      sizeBand(
        {
          kind: 'medical_expense',
          personalExpenseFen: yuan(expense),
          householdAnnualIncomeFen: yuan(100_000),
        },
        rules,
      );
    expect(figures(10_000)).toEqual({ ok: true, band: 'low' });
    expect(figures(40_000)).toEqual({ ok: true, band: 'high' });
    expect(sizeBand({ kind: 'school_leaving' }, rules)).toEqual({ ok: true, band: 'high' });
  });
});
