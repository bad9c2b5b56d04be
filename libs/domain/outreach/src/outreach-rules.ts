import { type WorkingDayCalendar, officialCalendar } from '@jh/domain-calendar';
import { type SlaClocks, createSlaClocks, defaultSlaConfig } from '@jh/domain-sla';
import {
  GRADES,
  GRADE_RANK,
  type Grade,
  type OutreachConfig,
  defaultOutreachConfig,
} from './outreach-config';

/** One invalid field: where, a stable code, and the zh-CN text next to it. */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly reason: string;
}

/** A refusal: stable code for machines, zh-CN reason for users, the rule behind it. */
export interface OutreachRefusal<C extends string = string> {
  readonly ok: false;
  readonly code: C;
  readonly reason: string;
  readonly ruleId: string;
  /** Field-level detail of an invalid input; `reason` is the first one's. */
  readonly errors?: readonly FieldError[];
}

export function refuse<C extends string>(
  code: C,
  reason: string,
  ruleId: string,
): OutreachRefusal<C> {
  return { ok: false, code, reason, ruleId };
}

export function refuseFields<C extends string>(
  code: C,
  errors: readonly FieldError[],
  ruleId: string,
): OutreachRefusal<C> | undefined {
  const [first] = errors;
  return first === undefined
    ? undefined
    : { ok: false, code, reason: first.reason, ruleId, errors };
}

export class OutreachConfigError extends Error {
  override readonly name = 'OutreachConfigError';
}

/** The configuration, the working-day calendar and the clocks that count response limits. */
export interface OutreachRules {
  readonly config: OutreachConfig;
  readonly calendar: WorkingDayCalendar;
  /** domain-sla clocks whose per-code limits are the grades' response limits (see clockCode). */
  readonly clocks: SlaClocks;
}

/**
 * domain-sla keys configurable limits by code under its `department_handling` kind; each grade
 * gets its own code there, so the SLA due-date rules (ADR 0003) count the response limits.
 */
export const clockCode = (grade: Grade): string => `outreach:${grade}`;

const EPOCH = new Date(0);

export function createOutreachRules(
  options: { config?: OutreachConfig; calendar?: WorkingDayCalendar } = {},
): OutreachRules {
  const config = options.config ?? defaultOutreachConfig;
  const calendar = options.calendar ?? officialCalendar;
  const clocks = createSlaClocks({
    calendar,
    config: {
      ...defaultSlaConfig,
      atRiskPercent: config.atRiskPercent,
      departmentHandlingLimits: Object.fromEntries(
        GRADES.map((g) => [clockCode(g), config.responseLimits[g]]),
      ),
    },
  });
  for (const grade of GRADES) {
    try {
      clocks.deadline('department_handling', EPOCH, clockCode(grade));
    } catch (e) {
      throw new OutreachConfigError(`Response limit of ${grade}: ${(e as Error).message}`);
    }
  }
  const rules = [...config.grading.rules, { ...config.grading.fallback, when: {} }];
  for (const rule of rules) {
    if (!Object.hasOwn(GRADE_RANK, rule.grade))
      throw new OutreachConfigError(`Grading rule ${rule.id} has unknown grade ${rule.grade}`);
  }
  return { config, calendar, clocks };
}

export const defaultOutreachRules: OutreachRules = createOutreachRules();

/** Non-empty after trimming and at most `max` characters. */
export function textError(
  field: string,
  value: unknown,
  max: number,
  labelZh: string,
): FieldError | undefined {
  if (typeof value !== 'string' || value.trim() === '')
    return { field, code: 'REQUIRED', reason: `请填写${labelZh}` };
  if (value.trim().length > max)
    return { field, code: 'TOO_LONG', reason: `${labelZh}不能超过${max}个字` };
  return undefined;
}

export const isValidInstant = (value: unknown): value is Date =>
  value instanceof Date && !Number.isNaN(value.getTime());

export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
