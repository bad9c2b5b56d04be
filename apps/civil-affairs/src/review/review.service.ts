import { randomUUID } from 'node:crypto';
import {
  ApprovalLevel as ApprovalLevelEnum,
  PaymentSchedule,
  Topics,
  type AssistanceApproved,
} from '@jh/contracts';
import { startOfShanghaiDay } from '@jh/domain-calendar';
import { fen, formatYuan, sumFen } from '@jh/domain-money';
import {
  APPROVAL_LEVEL_ZH,
  REVIEW_STEP_ZH,
  checkMayPerformStep,
  requiredLevelForTotal,
  type ApprovalLevel,
  type AssistanceItem as PolicyItem,
  type PolicyContext,
  type ReviewActors,
  type ReviewStep,
} from '@jh/domain-policy';
import type { ClockKind, SlaClock } from '@jh/domain-sla';
import type { Actor } from '@jh/platform-auth';
import { conflict, invalidInput, notAllowed, notFound } from '@jh/platform-errors';
import { outboxEvent } from '@jh/platform-kafka';
import type { CaseService } from '../case/case.service';
import { itemOfCode } from '../routing';
import type { EmergencyClaims, FirstAidLink } from './emergency-claims';
import { emergencyClaimOf, requireClaims } from './emergency-approval';
import { approvedTotalFen, sameApproval } from './approval-total';
import { requirePayee } from './payee';
import { reviewProgressedEntry } from './review.progress-event';
import { requestHash } from '@jh/platform-http';
import { requireStepDate } from './step-dates';
import {
  OPEN_REVIEW_STATUSES,
  type ApprovalDoc,
  type ApprovalKind,
  type ApproverLevel,
  type AuditEntry,
  type EmergencyCategory,
  type InstalmentDoc,
  type ReviewAction,
  type ReviewDoc,
  type SelfCareAbility,
  type TemporaryKind,
} from './review.model';
import type { ReviewChanges, ReviewStore } from './review.store';
import { CARE_STANDARD_ZH, SELF_CARE_ABILITY_ZH, SUPPORT_MODE_ZH, supportFor } from './self-care';

const producer = 'civil-affairs';

interface ReviewableItem {
  policyItem: PolicyItem;
  clock: ClockKind;
  schedule: PaymentSchedule;
}

/** Items civil affairs reviews itself, by catalogue code. */
const REVIEWABLE: Readonly<Record<string, ReviewableItem>> = {
  dibao: {
    policyItem: 'minimum_living',
    clock: 'low_income_confirmation',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
  },
  dibian: {
    policyItem: 'low_income_marginal',
    clock: 'low_income_confirmation',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
  },
  tekun: {
    policyItem: 'extreme_poverty',
    clock: 'low_income_confirmation',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
  },
  temporary: {
    policyItem: 'temporary',
    clock: 'temporary_aid_approval',
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
  },
};

const LEVEL_RANK: Record<ApproverLevel, number> = { street: 1, county: 2, city: 3 };
const ROLE_LEVEL: Readonly<Record<string, ApproverLevel>> = {
  approver: 'street',
  county_bureau: 'county',
  city_bureau: 'city',
};
const LEVEL_ENUM: Record<ApprovalLevel, ApprovalLevelEnum> = {
  street: ApprovalLevelEnum.APPROVAL_LEVEL_STREET,
  county: ApprovalLevelEnum.APPROVAL_LEVEL_COUNTY,
  city: ApprovalLevelEnum.APPROVAL_LEVEL_CITY,
  case_by_case: ApprovalLevelEnum.APPROVAL_LEVEL_CASE_BY_CASE,
};

/** Highest approval level among the actor's roles (R-AP-5). */
export function approverLevelOf(roles: readonly string[]): ApproverLevel | undefined {
  let best: ApproverLevel | undefined;
  for (const role of roles) {
    const level = ROLE_LEVEL[role];
    if (level && (!best || LEVEL_RANK[level] > LEVEL_RANK[best])) best = level;
  }
  return best;
}

export function reviewIdOf(caseId: string, item: string): string {
  return `${caseId}:${item}`;
}

/** R-AP-8 registry lookup, injected (apps/civil-affairs/src/oversight wires the real one). */
export type RelativesCheck = (idNumbers: string[]) => Promise<{
  flagged: boolean;
  matches: { idNumber: string; staffName: string; relation: string }[];
}>;

const neverFlagged: RelativesCheck = async () => ({ flagged: false, matches: [] });

export interface ReviewServiceOptions {
  relativesCheck?: RelativesCheck;
  /** R-AP-6 guards (ADR 0011); without them 急难型 approvals are refused (fail closed). */
  emergencyClaims?: EmergencyClaims;
  /** 小金额先行救助 cap (R-AP-4); the rules give no number: default the street's own limit. */
  fastAidCapFen?: number;
  /** Working days after 先行救助 by which the procedure's paperwork must be recorded. */
  fastAidPaperworkWorkingDays?: number;
}

export interface OpenInput {
  kind?: TemporaryKind;
  emergency?: { category: EmergencyCategory; occurredOn: string; description: string };
}

