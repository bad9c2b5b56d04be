import { caseByCaseReviewSchedule, checkCountyReviewCoverage } from './case-by-case-review';
import { defaultPolicyConfig } from './policy-config';
import { PolicyConfigError, PolicyInputError } from './policy-result';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);

describe('R-YS-1 一事一议 cases reviewed at least twice a year; the county reviews 100 %', () => {
  it('R-YS-1 splits the year into two halves, each needing a review', () => {
    const schedule = caseByCaseReviewSchedule({
      year: 2025,
      approvedAt: at('2024-11-20 10:00'),
      reviewedAt: [at('2025-05-06 10:00'), at('2025-12-01 10:00')],
      asOf: at('2026-01-05 10:00'),
    });
    expect(schedule).toEqual({
      ruleId: 'R-YS-1',
      onSchedule: true,
      periods: [
        {
          from: '2025-01-01',
          to: '2025-06-30',
          dueAt: new Date('2025-06-30T15:59:59.999Z'),
          status: 'done',
          reviewedOn: '2025-05-06',
        },
        {
          from: '2025-07-01',
          to: '2025-12-31',
          dueAt: new Date('2025-12-31T15:59:59.999Z'),
          status: 'done',
          reviewedOn: '2025-12-01',
        },
      ],
    });
  });

  it('R-YS-1 a half without a review is missed once it is over, upcoming before; halves begun before approval are exempt', () => {
    const input = { year: 2025, approvedAt: at('2025-02-10 10:00'), reviewedAt: [] };
    const mid = caseByCaseReviewSchedule({ ...input, asOf: at('2025-08-01 10:00') });
    expect(mid.periods.map((p) => p.status)).toEqual(['not_required', 'upcoming']);
    expect(mid.onSchedule).toBe(true);
    const after = caseByCaseReviewSchedule({ ...input, asOf: at('2026-01-01 00:00') });
    expect(after.periods.map((p) => p.status)).toEqual(['not_required', 'missed']);
    expect(after.onSchedule).toBe(false);
  });

  it('R-YS-1 the number of reviews per year is configuration and must divide the year into whole months', () => {
    const quarterly = {
      ...defaultPolicyConfig,
      caseByCase: { ...defaultPolicyConfig.caseByCase, reviewsPerYear: 4 },
    };
    const schedule = caseByCaseReviewSchedule(
      {
        year: 2026,
        approvedAt: at('2025-12-01 10:00'),
        reviewedAt: [],
        asOf: at('2026-01-01 00:00'),
      },
      quarterly,
    );
    expect(schedule.periods.map((p) => `${p.from}..${p.to}`)).toEqual([
      '2026-01-01..2026-03-31',
      '2026-04-01..2026-06-30',
      '2026-07-01..2026-09-30',
      '2026-10-01..2026-12-31',
    ]);
    for (const bad of [5, 0, 1.5]) {
      const config = {
        ...defaultPolicyConfig,
        caseByCase: { ...defaultPolicyConfig.caseByCase, reviewsPerYear: bad },
      };
      expect(() =>
        caseByCaseReviewSchedule(
          {
            year: 2026,
            approvedAt: at('2025-12-01 10:00'),
            reviewedAt: [],
            asOf: at('2026-01-01 00:00'),
          },
          config,
        ),
      ).toThrow(PolicyConfigError);
    }
  });

  it('R-YS-1 county coverage must reach 100 %, naming the cases not yet reviewed', () => {
    expect(checkCountyReviewCoverage(['a', 'b'], ['b', 'a', 'zz'])).toEqual({
      ok: true,
      total: 2,
      reviewed: 2,
    });
    expect(checkCountyReviewCoverage([], [])).toEqual({ ok: true, total: 0, reviewed: 0 });
    expect(checkCountyReviewCoverage(['a', 'b', 'c'], ['b'])).toEqual({
      ok: false,
      code: 'COUNTY_REVIEW_INCOMPLETE',
      reason: '县（区）民政局对“一事一议”的复核率须达到100%（已复核1/3件）',
      ruleId: 'R-YS-1',
      total: 3,
      reviewed: 1,
      missingCaseIds: ['a', 'c'],
    });
    expect(() => checkCountyReviewCoverage(['a', 'a'], [])).toThrow(PolicyInputError);
  });
});
