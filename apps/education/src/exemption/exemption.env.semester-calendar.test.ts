import { defaultPolicyConfig, educationAidEnd } from '@jh/domain-policy';
import { loadExemptionPolicy } from './exemption.env';

describe('education 免申即享 configuration', () => {
  it('R-EDU-2: the annual default calendar applies unless EDU_SEMESTER_STARTS_JSON is set', () => {
    expect(loadExemptionPolicy({})).toBe(defaultPolicyConfig);
  });

  it('R-EDU-2: the education bureau dates decide where the current semester ends', () => {
    const policy = loadExemptionPolicy({
      EDU_SEMESTER_STARTS_JSON: JSON.stringify([
        { date: '2026-08-31', nameZh: '2026年秋季学期' },
        { date: '2027-02-22', nameZh: '2027年春季学期' },
      ]),
    });
    expect(educationAidEnd({ exitedAt: new Date('2026-11-16T02:00:00Z') }, policy)).toMatchObject({
      ok: true,
      lastDay: '2027-02-21',
      nextSemester: { nameZh: '2027年春季学期' },
    });
  });

  it('fails fast naming the variable when the calendar is not valid JSON or lacks dates', () => {
    expect(() => loadExemptionPolicy({ EDU_SEMESTER_STARTS_JSON: 'spring' })).toThrow(
      /EDU_SEMESTER_STARTS_JSON: must be JSON/,
    );
    expect(() =>
      loadExemptionPolicy({ EDU_SEMESTER_STARTS_JSON: '[{"date":"22/02/2027","nameZh":"春"}]' }),
    ).toThrow(/EDU_SEMESTER_STARTS_JSON/);
    expect(() => loadExemptionPolicy({ EDU_SEMESTER_STARTS_JSON: '[]' })).toThrow(
      /EDU_SEMESTER_STARTS_JSON/,
    );
  });
});