export interface ApproveInput {
  amountFen: number;
  /** 一次审批、分阶段救助: the stages; absent → one instalment of the whole amount. */
  instalments?: { amountFen: number; payFrom?: string }[];
  severe?: boolean;
  largeSocialImpact?: boolean;
  /** No current policy clearly covers the case: R-AP-5 sends it to 一事一议 (DOMAIN §5). */
  notCoveredByPolicy?: boolean;
}

export interface FollowUpInput extends ApproveInput {
  reason: string;
  /** A retried follow-up with the same key returns the approval already made. */
  requestKey?: string;
}

export class ReviewService {
  private readonly relativesCheck: RelativesCheck;
  private readonly fastAidCapFen: number;
  private readonly paperworkWorkingDays: number;

  constructor(
    private readonly store: ReviewStore,
    private readonly cases: CaseService,
    private readonly policy: PolicyContext,
    private readonly clock: () => Date,
    private readonly options: ReviewServiceOptions = {},
  ) {
    this.relativesCheck = options.relativesCheck ?? neverFlagged;
    this.fastAidCapFen = options.fastAidCapFen ?? policy.config.approvalTiers.streetMaxFen;
    this.paperworkWorkingDays =
      options.fastAidPaperworkWorkingDays ??
      policy.slaConfig.kinds.temporary_aid_approval.limit?.amount ??
      15;
    options.emergencyClaims?.recognise('review', async (reviewId, approvalId) =>
      Boolean(
        (await this.store.findById(reviewId))?.approvals?.some((a) => a.approvalId === approvalId),
      ),
    );
  }

