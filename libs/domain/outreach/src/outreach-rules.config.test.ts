import { defaultOutreachConfig, needNameZh } from './outreach-config';
import { OutreachConfigError, createOutreachRules, defaultOutreachRules } from './outreach-rules';

describe('R-PD-2 the outreach configuration is checked once, at start-up', () => {
  it('R-PD-2 defaults: 紧急 24 hours, 较急 2 and 一般 5 working days, on the official calendar', () => {
    expect(defaultOutreachRules.config.responseLimits).toEqual({
      urgent: { unit: 'hours', amount: 24 },
      pressing: { unit: 'working_days', amount: 2 },
      normal: { unit: 'working_days', amount: 5 },
    });
    expect(defaultOutreachRules.calendar.yearsWithData()).toContain(2026);
    expect(needNameZh('medical')).toBe('医疗救助');
  });

  it('R-PD-2 a grading rule or fallback with an unknown grade is a configuration error', () => {
    const grading = defaultOutreachConfig.grading;
    expect(() =>
      createOutreachRules({
        config: {
          ...defaultOutreachConfig,
          grading: {
            ...grading,
            rules: [{ id: 'x', labelZh: 'x', grade: 'critical' as never, when: {} }],
          },
        },
      }),
    ).toThrow(new OutreachConfigError('Grading rule x has unknown grade critical'));
    expect(() =>
      createOutreachRules({
        config: {
          ...defaultOutreachConfig,
          grading: { ...grading, fallback: { ...grading.fallback, grade: 'later' as never } },
        },
      }),
    ).toThrow(OutreachConfigError);
  });
});
