import {
  type OutreachTask,
  applicationDraft,
  defaultOutreachRules,
  endTask,
  evaluateResponse,
  openOrMerge,
  sizeBand,
  validateSignal,
} from './index';
import { HOUSEHOLD, STREET, at, yuan } from './test-fixtures';

describe('R-PD-1 R-PD-2 R-PD-3 through the public entry: a hospital bill to an application the family signs', () => {
  it('R-PD-3 medical figures → band → signal → task → draft → ended by the application, in time', () => {
    const band = sizeBand({
      kind: 'medical_expense',
      personalExpenseFen: yuan(48_000),
      householdAnnualIncomeFen: yuan(40_000),
    });
    expect(band).toEqual({ ok: true, band: 'high' });
    const signal = {
      signalId: 'yb-2026-000123',
      source: 'medical' as const,
      kind: 'medical_expense' as const,
      band: (band as { band: 'high' }).band,
      flags: [],
      householdRef: HOUSEHOLD,
      streetCode: STREET,
      observedAt: at('2026-09-30 09:00'),
    };
    expect(validateSignal(signal, at('2026-09-30 09:05')).ok).toBe(true);
    const opened = openOrMerge(
      null,
      signal,
      { at: at('2026-09-30 09:05'), newTaskId: 'wz-1', coverage: [] },
      defaultOutreachRules,
    );
    const task = (opened as { task: OutreachTask }).task;
    expect(task).toMatchObject({ grade: 'pressing', needs: ['medical'] });
    expect(applicationDraft(task, 'worker-7')).toMatchObject({
      ok: true,
      draft: { items: ['medical'], channel: 'proactive_discovery', ownerId: 'worker-7' },
    });
    const ended = endTask(task, {
      at: at('2026-10-08 15:00'),
      by: 'worker-7',
      outcome: { kind: 'application', applicationId: 'SQ-2026-0042' },
    });
    expect(
      evaluateResponse((ended as { task: OutreachTask }).task, at('2026-10-20 00:00')).status,
    ).toBe('met');
  });
});