  async get(id: string): Promise<ReviewDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('REVIEW_NOT_FOUND', '未找到该审核');
    return doc;
  }

  /** Opens the review of one item; the 受理 step is the case's intake owner. Idempotent. */
  async open(caseId: string, item: string, actor: Actor, input: OpenInput = {}) {
    const c = await this.cases.get(caseId);
    const reviewable = REVIEWABLE[item];
    if (!reviewable || !c.items.includes(item)) {
      throw conflict('ITEM_NOT_REVIEWABLE', '该案件没有可由民政审核的此救助事项');
    }
    const id = reviewIdOf(caseId, item);
    const existing = await this.store.findById(id);
    if (existing) return { doc: existing, created: false };
    const { kind, emergency } = openInputFor(item, input);
    const now = this.clock();
    const started = this.policy.clocks.start({ kind: reviewable.clock, startedAt: c.openedAt });
    if (!started.ok) throw conflict(started.code, started.reason);
    const applicantIdNumber = c.applicantIdNumber ?? '';
    const householdIdNumbers = c.householdIdNumbers ?? [];
    // R-AP-8: only items the rule covers (低保 by default) are checked against the registry.
    const relatives = this.policy.config.staffRelatives.appliesToItems.includes(
      reviewable.policyItem,
    )
      ? await this.relativesCheck([
          ...new Set([applicantIdNumber, ...householdIdNumbers].filter((n) => n !== '')),
        ])
      : { flagged: false, matches: [] };
    const doc: ReviewDoc = {
      _id: id,
      caseId,
      applicationId: c.applicationId,
      item,
      applicantName: c.applicantName,
      applicantIdNumber,
      citizenCardNo: c.applicantCitizenCardNo ?? '',
      householdIdNumbers,
      regionCode: c.owner.regionCode || c.regionCode,
      status: 'accepted',
      temporaryKind: kind,
      emergency,
      actors: { intake: c.owner.userId, firstReview: null, confirmation: null },
      economicCheck: null,
      homeVisit: null,
      selfCare: null,
      democraticReview: null,
      paperwork: null,
      relatives: {
        flagged: relatives.flagged,
        matches: relatives.matches.map((m) => ({ ...m })),
        checkedAt: now,
      },
      relativesReview: null,
      clock: started.clock,
      routedTo: null,
      approval: null,
      approvals: [],
      decisionReason: '',
      audit: [
        audit(
          now,
          actor,
          'opened',
          null,
          'accepted',
          relatives.flagged
            ? '申请家庭成员与救助经办人员或村（社区）干部存在近亲属关系，须复核（R-AP-8）'
            : '',
        ),
      ],
      openedAt: now,
      updatedAt: now,
      version: 0,
      outbox: [],
    };
    doc.outbox.push(reviewProgressedEntry(doc, 'opened', 'accepted', 0, now));
    if (await this.store.insert(doc)) return { doc, created: true };
    return { doc: await this.get(id), created: false };
  }

  async firstReview(id: string, actor: Actor, opinion: string): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireStatus(doc, ['accepted']);
    this.requireSeparation(doc, 'first_review', actor);
    return this.apply(doc, actor, 'first_review', opinion, {
      status: 'under_check',
      actors: { ...doc.actors, firstReview: actor.userId },
    });
  }

  /** 逢进必核 (R-JH-7); a check longer than allowed extends the R-AP-2 clock. */
  async economicCheck(
    id: string,
    actor: Actor,
    input: { startedOn: string; completedOn: string; note: string },
  ): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireStatus(doc, ['under_check']);
    if (doc.economicCheck) throw conflict('ALREADY_RECORDED', '家庭经济状况核对结果已登记');
    const now = this.clock();
    requireStepDate(doc, now, 'startedOn', input.startedOn, '家庭经济状况核对开始');
    requireStepDate(doc, now, 'completedOn', input.completedOn, '家庭经济状况核对完成');
    const startedAt = startOfShanghaiDay(input.startedOn);
    const completedAt = startOfShanghaiDay(input.completedOn);
    if (completedAt < startedAt || completedAt > now) {
      throw invalidInput([
        {
          path: 'completedOn',
          code: 'INVALID_DATE',
          message: '核对完成日期须在开始日期之后且不晚于今天',
        },
      ]);
    }
    let clock: SlaClock = doc.clock;
    let reason = input.note;
    if (this.policy.slaConfig.kinds[doc.clock.kind].extension) {
      const extended = this.policy.clocks.extend(doc.clock, {
        at: now,
        toAmount: this.policy.slaConfig.kinds[doc.clock.kind].extension?.maxAmount ?? 0,
        reason: '家庭经济状况核对时间较长，延长审核确认时限',
        economicCheck: { startedAt, completedAt },
      });
      if (extended.ok) {
        clock = extended.clock;
        reason = `${input.note}（审核确认时限延长至${clock.limit.amount}个工作日）`;
      }
    }
    return this.apply(doc, actor, 'economic_check', reason, {
      status: doc.homeVisit ? 'awaiting_confirmation' : 'under_check',
      economicCheck: {
        startedAt,
        completedAt,
        note: input.note,
        byUserId: actor.userId,
        recordedAt: now,
      },
      clock,
    });
  }

  async homeVisit(
    id: string,
    actor: Actor,
    input: {
      visitedOn: string;
      note: string;
      selfCare?: { ability: SelfCareAbility; note: string };
    },
  ): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireStatus(doc, ['under_check']);
    if (doc.homeVisit) throw conflict('ALREADY_RECORDED', '入户调查结果已登记');
    if (input.selfCare) requireSelfCareItem(doc);
    const now = this.clock();
    requireStepDate(doc, now, 'visitedOn', input.visitedOn, '入户调查');
    const visitedAt = startOfShanghaiDay(input.visitedOn);
    if (visitedAt > now) {
      throw invalidInput([
        { path: 'visitedOn', code: 'INVALID_DATE', message: '入户调查日期不能晚于今天' },
      ]);
    }
    const selfCare = input.selfCare
      ? { ...this.selfCareOf(input.selfCare, actor, now) }
      : undefined;
    return this.apply(
      doc,
      actor,
      'home_visit',
      selfCare ? `${input.note}（${selfCareText(selfCare.ability)}）` : input.note,
      {
        status: doc.economicCheck ? 'awaiting_confirmation' : 'under_check',
        homeVisit: { visitedAt, note: input.note, byUserId: actor.userId, recordedAt: now },
        ...(selfCare ? { selfCare } : {}),
      },
    );
  }

  /** R-AP-3: 生活自理能力评估 for 特困, recorded with or after the home visit. */
  async recordSelfCare(
    id: string,
    actor: Actor,
    input: { ability: SelfCareAbility; note: string },
  ): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireSelfCareItem(doc);
    requireStatus(doc, ['under_check', 'awaiting_confirmation']);
    if (!doc.homeVisit) {
      throw conflict('HOME_VISIT_REQUIRED', '生活自理能力评估须在入户调查时或之后登记（R-AP-3）');
    }
    if (doc.selfCare) throw conflict('ALREADY_RECORDED', '生活自理能力评估结果已登记');
    const selfCare = this.selfCareOf(input, actor, this.clock());
    return this.apply(doc, actor, 'self_care_assessed', selfCareText(selfCare.ability), {
      selfCare,
    });
  }

  /** R-AP-4 支出型: 民主评议 before approval. */
  async recordDemocraticReview(
    id: string,
    actor: Actor,
    input: {
      heldOn: string;
      participantCount: number;
      conclusion: 'agree' | 'disagree';
      note: string;
    },
  ): Promise<ReviewDoc> {
    const doc = await this.get(id);
    if (doc.temporaryKind !== 'expenditure') {
      throw conflict('DEMOCRATIC_REVIEW_NOT_APPLICABLE', '只有支出型临时救助须组织民主评议');
    }
    requireStatus(doc, ['under_check', 'awaiting_confirmation']);
    if (doc.democraticReview) throw conflict('ALREADY_RECORDED', '民主评议结果已登记');
    const now = this.clock();
    requireStepDate(doc, now, 'heldOn', input.heldOn, '民主评议');
    const heldAt = startOfShanghaiDay(input.heldOn);
    if (heldAt > now) {
      throw invalidInput([
        { path: 'heldOn', code: 'INVALID_DATE', message: '民主评议日期不能晚于今天' },
      ]);
    }
    const conclusionZh = input.conclusion === 'agree' ? '同意救助' : '不同意救助';
    return this.apply(
      doc,
      actor,
      'democratic_review',
      `民主评议${input.participantCount}人参加，${conclusionZh}。${input.note}`,
      {
        democraticReview: {
          heldAt,
          participantCount: input.participantCount,
          conclusion: input.conclusion,
          note: input.note,
          byUserId: actor.userId,
          recordedAt: now,
        },
      },
    );
  }

  /** R-AP-8: the extra review of a flagged case by the county, by someone who has not acted. */
  async relativesReview(id: string, actor: Actor, opinion: string): Promise<ReviewDoc> {
    const doc = await this.get(id);
    if (!doc.relatives?.flagged) {
      throw conflict('RELATIVES_REVIEW_NOT_REQUIRED', '该案件未命中近亲属备案，无需复核');
    }
    requireStatus(doc, OPEN_REVIEW_STATUSES);
    if (doc.relativesReview) throw conflict('ALREADY_RECORDED', '近亲属备案复核已完成');
    if (!actor.roles.includes('county_bureau')) {
      throw notAllowed('COUNTY_ROLE_REQUIRED', '近亲属备案复核须由县（区）民政局办理（R-AP-8）');
    }
    if (actedOn(doc).has(actor.userId)) {
      throw notAllowed(
        'RELATIVES_REVIEWER_ALREADY_ACTED',
        '近亲属备案复核须由未经办过本案的人员办理（R-AP-8）',
      );
    }
    return this.apply(doc, actor, 'relatives_review', opinion, {
      relativesReview: { byUserId: actor.userId, opinion, at: this.clock() },
    });
  }

  /** 审核确认 / 审批 (R-AP-1, R-AP-5); publishes AssistanceApproved through the outbox. */
  async approve(id: string, actor: Actor, input: ApproveInput): Promise<ReviewDoc> {
    const doc = await this.get(id);
    const hash = requestHash(actor.userId, input);
    // A retried approval by the same approver returns the approval already made, if it is the same.
    const regular = (doc.approvals ?? []).find((a) => a.kind === 'regular');
    if (doc.status === 'approved' && regular?.approverId === actor.userId) {
      return sameApproval(doc, regular, hash);
    }
    requireStatus(doc, ['awaiting_confirmation']);
    if (doc.paperwork?.status === 'outstanding') {
      throw conflict(
        'FAST_AID_PAPERWORK_PENDING',
        '已先行救助，请补齐手续（登记补充说明），追加救助请使用跟进救助',
      );
    }
    this.requireSeparation(doc, 'confirmation', actor);
    this.requireRelativesReview(doc, actor);
    if (doc.item === 'tekun' && !doc.selfCare) {
      throw conflict(
        'SELF_CARE_ASSESSMENT_REQUIRED',
        '特困人员审核确认前须登记生活自理能力评估结果（R-AP-3）',
      );
    }
    if (doc.item === 'temporary') {
      if (!doc.temporaryKind) {
        throw conflict('TEMPORARY_KIND_REQUIRED', '请先确定临时救助类型（急难型或支出型）');
      }
      if (doc.temporaryKind === 'expenditure') {
        if (!doc.democraticReview) {
          throw conflict(
            'DEMOCRATIC_REVIEW_REQUIRED',
            '支出型临时救助审批前须完成民主评议（R-AP-4）',
          );
        }
        if (doc.democraticReview.conclusion !== 'agree') {
          throw conflict('DEMOCRATIC_REVIEW_NOT_AGREED', '民主评议未同意救助，不能审批（R-AP-4）');
        }
      }
    }
    const stages = stagesOf(input);
    requirePayee(doc.citizenCardNo, 'citizenCardNo');
    const now = this.clock();
    const firstAids = await this.emergencyFirstAids(doc, now);
    const tier = await this.requireTier(doc, actor, input, firstAids);
    const approval = this.newApproval(doc, actor, 'regular', tier, input, stages, now, '');
    approval.requestHash = hash;
    approval.linkedFirstAids = firstAids;
    return this.withEmergencyGuard(doc, approval, now, async () => {
      const stopped = this.policy.clocks.stop(doc.clock, now);
      return this.apply(
        doc,
        actor,
        'approved',
        `${tier.reason}（${tier.ruleId}）`,
        {
          status: 'approved',
          actors: { ...doc.actors, confirmation: actor.userId },
          approval: primary(approval),
          approvals: [...(doc.approvals ?? []), approval],
          clock: stopped.ok ? stopped.clock : doc.clock,
        },
        [this.approvedEntry(doc, approval)],
        approval.approvedAt,
      );
    });
  }

  /**
   * 急难型 小金额先行救助 (R-AP-4): approved and paid before the check and the visit; the paperwork
   * is then outstanding until recorded.
   */
  async fastAid(id: string, actor: Actor, input: ApproveInput): Promise<ReviewDoc> {
    const doc = await this.get(id);
    const hash = requestHash(actor.userId, input);
    const existing = (doc.approvals ?? []).find((a) => a.kind === 'fast');
    if (existing?.approverId === actor.userId) return sameApproval(doc, existing, hash);
    if (doc.temporaryKind !== 'emergency') {
      throw conflict('FAST_AID_EMERGENCY_ONLY', '只有急难型临时救助可以先行救助（R-AP-4）');
    }
    requireStatus(doc, OPEN_REVIEW_STATUSES);
    if (doc.approval) throw conflict('ALREADY_APPROVED', '该救助已审批');
    if (input.amountFen > this.fastAidCapFen) {
      throw conflict(
        'FAST_AID_OVER_CAP',
        `小金额先行救助不超过${formatYuan(fen(this.fastAidCapFen))}，请按审批程序办理（R-AP-4）`,
      );
    }
    this.requireSeparation(doc, 'confirmation', actor);
    this.requireRelativesReview(doc, actor);
    const stages = stagesOf(input);
    requirePayee(doc.citizenCardNo, 'citizenCardNo');
    const now = this.clock();
    const firstAids = await this.emergencyFirstAids(doc, now);
    const tier = await this.requireTier(doc, actor, input, firstAids);
    const due = this.policy.calendar.addWorkingDays(now, this.paperworkWorkingDays);
    const approval = this.newApproval(doc, actor, 'fast', tier, input, stages, now, '');
    approval.requestHash = hash;
    approval.linkedFirstAids = firstAids;
    return this.withEmergencyGuard(doc, approval, now, () =>
      this.apply(
        doc,
        actor,
        'fast_aid',
        `急难型小金额先行救助，手续须于${due.dueDate}前补齐（${tier.ruleId}）`,
        {
          actors: { ...doc.actors, confirmation: actor.userId },
          approval: primary(approval),
          approvals: [...(doc.approvals ?? []), approval],
          paperwork: {
            status: 'outstanding',
            dueAt: due.dueAt,
            dueDate: due.dueDate,
            completedAt: null,
            completedBy: null,
            note: '',
          },
        },
        [this.approvedEntry(doc, approval)],
        approval.approvedAt,
      ),
    );
  }

  /** 事后补充说明情况: closes the paperwork of a 先行救助 once 初审, 核对 and 入户调查 are recorded. */
  async completePaperwork(id: string, actor: Actor, note: string): Promise<ReviewDoc> {
    const doc = await this.get(id);
    if (doc.paperwork?.status !== 'outstanding') {
      throw conflict('NO_OUTSTANDING_PAPERWORK', '该审核没有待补齐的先行救助手续');
    }
    if (doc.status !== 'awaiting_confirmation') {
      throw conflict('PAPERWORK_INCOMPLETE', '补齐手续前须完成初审、家庭经济状况核对和入户调查');
    }
    if (approverLevelOf(actor.roles) === undefined) {
      throw notAllowed('APPROVER_ROLE_REQUIRED', '您没有审核确认或审批权限');
    }
    this.requireSeparation(doc, 'confirmation', actor);
    const now = this.clock();
    const stopped = this.policy.clocks.stop(doc.clock, now);
    return this.apply(doc, actor, 'paperwork_completed', note, {
      status: 'approved',
      actors: { ...doc.actors, confirmation: actor.userId },
      paperwork: {
        ...doc.paperwork,
        status: 'completed',
        completedAt: now,
        completedBy: actor.userId,
        note,
      },
      clock: stopped.ok ? stopped.clock : doc.clock,
    });
  }

  /** 跟进救助 (R-AP-4): a further approval on an approved temporary-aid review, new approval id. */
  async followUp(id: string, actor: Actor, input: FollowUpInput): Promise<ReviewDoc> {
    const doc = await this.get(id);
    const hash = requestHash(actor.userId, input);
    if (input.requestKey) {
      const done = (doc.approvals ?? []).find((a) => a.requestKey === input.requestKey);
      if (done) return sameApproval(doc, done, hash);
    }
    if (doc.item !== 'temporary') {
      throw conflict('FOLLOW_UP_TEMPORARY_ONLY', '跟进救助仅适用于临时救助');
    }
    requireStatus(doc, ['approved']);
    this.requireSeparation(doc, 'confirmation', actor);
    this.requireRelativesReview(doc, actor);
    const stages = stagesOf(input);
    requirePayee(doc.citizenCardNo, 'citizenCardNo');
    const tier = await this.requireTier(doc, actor, input);
    const now = this.clock();
    const approval = this.newApproval(
      doc,
      actor,
      'follow_up',
      tier,
      input,
      stages,
      now,
      input.reason,
      input.requestKey ?? null,
    );
    approval.requestHash = hash;
    // Follow-up aid for the same emergency is part of the same case, not a new R-AP-6 approval.
    return this.apply(
      doc,
      actor,
      'follow_up',
      `${input.reason}（${tier.ruleId}）`,
      { approvals: [...(doc.approvals ?? []), approval] },
      [this.approvedEntry(doc, approval)],
      approval.approvedAt,
    );
  }

  /** 先行救助 paperwork still outstanding, for coordinators. */
  async outstandingPaperwork(overdueOnly: boolean): Promise<ReviewDoc[]> {
    return this.store.outstandingPaperwork(this.clock(), overdueOnly, 500);
  }

  now(): Date {
    return this.clock();
  }

  /** ADR 0010: the clerk or reviewer records the payee's citizen card before approval (audited). */
  async recordPayee(
    id: string,
    actor: Actor,
    input: { citizenCardNo: string; reason: string },
  ): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireStatus(doc, [...OPEN_REVIEW_STATUSES, 'approved']);
    requirePayee(input.citizenCardNo, 'citizenCardNo');
    if (doc.citizenCardNo === input.citizenCardNo) return doc;
    const before = doc.citizenCardNo ? `原卡号尾号${doc.citizenCardNo.slice(-4)}` : '原无卡号';
    return this.apply(
      doc,
      actor,
      'payee_recorded',
      `登记收款市民卡号（尾号${input.citizenCardNo.slice(-4)}，${before}）：${input.reason}`,
      { citizenCardNo: input.citizenCardNo },
    );
  }

  private selfCareOf(input: { ability: SelfCareAbility; note: string }, actor: Actor, now: Date) {
    return {
      ability: input.ability,
      ...supportFor(input.ability),
      note: input.note,
      byUserId: actor.userId,
      recordedAt: now,
    };
  }

  private requireRelativesReview(doc: ReviewDoc, actor: Actor): void {
    if (!doc.relatives?.flagged) return;
    if (!doc.relativesReview) {
      throw conflict(
        'RELATIVES_REVIEW_REQUIRED',
        '该案件命中近亲属备案，须经县（区）民政局复核后方可审批（R-AP-8）',
      );
    }
    if (doc.relativesReview.byUserId === actor.userId) {
      throw notAllowed('SOD_SAME_PERSON', '近亲属备案复核人员不能同时审批本案（R-AP-8）');
    }
  }

  /** R-AP-5: refuses (and records the routing) when the approver is below the required level. */
  private async requireTier(
    doc: ReviewDoc,
    actor: Actor,
    input: ApproveInput,
    firstAids: readonly FirstAidLink[] = [],
  ): Promise<{ level: ApprovalLevel; reason: string; ruleId: string }> {
    const reviewable = REVIEWABLE[doc.item] as ReviewableItem;
    // R-AP-5 by total: everything already approved on this case and event counts.
    const tier = requiredLevelForTotal(
      {
        item: reviewable.policyItem,
        amountFen: fen(input.amountFen),
        alreadyApprovedFen: approvedTotalFen(doc, firstAids),
        routedTo: (doc.routedTo?.level as ApprovalLevel | undefined) ?? null,
        coveredByPolicy: !input.notCoveredByPolicy,
        severe: input.severe,
        largeSocialImpact: input.largeSocialImpact,
      },
      this.policy.config,
    );
    if (!tier.ok) throw conflict(tier.code, tier.reason);
    if (tier.level === 'case_by_case') {
      // Recorded like any routing, so the window knows to open the 一事一议 procedure.
      await this.apply(doc, actor, 'routed', tier.reason, {
        routedTo: {
          level: 'case_by_case',
          reason: tier.reason,
          ruleId: tier.ruleId,
          amountFen: input.amountFen,
          at: this.clock(),
        },
      });
      throw conflict('CASE_BY_CASE_REQUIRED', '现行政策难以明确覆盖该案件，须按“一事一议”程序办理');
    }
    const own = approverLevelOf(actor.roles);
    if (!own) throw notAllowed('APPROVER_ROLE_REQUIRED', '您没有审核确认或审批权限');
    if (LEVEL_RANK[own] < LEVEL_RANK[tier.level]) {
      const why = `${tier.reason}；您的权限为${APPROVAL_LEVEL_ZH[own]}，已转${APPROVAL_LEVEL_ZH[tier.level]}`;
      await this.apply(doc, actor, 'routed', why, {
        routedTo: {
          level: tier.level,
          reason: tier.reason,
          ruleId: tier.ruleId,
          amountFen: input.amountFen,
          at: this.clock(),
        },
      });
      throw notAllowed('APPROVAL_LEVEL_TOO_LOW', why);
    }
    return { level: tier.level, reason: tier.reason, ruleId: tier.ruleId };
  }

  private newApproval(
    doc: ReviewDoc,
    actor: Actor,
    kind: ApprovalKind,
    tier: { level: ApprovalLevel },
    input: ApproveInput,
    stages: readonly { amountFen: number; payFrom?: string }[],
    now: Date,
    reason: string,
    requestKey: string | null = null,
  ): ApprovalDoc {
    const reviewable = REVIEWABLE[doc.item] as ReviewableItem;
    const approvalId = randomUUID();
    return {
      approvalId,
      kind,
      level: tier.level,
      amountFen: input.amountFen,
      approverId: actor.userId,
      approvedAt: now,
      instalments: this.instalments(approvalId, reviewable.schedule, stages, now),
      reason,
      requestKey,
      requestHash: null,
      linkedFirstAids: [],
    };
  }

  private approvedEntry(doc: ReviewDoc, approval: ApprovalDoc) {
    const reviewable = REVIEWABLE[doc.item] as ReviewableItem;
    const payload: AssistanceApproved = {
      approvalId: approval.approvalId,
      caseId: doc.caseId,
      applicationId: doc.applicationId,
      item: itemOfCode(doc.item),
      schedule: reviewable.schedule,
      recipient: {
        name: doc.applicantName,
        idNumber: doc.applicantIdNumber ?? '',
        citizenCardNo: doc.citizenCardNo ?? '',
        regionCode: doc.regionCode,
      },
      streetCode: doc.regionCode,
      level: LEVEL_ENUM[approval.level as ApprovalLevel],
      approverId: approval.approverId,
      approvedAt: approval.approvedAt,
      instalments: approval.instalments.map((i) => ({ ...i })),
    };
    return outboxEvent(
      Topics.assistanceApproved,
      payload,
      {
        key: doc.applicationId,
        correlationId: doc.applicationId,
        occurredAt: approval.approvedAt,
      },
      producer,
    );
  }

  /**
   * R-AP-6 (ADR 0011): claims the household's guards of a 急难型 approval before writing it; a
   * concurrent second aid of the same emergency hits a guard's unique _id. Released again when
   * the write fails.
   */
  private async withEmergencyGuard(
    doc: ReviewDoc,
    approval: ApprovalDoc,
    now: Date,
    write: () => Promise<ReviewDoc>,
  ): Promise<ReviewDoc> {
    if (doc.temporaryKind !== 'emergency') return write();
    const claims = requireClaims(this.options.emergencyClaims, doc);
    const claim = emergencyClaimOf(doc, approval);
    const guardIds = await claims.claim(claim, now);
    try {
      return await write();
    } catch (e) {
      await claims.release(guardIds, approval.approvalId);
      throw e;
    }
  }

  /**
   * Read-only R-AP-6 check before anything is written (routing included); returns the first aid
   * (R-AP-9) of the same emergency this approval completes, to link and add for R-AP-5.
   */
  private async emergencyFirstAids(doc: ReviewDoc, now: Date): Promise<FirstAidLink[]> {
    if (doc.temporaryKind !== 'emergency') return [];
    const claims = requireClaims(this.options.emergencyClaims, doc);
    return (await claims.check(emergencyClaimOf(doc, null), now)).firstAids;
  }

  /** Refusal at 初审 (before it is done) or at 审核确认 (after). */
  async reject(id: string, actor: Actor, reason: string): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireStatus(doc, OPEN_REVIEW_STATUSES);
    const step: ReviewStep = doc.status === 'accepted' ? 'first_review' : 'confirmation';
    const allowed =
      step === 'first_review'
        ? actor.roles.includes('first_reviewer')
        : approverLevelOf(actor.roles) !== undefined;
    if (!allowed) {
      throw notAllowed(
        'STEP_ROLE_REQUIRED',
        `您没有${REVIEW_STEP_ZH[step]}权限，不能作出不予救助决定`,
      );
    }
    this.requireSeparation(doc, step, actor);
    const now = this.clock();
    const stopped = this.policy.clocks.stop(doc.clock, now);
    return this.apply(doc, actor, 'rejected', reason, {
      status: 'rejected',
      // A 先行救助 already paid stays paid; the rejection is its paperwork.
      ...(doc.paperwork?.status === 'outstanding'
        ? {
            paperwork: {
              ...doc.paperwork,
              status: 'completed' as const,
              completedAt: now,
              completedBy: actor.userId,
              note: reason,
            },
          }
        : {}),
      actors:
        step === 'first_review'
          ? { ...doc.actors, firstReview: actor.userId }
          : { ...doc.actors, confirmation: actor.userId },
      decisionReason: reason,
      clock: stopped.ok ? stopped.clock : doc.clock,
    });
  }

  async withdraw(id: string, actor: Actor, reason: string): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireStatus(doc, OPEN_REVIEW_STATUSES);
    if ((doc.approvals ?? []).length > 0) {
      throw conflict('AID_ALREADY_PAID', '已先行救助，不能撤回；请补齐手续或作出不予救助决定');
    }
    const stopped = this.policy.clocks.stop(doc.clock, this.clock());
    return this.apply(doc, actor, 'withdrawn', reason, {
      status: 'withdrawn',
      decisionReason: reason,
      clock: stopped.ok ? stopped.clock : doc.clock,
    });
  }

  /** Clock state for coordinators. */
  evaluate(doc: ReviewDoc) {
    return this.policy.clocks.evaluate(doc.clock, this.clock());
  }

  private requireSeparation(doc: ReviewDoc, step: ReviewStep, actor: Actor): void {
    const done: ReviewActors = {
      intake: doc.actors.intake,
      ...(doc.actors.firstReview ? { first_review: doc.actors.firstReview } : {}),
      ...(doc.actors.confirmation ? { confirmation: doc.actors.confirmation } : {}),
    };
    const result = checkMayPerformStep(step, actor.userId, done);
    if (!result.ok) {
      throw notAllowed(
        result.code === 'SAME_PERSON_FOR_TWO_STEPS' ? 'SOD_SAME_PERSON' : result.code,
        result.reason,
      );
    }
  }

  /** R-PAY-2 due dates per instalment; idempotency key = approvalId:number. */
  /** Shared with 一事一议 (ADR 0008). */
  instalments(
    approvalId: string,
    schedule: PaymentSchedule,
    stages: readonly { amountFen: number; payFrom?: string }[],
    approvedAt: Date,
  ): InstalmentDoc[] {
    const result: InstalmentDoc[] = [];
    let previousDue: Date | undefined;
    stages.forEach((stage, index) => {
      const number = index + 1;
      let dueAt: Date;
      if (schedule === PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY) {
        // Monthly by the 10th: each stage is the next month's payment.
        const from: Date = previousDue ? new Date(previousDue.getTime() + 1) : approvedAt;
        dueAt = this.due('monthly_payment', from);
      } else {
        const payFrom = stage.payFrom ? startOfShanghaiDay(stage.payFrom) : approvedAt;
        const from = payFrom > approvedAt ? payFrom : approvedAt;
        dueAt = this.due(
          schedule === PaymentSchedule.PAYMENT_SCHEDULE_FIRST_AID
            ? 'first_aid_in_place'
            : 'temporary_aid_payment',
          from,
        );
      }
      previousDue = dueAt;
      result.push({
        number,
        amountFen: stage.amountFen,
        dueAt,
        idempotencyKey: `${approvalId}:${number}`,
      });
    });
    return result;
  }

  private due(kind: ClockKind, from: Date): Date {
    const due = this.policy.clocks.deadline(kind, from);
    if (!due.ok) throw conflict(due.code, due.reason);
    return due.dueAt;
  }

  private async apply(
    doc: ReviewDoc,
    actor: Actor,
    action: ReviewAction,
    reason: string,
    changes: ReviewChanges,
    outbox: Parameters<ReviewStore['transition']>[3] = [],
    // An approval's step carries the approval's own instant, so the window reads them together.
    now: Date = this.clock(),
  ): Promise<ReviewDoc> {
    const toStatus = changes.status ?? doc.status;
    const entry = audit(now, actor, action, doc.status, toStatus, reason);
    // Every step is announced to the window in the same write (jh.review.progressed.v1).
    const progressed = reviewProgressedEntry(doc, action, toStatus, doc.version + 1, now);
    if (!(await this.store.transition(doc, changes, entry, [...outbox, progressed]))) {
      throw conflict('REVIEW_CHANGED', '该审核已被他人更新，请刷新后重试');
    }
    return this.get(doc._id);
  }
}

