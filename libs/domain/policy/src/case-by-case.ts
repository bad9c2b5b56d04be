import { shanghaiDateOf } from '@jh/domain-calendar';
import type { DeliberationRole, FilingRecipient } from './policy-config';
import {
  type PolicyContext,
  type PolicyRefusal,
  type PolicyRefusalWithViolations,
  type PolicyViolation,
  defaultPolicyContext,
  limitText,
  refuse,
  refuseAll,
  requireDeadline,
} from './policy-result';

// 一事一议 (DOMAIN §5): stages, and a validator for each step with a number in it.

export type CaseByCaseStage =
  | 'investigation'
  | 'democratic_review'
  | 'office_review'
  | 'collective_decision'
  | 'public_notice'
  | 'reinvestigation'
  | 'approved'
  | 'filed'
  | 'closed';

export type CaseByCaseOutcome =
  'done' | 'passed' | 'rejected' | 'no_objection' | 'objection' | 'concluded' | 'continue';

const TRANSITIONS: Readonly<
  Record<CaseByCaseStage, Readonly<Partial<Record<CaseByCaseOutcome, CaseByCaseStage>>>>
> = {
  investigation: { done: 'democratic_review' },
  democratic_review: { done: 'office_review' },
  office_review: { passed: 'collective_decision', rejected: 'closed' },
  collective_decision: { passed: 'public_notice', rejected: 'closed' },
  // §5.7 an objection sends the case back to investigation (重新开展核查).
  public_notice: { no_objection: 'approved', objection: 'reinvestigation' },
  // §5.7 after re-investigation: close the case (办结) or continue to confirmation.
  reinvestigation: { concluded: 'closed', continue: 'approved' },
  approved: { done: 'filed' },
  filed: {},
  closed: {},
};

export type CaseByCaseTransition =
  { readonly ok: true; readonly next: CaseByCaseStage } | PolicyRefusal<'INVALID_TRANSITION'>;

export function nextCaseByCaseStage(
  stage: CaseByCaseStage,
  outcome: CaseByCaseOutcome,
): CaseByCaseTransition {
  const next = TRANSITIONS[stage][outcome];
  return next === undefined
    ? refuse(
        'INVALID_TRANSITION',
        `“一事一议”当前环节不能执行该操作（${stage} → ${outcome}）`,
        'DOMAIN §5',
      )
    : { ok: true, next };
}

/** §5.1 the applicant's signed declaration (承诺) is part of the application. */
export function checkCaseByCaseApplication(input: {
  readonly declarationSigned: boolean;
}): { readonly ok: true } | PolicyRefusal<'DECLARATION_MISSING'> {
  return input.declarationSigned
    ? { ok: true }
    : refuse('DECLARATION_MISSING', '申请人须如实申明情况并签署承诺', 'DOMAIN §5.1');
}

export interface DeliberationParticipant {
  readonly personId: string;
  readonly role: DeliberationRole;
}

export interface DemocraticReviewInput {
  readonly acceptedAt: Date;
  readonly heldAt: Date;
  readonly participants: readonly DeliberationParticipant[];
}

export type DemocraticReviewCode =
  | 'REVIEW_BEFORE_ACCEPTANCE'
  | 'REVIEW_TOO_LATE'
  | 'PARTICIPANTS_TOO_FEW'
  | 'REQUIRED_ROLE_ABSENT'
  | 'DISCIPLINE_OBSERVER_ABSENT';

export type DemocraticReviewResult =
  | { readonly ok: true; readonly participantCount: number; readonly dueAt: Date }
  | PolicyRefusalWithViolations<DemocraticReviewCode>;

const ROLE_ZH: Record<DeliberationRole, string> = {
  street_staff: '街道（乡镇）救助工作人员',
  village_committee: '村居（社区）委员会成员',
  resident_official: '驻村干部',
  resident_representative: '村居（社区）群众代表',
  discipline_observer: '纪（工）委监督人员',
};

/**
 * §5.3 democratic review: within 5 working days of acceptance, at least 12 distinct participants
 * (the discipline observer supervises and is not counted), with the required roles and an observer.
 */
