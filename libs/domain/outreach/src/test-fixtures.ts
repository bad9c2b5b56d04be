// Builders shared by this library's tests (not exported from index).
import { fen } from '@jh/domain-money';
import type { OutreachRules } from './outreach-rules';
import {
  type NeedCoverage,
  type OpenOrMergeResult,
  type OutreachTask,
  openOrMerge,
} from './outreach-task';
import type { HardshipSignal } from './signal';

/** An instant given as Asia/Shanghai wall time, `2026-09-30 10:00`. */
export const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);

export const HOUSEHOLD = '9f86d081884c7d659a2feaa0c55ad015';
export const OTHER_HOUSEHOLD = '3a6eb0790f39ac87c94f3856b2dd2c5d';
export const STREET = '330106001';
export const yuan = (n: number) => fen(n * 100);

export function medicalSignal(overrides: Partial<HardshipSignal> = {}): HardshipSignal {
  return {
    signalId: 'med-1',
    source: 'medical',
    kind: 'medical_expense',
    band: 'low',
    flags: [],
    householdRef: HOUSEHOLD,
    streetCode: STREET,
    observedAt: at('2026-09-29 16:00'),
    ...overrides,
  };
}

export function personSignal(overrides: Partial<HardshipSignal> = {}): HardshipSignal {
  return {
    signalId: 'cadre-1',
    source: 'cadre',
    kind: 'reported_by_person',
    band: 'medium',
    flags: [],
    householdRef: HOUSEHOLD,
    streetCode: STREET,
    observedAt: at('2026-09-29 16:00'),
    reporter: {
      role: 'village_cadre',
      id: 'cadre-007',
      observation: '家中老人独居，近期未见家属探望',
      contact: '13800000000',
    },
    ...overrides,
  };
}

/** A task opened from `signal` at `receivedAt` (asserted). */
export function openTask(
  signal: HardshipSignal,
  receivedAt: Date,
  rules?: OutreachRules,
  coverage: readonly NeedCoverage[] = [],
): OutreachTask {
  const result = openOrMerge(
    null,
    signal,
    { at: receivedAt, newTaskId: 'task-1', coverage },
    rules,
  );
  expect(result).toMatchObject({ ok: true, action: 'opened' });
  return (result as Extract<OpenOrMergeResult, { action: 'opened' }>).task;
}