function audit(
  at: Date,
  actor: Actor,
  action: ReviewAction,
  fromStatus: ReviewDoc['status'] | null,
  toStatus: ReviewDoc['status'],
  reason: string,
): AuditEntry {
  return { at, byUserId: actor.userId, action, fromStatus, toStatus, reason };
}

const STATUS_ZH: Record<ReviewDoc['status'], string> = {
  accepted: '已受理待初审',
  under_check: '核对与入户调查中',
  awaiting_confirmation: '待审核确认',
  approved: '已审批',
  rejected: '不予救助',
  withdrawn: '已撤回',
};

function requireStatus(doc: ReviewDoc, allowed: readonly ReviewDoc['status'][]): void {
  if (!allowed.includes(doc.status)) {
    throw conflict('REVIEW_WRONG_STATUS', `当前状态为“${STATUS_ZH[doc.status]}”，不能办理此步骤`);
  }
}

function requireSelfCareItem(doc: ReviewDoc): void {
  if (doc.item !== 'tekun') {
    throw conflict('SELF_CARE_NOT_APPLICABLE', '生活自理能力评估仅适用于特困人员救助供养');
  }
}

function selfCareText(ability: SelfCareAbility): string {
  const { supportMode, careStandard } = supportFor(ability);
  return `生活自理能力评估：${SELF_CARE_ABILITY_ZH[ability]}，${SUPPORT_MODE_ZH[supportMode]}，照料护理标准${CARE_STANDARD_ZH[careStandard]}（R-AP-3）`;
}

