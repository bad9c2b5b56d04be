import { type ClockKind, type SlaConfig, defaultSlaConfig } from './sla-config';

/**
 * The due dates among `deadlines` that were counted in working days: only those can rest on an
 * assumed Monday–Friday week (DOMAIN §10); hours, calendar days and "by the 10th" never do.
 * Feed the result to `deadlineNotice` from domain-calendar.
 */
export function workingDayDeadlines(
  deadlines: readonly (readonly [ClockKind, Date | null | undefined])[],
  config: SlaConfig = defaultSlaConfig,
): Date[] {
  return deadlines.flatMap(([kind, dueAt]) =>
    // department_handling has no kind-level limit: each department's own is in working days (R-JH-3).
    dueAt && (config.kinds[kind].limit?.unit ?? 'working_days') === 'working_days' ? [dueAt] : [],
  );
}
