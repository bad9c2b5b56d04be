import { type WorkingDayCalendar, officialCalendar } from '@jh/domain-calendar';
import {
  type ClockKind,
  type SlaClocks,
  type SlaConfig,
  UNIT_ZH,
  createSlaClocks,
  defaultSlaConfig,
} from '@jh/domain-sla';
import { type PolicyConfig, defaultPolicyConfig } from './policy-config';

/** A refusal the UI/API shows: stable machine code, zh-CN reason, the rule behind it. */
export interface PolicyRefusal<C extends string = string> {
  readonly ok: false;
  readonly code: C;
  readonly reason: string;
  readonly ruleId: string;
}

export interface PolicyViolation<C extends string = string> {
  readonly code: C;
  readonly reason: string;
}

/** A refusal listing every violated condition; code/reason are those of the first. */
export interface PolicyRefusalWithViolations<C extends string = string> extends PolicyRefusal<C> {
  readonly violations: readonly PolicyViolation<C>[];
}

export function refuse<C extends string>(
  code: C,
  reason: string,
  ruleId: string,
): PolicyRefusal<C> {
  return { ok: false, code, reason, ruleId };
}

export function refuseAll<C extends string>(
  violations: readonly PolicyViolation<C>[],
  ruleId: string,
): PolicyRefusalWithViolations<C> | undefined {
  const [first] = violations;
  return first === undefined
    ? undefined
    : { ok: false, code: first.code, reason: first.reason, ruleId, violations };
}

/** Caller bugs (duplicate ids, impossible input) rather than business refusals. */
export class PolicyInputError extends Error {
  override readonly name = 'PolicyInputError';
}

export interface PolicyContext {
  readonly config: PolicyConfig;
  readonly calendar: WorkingDayCalendar;
  readonly slaConfig: SlaConfig;
  readonly clocks: SlaClocks;
}

export function createPolicyContext(
  overrides: Partial<Pick<PolicyContext, 'config' | 'calendar' | 'slaConfig'>> = {},
): PolicyContext {
  const calendar = overrides.calendar ?? officialCalendar;
  const slaConfig = overrides.slaConfig ?? defaultSlaConfig;
  return {
    config: overrides.config ?? defaultPolicyConfig,
    calendar,
    slaConfig,
    clocks: createSlaClocks({ calendar, config: slaConfig }),
  };
}

export const defaultPolicyContext: PolicyContext = createPolicyContext();

export class PolicyConfigError extends Error {
  override readonly name = 'PolicyConfigError';
}

/** Due instant of a fixed-limit clock kind; a kind without a limit is a configuration error. */
export function requireDeadline(ctx: PolicyContext, kind: ClockKind, startedAt: Date): Date {
  const result = ctx.clocks.deadline(kind, startedAt);
  if (!result.ok)
    throw new PolicyConfigError(`Clock ${kind} has no usable limit: ${result.reason}`);
  return result.dueAt;
}

/** "5个工作日", "7天" … for reasons, from the clock configuration rather than literals. */
export function limitText(ctx: PolicyContext, kind: ClockKind): string {
  const limit = ctx.slaConfig.kinds[kind].limit;
  return limit === undefined ? '规定时限' : `${limit.amount}${UNIT_ZH[limit.unit]}`;
}