/** Everyone who already did something on the review (R-AP-8 extra review must be someone else). */
function actedOn(doc: ReviewDoc): Set<string> {
  return new Set([doc.actors.intake, ...doc.audit.map((a) => a.byUserId)]);
}

function stagesOf(input: ApproveInput): { amountFen: number; payFrom?: string }[] {
  const stages = input.instalments ?? [{ amountFen: input.amountFen }];
  if (sumFen(stages.map((s) => fen(s.amountFen))) !== input.amountFen) {
    throw invalidInput([
      { path: 'instalments', code: 'INSTALMENTS_SUM', message: '各期金额之和须等于审批金额' },
    ]);
  }
  return stages;
}

function primary(a: ApprovalDoc): NonNullable<ReviewDoc['approval']> {
  return {
    approvalId: a.approvalId,
    level: a.level,
    amountFen: a.amountFen,
    approverId: a.approverId,
    approvedAt: a.approvedAt,
    instalments: a.instalments,
  };
}

/** 临时救助 needs its kind; 急难型 its event (R-AP-6 guards: household and date, ADR 0011). */
function openInputFor(
  item: string,
  input: OpenInput,
): { kind: TemporaryKind | null; emergency: ReviewDoc['emergency'] } {
  if (item !== 'temporary') {
    if (input.kind || input.emergency) {
      throw invalidInput([
        { path: 'kind', code: 'NOT_TEMPORARY', message: '只有临时救助区分急难型和支出型' },
      ]);
    }
    return { kind: null, emergency: null };
  }
  if (!input.kind) {
    throw invalidInput([
      {
        path: 'kind',
        code: 'TEMPORARY_KIND_REQUIRED',
        message: '请选择临时救助类型：急难型或支出型',
      },
    ]);
  }
  if (input.kind === 'expenditure') {
    if (input.emergency) {
      throw invalidInput([
        { path: 'emergency', code: 'NOT_EMERGENCY', message: '支出型临时救助不登记急难事项' },
      ]);
    }
    return { kind: 'expenditure', emergency: null };
  }
  if (!input.emergency) {
    throw invalidInput([
      {
        path: 'emergency',
        code: 'EMERGENCY_EVENT_REQUIRED',
        message: '急难型临时救助须登记急难事项',
      },
    ]);
  }
  const { category, occurredOn, description } = input.emergency;
  return {
    kind: 'emergency',
    emergency: {
      category,
      occurredOn,
      description,
      eventKey: emergencyEventKey(category, occurredOn),
    },
  };
}

/**
 * A readable label of the emergency (category and day). Not the R-AP-6 key: the guards are keyed
 * by household member and a window of days, whatever the category or wording (ADR 0011).
 */
export function emergencyEventKey(category: EmergencyCategory, occurredOn: string): string {
  return `${category}:${occurredOn}`;
}