export function checkDemocraticReview(
  input: DemocraticReviewInput,
  ctx: PolicyContext = defaultPolicyContext,
): DemocraticReviewResult {
  const { minParticipants, requiredRoles } = ctx.config.caseByCase;
  const dueAt = requireDeadline(ctx, 'case_by_case_review', input.acceptedAt);
  const members = input.participants.filter((p) => p.role !== 'discipline_observer');
  const count = new Set(members.map((p) => p.personId.trim())).size;
  const violations: PolicyViolation<DemocraticReviewCode>[] = [];
  if (input.heldAt < input.acceptedAt)
    violations.push({ code: 'REVIEW_BEFORE_ACCEPTANCE', reason: '民主评议不能早于受理时间' });
  if (input.heldAt > dueAt) {
    violations.push({
      code: 'REVIEW_TOO_LATE',
      reason: `民主评议应在受理后${limitText(ctx, 'case_by_case_review')}内（${shanghaiDateOf(dueAt)}前）召开`,
    });
  }
  if (count < minParticipants) {
    violations.push({
      code: 'PARTICIPANTS_TOO_FEW',
      reason: `参会人员不得少于${minParticipants}人（实到${count}人，不含纪委监督人员）`,
    });
  }
  for (const role of requiredRoles) {
    if (!members.some((p) => p.role === role))
      violations.push({ code: 'REQUIRED_ROLE_ABSENT', reason: `参会人员应包括${ROLE_ZH[role]}` });
  }
  if (!input.participants.some((p) => p.role === 'discipline_observer')) {
    violations.push({
      code: 'DISCIPLINE_OBSERVER_ABSENT',
      reason: '街道（乡镇）纪（工）委应派人参加并监督评议过程',
    });
  }
  return refuseAll(violations, 'DOMAIN §5.3') ?? { ok: true, participantCount: count, dueAt };
}

export interface PublicNoticeInput {
  readonly postedAt: Date;
  readonly endedAt: Date;
  readonly objection: boolean;
}

export type PublicNoticeResult =
  | {
      readonly ok: true;
      readonly next: 'approved' | 'reinvestigation';
      readonly fullPeriodEndsAt: Date;
    }
  | PolicyRefusal<'PUBLIC_NOTICE_TOO_SHORT'>;

/**
 * §5.6–5.7 公示 for 7 days: approval only after the full period without objection; an objection
 * may end it at any time and sends the case back to investigation.
 */
export function checkPublicNotice(
  input: PublicNoticeInput,
  ctx: PolicyContext = defaultPolicyContext,
): PublicNoticeResult {
  const fullPeriodEndsAt = requireDeadline(ctx, 'public_notice', input.postedAt);
  if (input.objection) return { ok: true, next: 'reinvestigation', fullPeriodEndsAt };
  if (input.endedAt <= fullPeriodEndsAt) {
    const last = shanghaiDateOf(fullPeriodEndsAt);
    return refuse(
      'PUBLIC_NOTICE_TOO_SHORT',
      `公示期为${limitText(ctx, 'public_notice')}，${last}期满后方可审核确认或审批`,
      'DOMAIN §5.6',
    );
  }
  return { ok: true, next: 'approved', fullPeriodEndsAt };
}

export interface FilingInput {
  readonly approvedAt: Date;
  readonly filedAt: Date;
  readonly recipients: readonly FilingRecipient[];
}

export type FilingCode = 'FILING_TOO_LATE' | 'FILING_RECIPIENT_MISSING';

export type FilingResult =
  { readonly ok: true; readonly dueAt: Date } | PolicyRefusalWithViolations<FilingCode>;

const RECIPIENT_ZH: Record<FilingRecipient, string> = {
  discipline_committee: '街道（乡镇）纪（工）委',
  business_department: '业务主管部门',
};

/** §5.8 filing with the discipline committee and the business department within 3 working days of approval. */
export function checkFiling(
  input: FilingInput,
  ctx: PolicyContext = defaultPolicyContext,
): FilingResult {
  const dueAt = requireDeadline(ctx, 'case_by_case_filing', input.approvedAt);
  const violations: PolicyViolation<FilingCode>[] = [];
  if (input.filedAt > dueAt) {
    violations.push({
      code: 'FILING_TOO_LATE',
      reason: `应在审批结束后${limitText(ctx, 'case_by_case_filing')}内（${shanghaiDateOf(dueAt)}前）备案`,
    });
  }
  for (const r of ctx.config.caseByCase.filingRecipients) {
    if (!input.recipients.includes(r))
      violations.push({ code: 'FILING_RECIPIENT_MISSING', reason: `须报送${RECIPIENT_ZH[r]}备案` });
  }
  return refuseAll(violations, 'DOMAIN §5.8') ?? { ok: true, dueAt };
}
