import { gradeSignals, isHigherGrade } from './grading';
import { defaultOutreachConfig } from './outreach-config';
import { createOutreachRules } from './outreach-rules';
import { type OutreachTask, openOrMerge } from './outreach-task';
import { at, medicalSignal, openTask, personSignal } from './test-fixtures';

const employment = medicalSignal({
  signalId: 'emp-1',
  source: 'employment',
  kind: 'job_loss',
  band: 'low',
});

describe('R-PD-2 grades 紧急 / 较急 / 一般 by ordered, configurable rules; the deciding rule is named', () => {
  it('R-PD-2 default rules, first match wins', () => {
    expect(gradeSignals([medicalSignal()])).toEqual({
      grade: 'normal',
      ruleId: 'default',
      labelZh: '其他线索',
    });
    expect(gradeSignals([medicalSignal({ band: 'high' })])).toEqual({
      grade: 'pressing',
      ruleId: 'high_band',
      labelZh: '困难程度很大',
    });
    expect(gradeSignals([medicalSignal({ band: 'high', flags: ['no_income'] })])).toMatchObject({
      grade: 'urgent',
      ruleId: 'no_income_high_band',
    });
    expect(gradeSignals([personSignal({ flags: ['children_alone'] })])).toMatchObject({
      grade: 'urgent',
      ruleId: 'vulnerable_alone',
    });
    expect(gradeSignals([medicalSignal(), employment])).toMatchObject({
      grade: 'pressing',
      ruleId: 'several_signals',
    });
    expect(gradeSignals([medicalSignal({ flags: ['no_income'] })])).toMatchObject({
      grade: 'pressing',
      ruleId: 'no_income',
    });
  });

  it('R-PD-2 a kind and a band hold on the same signal; rules and their order are configuration', () => {
    const rules = createOutreachRules({
      config: {
        ...defaultOutreachConfig,
        grading: {
          rules: [
            {
              id: 'high_job_loss',
              labelZh: '失业且困难程度很大',
              grade: 'urgent',
              when: { anyKind: ['job_loss'], minBand: 'high' },
            },
            {
              id: 'school_leaving',
              labelZh: '学生辍学',
              grade: 'pressing',
              when: { anyKind: ['school_leaving'] },
            },
          ],
          fallback: { id: 'rest', labelZh: '其余', grade: 'normal' },
        },
      },
    });
    // A high medical bill and a low job loss: no single "high job loss".
    expect(gradeSignals([medicalSignal({ band: 'high' }), employment], rules)).toEqual({
      grade: 'normal',
      ruleId: 'rest',
      labelZh: '其余',
    });
    expect(gradeSignals([{ ...employment, band: 'high' }], rules)).toMatchObject({
      grade: 'urgent',
      ruleId: 'high_job_loss',
    });
    expect(
      gradeSignals([medicalSignal({ source: 'education', kind: 'school_leaving' })], rules),
    ).toMatchObject({ grade: 'pressing', ruleId: 'school_leaving' });
    expect(isHigherGrade('urgent', 'pressing')).toBe(true);
    expect(isHigherGrade('normal', 'normal')).toBe(false);
  });

  it('R-PD-2 a new signal raises the grade, recorded with the rule that decided it', () => {
    const task = openTask(medicalSignal(), at('2026-09-30 10:00'));
    const result = openOrMerge(task, employment, {
      at: at('2026-09-30 15:00'),
      newTaskId: 'unused',
      coverage: [],
    });
    const raised = {
      at: at('2026-09-30 15:00'),
      from: 'normal',
      to: 'pressing',
      ruleId: 'several_signals',
      labelZh: '多方反映同一家庭',
    };
    expect(result).toMatchObject({ ok: true, action: 'merged', raised });
    const merged = (result as { task: OutreachTask }).task;
    expect(merged.grade).toBe('pressing');
    expect(merged.gradeHistory).toEqual([task.gradeHistory[0], raised]);
  });

  it('R-PD-2 a new signal never lowers the grade: even when today’s rules would grade lower, it stays', () => {
    const strict = createOutreachRules({
      config: {
        ...defaultOutreachConfig,
        grading: {
          rules: [
            {
              id: 'any_medical',
              labelZh: '医疗',
              grade: 'urgent',
              when: { anyKind: ['medical_expense'] },
            },
          ],
          fallback: defaultOutreachConfig.grading.fallback,
        },
      },
    });
    const task = openTask(medicalSignal(), at('2026-09-30 10:00'), strict);
    expect(task.grade).toBe('urgent');
    // Default rules would say 较急 (several signals); the task keeps 紧急 and its clock.
    const result = openOrMerge(task, employment, {
      at: at('2026-09-30 11:00'),
      newTaskId: 'unused',
      coverage: [],
    });
    expect(result).toMatchObject({ ok: true, action: 'merged' });
    expect(result).not.toHaveProperty('raised');
    const merged = (result as { task: OutreachTask }).task;
    expect(merged.grade).toBe('urgent');
    expect(merged.gradeHistory).toEqual(task.gradeHistory);
    expect(merged.clock).toEqual(task.clock);
  });
});
