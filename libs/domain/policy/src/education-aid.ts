import {
  type IsoDate,
  type YearMonth,
  addCalendarDays,
  endOfShanghaiDay,
  firstDayOfMonthOffset,
  parseIsoDate,
  shanghaiDateOf,
  yearMonthOf,
} from '@jh/domain-calendar';
import {
  type EducationCategory,
  type PolicyConfig,
  type SemesterCalendar,
  defaultPolicyConfig,
} from './policy-config';
import { PolicyConfigError, type PolicyRefusal, refuse } from './policy-result';

/** Chinese names of the 免申即享 categories (DOMAIN §7), for users and audit reasons. */
export const EDUCATION_CATEGORY_ZH: Readonly<Record<EducationCategory, string>> = {
  extreme_poverty_student: '特困供养学生',
  orphan: '孤儿',
  minimum_living_family_student: '低保家庭学生',
  low_income_marginal_family_student: '低保边缘家庭学生',
};

export type EducationAidStart =
  | {
      readonly ok: true;
      readonly ruleId: 'R-EDU-1';
      readonly startMonth: YearMonth;
      readonly startsOn: IsoDate;
    }
  | PolicyRefusal<'NOT_ELIGIBLE_CATEGORY'>;

/** R-EDU-1 免申即享: aid starts automatically from the month after certification. */
export function educationAidStart(
  input: { readonly category: EducationCategory; readonly certifiedAt: Date },
  config: PolicyConfig = defaultPolicyConfig,
): EducationAidStart {
  const { eligibleCategories, startMonthsAfterCertification } = config.education;
  if (!eligibleCategories.includes(input.category)) {
    return refuse('NOT_ELIGIBLE_CATEGORY', '该类别不属于免申即享教育资助对象', 'R-EDU-1');
  }
  const startsOn = firstDayOfMonthOffset(input.certifiedAt, startMonthsAfterCertification);
  return { ok: true, ruleId: 'R-EDU-1', startMonth: yearMonthOf(startsOn), startsOn };
}

export interface SemesterStart {
  readonly date: IsoDate;
  readonly nameZh: string;
}

function earliestAfter(starts: readonly SemesterStart[], date: IsoDate): SemesterStart | undefined {
  // YYYY-MM-DD sorts as a number once the hyphens are gone.
  const key = (s: SemesterStart): number => Number(s.date.replace(/-/g, ''));
  return starts.filter((s) => s.date > date).sort((a, b) => key(a) - key(b))[0];
}

/** The first semester start strictly after `date`, or undefined when the calendar has none. */
export function findNextSemesterStart(
  calendar: SemesterCalendar,
  date: IsoDate,
): SemesterStart | undefined {
  switch (calendar.kind) {
    case 'annual': {
      const year = Number(date.slice(0, 4));
      const candidates = [year, year + 1].flatMap((y) =>
        calendar.starts.map((s) => ({
          date: parseIsoDate(
            `${y}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`,
          ),
          nameZh: `${y}年${s.nameZh}`,
        })),
      );
      return earliestAfter(candidates, date);
    }
    case 'dated':
      return earliestAfter(
        calendar.starts.map((s) => ({ date: parseIsoDate(s.date), nameZh: s.nameZh })),
        date,
      );
    default: {
      const unknown: never = calendar;
      throw new PolicyConfigError(`Unknown semester calendar ${JSON.stringify(unknown)}`);
    }
  }
}

export type EducationAidEnd =
  | {
      readonly ok: true;
      readonly ruleId: 'R-EDU-2';
      /** Last day with aid: the day before the next semester starts. */
      readonly lastDay: IsoDate;
      readonly endsAt: Date;
      readonly nextSemester: SemesterStart;
    }
  | PolicyRefusal<'SEMESTER_CALENDAR_MISSING'>;

/** R-EDU-2: a student who leaves the categories keeps aid for the current semester, not the next. */
export function educationAidEnd(
  input: { readonly exitedAt: Date },
  config: PolicyConfig = defaultPolicyConfig,
): EducationAidEnd {
  const exitDate = shanghaiDateOf(input.exitedAt);
  const next = findNextSemesterStart(config.education.semesterCalendar, exitDate);
  if (next === undefined) {
    return refuse(
      'SEMESTER_CALENDAR_MISSING',
      `学期安排未配置到${exitDate}之后，无法确定资助终止日期`,
      'R-EDU-2',
    );
  }
  const lastDay = addCalendarDays(next.date, -1);
  return {
    ok: true,
    ruleId: 'R-EDU-2',
    lastDay,
    endsAt: endOfShanghaiDay(lastDay),
    nextSemester: next,
  };
}
