import { PolicyConfigError } from './policy-result';
import { defaultPolicyConfig, type PolicyConfig, type SemesterCalendar } from './policy-config';
import {
  EDUCATION_CATEGORY_ZH,
  educationAidEnd,
  educationAidStart,
  findNextSemesterStart,
} from './education-aid';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);
const withCalendar = (semesterCalendar: SemesterCalendar): PolicyConfig => ({
  ...defaultPolicyConfig,
  education: { ...defaultPolicyConfig.education, semesterCalendar },
});

describe('R-EDU-1 免申即享 education aid starts from the month after certification', () => {
  it('R-EDU-1 certified 2025-03-31 23:30 Shanghai → aid from April 2025', () => {
    expect(
      educationAidStart({
        category: 'minimum_living_family_student',
        certifiedAt: at('2025-03-31 23:30'),
      }),
    ).toEqual({
      ok: true,
      ruleId: 'R-EDU-1',
      startMonth: '2025-04',
      startsOn: '2025-04-01',
    });
  });

  it('R-EDU-1 December certification starts in January of the next year, for every eligible category', () => {
    for (const category of defaultPolicyConfig.education.eligibleCategories) {
      expect(educationAidStart({ category, certifiedAt: at('2025-12-01 09:00') })).toMatchObject({
        ok: true,
        startMonth: '2026-01',
      });
    }
  });

  it('R-EDU-1 names every entitled category in Chinese', () => {
    expect(
      defaultPolicyConfig.education.eligibleCategories.map((c) => EDUCATION_CATEGORY_ZH[c]),
    ).toEqual(['特困供养学生', '孤儿', '低保家庭学生', '低保边缘家庭学生']);
  });

  it('R-EDU-1 refuses categories that are not configured as entitled', () => {
    const config = {
      ...defaultPolicyConfig,
      education: { ...defaultPolicyConfig.education, eligibleCategories: ['orphan'] as const },
    };
    expect(
      educationAidStart(
        { category: 'low_income_marginal_family_student', certifiedAt: at('2025-03-01 09:00') },
        config,
      ),
    ).toEqual({
      ok: false,
      code: 'NOT_ELIGIBLE_CATEGORY',
      reason: '该类别不属于免申即享教育资助对象',
      ruleId: 'R-EDU-1',
    });
  });
});

describe('R-EDU-2 a student leaving the categories keeps aid for the current semester only', () => {
  it('R-EDU-2 exit in October (autumn semester) → aid until 31 January, lost from the spring semester', () => {
    expect(educationAidEnd({ exitedAt: at('2025-10-15 10:00') })).toEqual({
      ok: true,
      ruleId: 'R-EDU-2',
      lastDay: '2026-01-31',
      endsAt: new Date('2026-01-31T15:59:59.999Z'),
      nextSemester: { date: '2026-02-01', nameZh: '2026年春季学期' },
    });
  });

  it('R-EDU-2 exit in March or in the summer → aid until 31 August; exit on a start day keeps that semester', () => {
    expect(educationAidEnd({ exitedAt: at('2025-03-10 10:00') })).toMatchObject({
      lastDay: '2025-08-31',
    });
    expect(educationAidEnd({ exitedAt: at('2025-07-20 10:00') })).toMatchObject({
      lastDay: '2025-08-31',
      nextSemester: { nameZh: '2025年秋季学期' },
    });
    expect(educationAidEnd({ exitedAt: at('2025-09-01 08:00') })).toMatchObject({
      lastDay: '2026-01-31',
    });
  });

  it('R-EDU-2 a dated semester calendar from the education bureau is used when configured', () => {
    const dated = withCalendar({
      kind: 'dated',
      starts: [
        { date: '2026-03-02', nameZh: '2026年春季学期' },
        { date: '2025-09-01', nameZh: '2025年秋季学期' },
        { date: '2026-09-01', nameZh: '2026年秋季学期' },
      ],
    });
    expect(educationAidEnd({ exitedAt: at('2025-11-11 10:00') }, dated)).toMatchObject({
      ok: true,
      lastDay: '2026-03-01',
    });
    expect(educationAidEnd({ exitedAt: at('2026-10-01 10:00') }, dated)).toEqual({
      ok: false,
      code: 'SEMESTER_CALENDAR_MISSING',
      reason: '学期安排未配置到2026-10-01之后，无法确定资助终止日期',
      ruleId: 'R-EDU-2',
    });
  });

  it('R-EDU-2 an unknown semester calendar kind is a configuration error', () => {
    expect(() => findNextSemesterStart({ kind: 'weekly' } as never, '2025-01-01' as never)).toThrow(
      PolicyConfigError,
    );
  });
});
