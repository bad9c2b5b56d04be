import {
  type IsoDate,
  addCalendarDays,
  endOfShanghaiDay,
  firstDayOfMonthOffset,
  parseIsoDate,
  shanghaiDateOf,
} from '@jh/domain-calendar';
import { type PolicyConfig, defaultPolicyConfig } from './policy-config';
import { PolicyConfigError, PolicyInputError, type PolicyRefusal, refuse } from './policy-result';

/** R-YS-1 one review period of a year; `not_required` before the case was approved. */
export type ReviewPeriodStatus = 'not_required' | 'done' | 'upcoming' | 'missed';

export interface ReviewPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly dueAt: Date;
  readonly status: ReviewPeriodStatus;
  readonly reviewedOn?: IsoDate;
}

export interface ReviewScheduleInput {
  readonly year: number;
  readonly approvedAt: Date;
  readonly reviewedAt: readonly Date[];
  /** Periods ending after this instant are upcoming rather than missed. */
  readonly asOf: Date;
}

export interface ReviewSchedule {
  readonly ruleId: 'R-YS-1';
  readonly periods: readonly ReviewPeriod[];
  /** No missed period so far. */
  readonly onSchedule: boolean;
}

/**
 * R-YS-1 "reviewed at least twice a year": the year is cut into `reviewsPerYear` equal parts
 * (two halves by default), each needing a review; parts that began before approval are exempt.
 */
export function caseByCaseReviewSchedule(
  input: ReviewScheduleInput,
  config: PolicyConfig = defaultPolicyConfig,
): ReviewSchedule {
  const { reviewsPerYear } = config.caseByCase;
  if (!Number.isSafeInteger(reviewsPerYear) || reviewsPerYear < 1 || 12 % reviewsPerYear !== 0) {
    throw new PolicyConfigError(`reviewsPerYear must divide 12, got ${reviewsPerYear}`);
  }
  const months = 12 / reviewsPerYear;
  const approvedOn = shanghaiDateOf(input.approvedAt);
  const reviews = input.reviewedAt.map(shanghaiDateOf).sort();
  const yearStart = parseIsoDate(`${String(input.year).padStart(4, '0')}-01-01`);
  const periods = Array.from({ length: reviewsPerYear }, (_, i): ReviewPeriod => {
    const from = firstDayOfMonthOffset(yearStart, i * months);
    const to = addCalendarDays(firstDayOfMonthOffset(yearStart, (i + 1) * months), -1);
    const dueAt = endOfShanghaiDay(to);
    const reviewedOn = reviews.find((r) => r >= from && r <= to);
    const status: ReviewPeriodStatus =
      from < approvedOn
        ? 'not_required'
        : reviewedOn !== undefined
          ? 'done'
          : dueAt < input.asOf
            ? 'missed'
            : 'upcoming';
    return reviewedOn === undefined
      ? { from, to, dueAt, status }
      : { from, to, dueAt, status, reviewedOn };
  });
  return { ruleId: 'R-YS-1', periods, onSchedule: periods.every((p) => p.status !== 'missed') };
}

export type CountyCoverageResult =
  | { readonly ok: true; readonly total: number; readonly reviewed: number }
  | (PolicyRefusal<'COUNTY_REVIEW_INCOMPLETE'> & {
      readonly total: number;
      readonly reviewed: number;
      readonly missingCaseIds: readonly string[];
    });

/** R-YS-1 the county reviews 100 % of 一事一议 cases (integer arithmetic on the configured %). */
export function checkCountyReviewCoverage(
  caseIds: readonly string[],
  reviewedCaseIds: readonly string[],
  config: PolicyConfig = defaultPolicyConfig,
): CountyCoverageResult {
  const cases = new Set(caseIds);
  if (cases.size !== caseIds.length) throw new PolicyInputError('Duplicate case ids');
  const reviewed = new Set(reviewedCaseIds.filter((id) => cases.has(id)));
  const total = cases.size;
  const percent = config.caseByCase.countyReviewPercent;
  if (reviewed.size * 100 >= percent * total) return { ok: true, total, reviewed: reviewed.size };
  const missingCaseIds = caseIds.filter((id) => !reviewed.has(id));
  return {
    ...refuse(
      'COUNTY_REVIEW_INCOMPLETE',
      `县（区）民政局对“一事一议”的复核率须达到${percent}%（已复核${reviewed.size}/${total}件）`,
      'R-YS-1',
    ),
    total,
    reviewed: reviewed.size,
    missingCaseIds,
  };
}
