import type { Actor } from '@jh/platform-auth';
import { AppError } from '@jh/platform-errors';
import type { ReviewStep } from '@jh/domain-policy';
import type { Role } from '@jh/platform-auth';
import type { DeliberationDoc, DeliberationStage } from './deliberation.model';
import { requireSeparation, requireStage } from './deliberation.rules';

export type DeliberationStepKey =
  | 'investigation'
  | 'democratic-review'
  | 'office-review'
  | 'collective-decision'
  | 'public-notice'
  | 'objection'
  | 'approve'
  | 'continue'
  | 'conclude'
  | 'filing';

interface StepRule {
  zh: string;
  roles: readonly Role[];
  stages: readonly DeliberationStage[];
  /** Separation of duties as the route's service call checks it (approval: meeting may approve). */
  sod?: { step: ReviewStep; approval?: boolean };
  /** The step's own precondition beyond the stage, as the service checks it. */
  extra?: (doc: DeliberationDoc) => string | undefined;
}

const street: Role[] = ['window_clerk', 'first_reviewer'];
const ROLE_ZH: Record<string, string> = {
  window_clerk: '窗口受理人员',
  first_reviewer: '社会事务办负责人',
  approver: '街道分管领导',
};

/** The same roles, stages and checks the routes and services apply (deliberation.http.ts). */
const RULES: Record<DeliberationStepKey, StepRule> = {
  investigation: { zh: '调查核实', roles: street, stages: ['investigation', 'reinvestigation'] },
  'democratic-review': { zh: '民主评议', roles: street, stages: ['democratic_review'] },
  'office-review': {
    zh: '社会事务办负责人审核',
    roles: ['first_reviewer'],
    stages: ['office_review'],
    sod: { step: 'first_review' },
  },
  'collective-decision': {
    zh: '集体研究',
    roles: ['approver'],
    stages: ['collective_decision'],
    sod: { step: 'confirmation' },
  },
  'public-notice': {
    zh: '公示',
    roles: street,
    stages: ['public_notice'],
    extra: (doc) => (doc.publicNotice ? '公示已张贴' : undefined),
  },
  objection: {
    zh: '公示异议',
    roles: [...street, 'approver'],
    stages: ['public_notice'],
    extra: (doc) => (doc.publicNotice ? undefined : '尚未张贴公示'),
  },
  approve: {
    zh: '审批',
    roles: ['approver'],
    stages: ['public_notice'],
    sod: { step: 'confirmation', approval: true },
    extra: (doc) => (doc.publicNotice ? undefined : '尚未张贴公示'),
  },
  continue: {
    zh: '继续审批',
    roles: ['approver'],
    stages: ['reinvestigation'],
    sod: { step: 'confirmation', approval: true },
    extra: reinvestigated,
  },
  conclude: {
    zh: '办结',
    roles: ['approver'],
    stages: ['reinvestigation'],
    sod: { step: 'confirmation', approval: true },
    extra: reinvestigated,
  },
  filing: { zh: '备案', roles: [...street, 'approver'], stages: ['approved'] },
};

function reinvestigated(doc: DeliberationDoc): string | undefined {
  const objectedAt = doc.publicNotice?.objection?.at;
  const last = doc.investigations[doc.investigations.length - 1];
  return !objectedAt || !last || last.recordedAt < objectedAt
    ? '公示有异议，须先重新调查核实并登记结果'
    : undefined;
}

export interface StepAllowance {
  step: DeliberationStepKey;
  zh: string;
  allowed: boolean;
  /** zh-CN, why not (role, stage, separation of duties); absent when allowed. */
  reason?: string;
  /** The refusal code the server would answer (SOD_SAME_PERSON, STEP_OUT_OF_ORDER, …). */
  code?: string;
}

/**
 * Whether `actor` may take each step now, and if not why: the route's roles, then the service's
 * own stage and separation checks (the same functions, so the console repeats no rule). Date and
 * content checks (公示 period, participants) are answered by the step itself.
 */
export function stepsFor(doc: DeliberationDoc, actor: Actor): StepAllowance[] {
  return (Object.keys(RULES) as DeliberationStepKey[]).map((step) => {
    const rule = RULES[step];
    const refuse = (code: string, reason: string): StepAllowance => ({
      step,
      zh: rule.zh,
      allowed: false,
      code,
      reason,
    });
    if (!rule.roles.some((r) => actor.roles.includes(r))) {
      const who = rule.roles.map((r) => ROLE_ZH[r] ?? r).join('或');
      return refuse('FORBIDDEN_ROLE', `“${rule.zh}”由${who}办理`);
    }
    try {
      requireStage(doc, rule.stages, rule.zh);
      const extra = rule.extra?.(doc);
      if (extra) return refuse('STEP_OUT_OF_ORDER', extra);
      if (rule.sod) requireSeparation(doc, rule.sod.step, actor, rule.sod.approval ?? false);
    } catch (e) {
      if (e instanceof AppError) return refuse(e.code, e.message);
      throw e;
    }
    return { step, zh: rule.zh, allowed: true };
  });
}
