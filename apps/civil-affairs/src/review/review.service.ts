import { randomUUID } from 'node:crypto';
import {
  ApprovalLevel as ApprovalLevelEnum,
  PaymentSchedule,
  Topics,
  type AssistanceApproved,
} from '@jh/contracts';
import { startOfShanghaiDay } from '@jh/domain-calendar';
import { fen, sumFen } from '@jh/domain-money';
import {
  APPROVAL_LEVEL_ZH,
  REVIEW_STEP_ZH,
  checkMayPerformStep,
  requiredApprovalLevel,
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
import {
  OPEN_REVIEW_STATUSES,
  type ApproverLevel,
  type AuditEntry,
  type InstalmentDoc,
  type ReviewAction,
  type ReviewDoc,
} from './review.model';
import type { ReviewChanges, ReviewStore } from './review.store';

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

export interface ApproveInput {
  amountFen: number;
  /** 一次审批、分阶段救助: the stages; absent → one instalment of the whole amount. */
  instalments?: { amountFen: number; payFrom?: string }[];
  severe?: boolean;
  largeSocialImpact?: boolean;
}

export class ReviewService {
  constructor(
    private readonly store: ReviewStore,
    private readonly cases: CaseService,
    private readonly policy: PolicyContext,
    private readonly clock: () => Date,
  ) {}

  async get(id: string): Promise<ReviewDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('REVIEW_NOT_FOUND', '未找到该审核');
    return doc;
  }

  /** Opens the review of one item; the 受理 step is the case's intake owner. Idempotent. */
  async open(caseId: string, item: string, actor: Actor) {
    const c = await this.cases.get(caseId);
    const reviewable = REVIEWABLE[item];
    if (!reviewable || !c.items.includes(item)) {
      throw conflict('ITEM_NOT_REVIEWABLE', '该案件没有可由民政审核的此救助事项');
    }
    const id = reviewIdOf(caseId, item);
    const existing = await this.store.findById(id);
    if (existing) return { doc: existing, created: false };
    const now = this.clock();
    const started = this.policy.clocks.start({ kind: reviewable.clock, startedAt: c.openedAt });
    if (!started.ok) throw conflict(started.code, started.reason);
    const doc: ReviewDoc = {
      _id: id,
      caseId,
      applicationId: c.applicationId,
      item,
      applicantName: c.applicantName,
      regionCode: c.owner.regionCode || c.regionCode,
      status: 'accepted',
      actors: { intake: c.owner.userId, firstReview: null, confirmation: null },
      economicCheck: null,
      homeVisit: null,
      clock: started.clock,
      routedTo: null,
      approval: null,
      decisionReason: '',
      audit: [audit(now, actor, 'opened', null, 'accepted', '')],
      openedAt: now,
      updatedAt: now,
      version: 0,
      outbox: [],
    };
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
    const startedAt = startOfShanghaiDay(input.startedOn);
    const completedAt = startOfShanghaiDay(input.completedOn);
    const now = this.clock();
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
    input: { visitedOn: string; note: string },
  ): Promise<ReviewDoc> {
    const doc = await this.get(id);
    requireStatus(doc, ['under_check']);
    if (doc.homeVisit) throw conflict('ALREADY_RECORDED', '入户调查结果已登记');
    const now = this.clock();
    const visitedAt = startOfShanghaiDay(input.visitedOn);
    if (visitedAt > now) {
      throw invalidInput([
        { path: 'visitedOn', code: 'INVALID_DATE', message: '入户调查日期不能晚于今天' },
      ]);
    }
    return this.apply(doc, actor, 'home_visit', input.note, {
      status: doc.economicCheck ? 'awaiting_confirmation' : 'under_check',
      homeVisit: { visitedAt, note: input.note, byUserId: actor.userId, recordedAt: now },
    });
  }

  /** 审核确认 / 审批 (R-AP-1, R-AP-5); publishes AssistanceApproved through the outbox. */
  async approve(id: string, actor: Actor, input: ApproveInput): Promise<ReviewDoc> {
    const doc = await this.get(id);
    // A retried approval by the same approver returns the approval already made.
    if (doc.status === 'approved' && doc.approval?.approverId === actor.userId) return doc;
    requireStatus(doc, ['awaiting_confirmation']);
    this.requireSeparation(doc, 'confirmation', actor);
    const reviewable = REVIEWABLE[doc.item] as ReviewableItem;
    const stages = input.instalments ?? [{ amountFen: input.amountFen }];
    if (sumFen(stages.map((s) => fen(s.amountFen))) !== input.amountFen) {
      throw invalidInput([
        { path: 'instalments', code: 'INSTALMENTS_SUM', message: '各期金额之和须等于审批金额' },
      ]);
    }
    const tier = requiredApprovalLevel(
      {
        item: reviewable.policyItem,
        amountFen: fen(input.amountFen),
        coveredByPolicy: true,
        severe: input.severe,
        largeSocialImpact: input.largeSocialImpact,
      },
      this.policy.config,
    );
    if (!tier.ok) throw conflict(tier.code, tier.reason);
    if (tier.level === 'case_by_case') {
      throw conflict('CASE_BY_CASE_REQUIRED', '该案件须按“一事一议”程序审批');
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

    const now = this.clock();
    const approvalId = randomUUID();
    const instalments = this.instalments(approvalId, reviewable.schedule, stages, now);
    const payload: AssistanceApproved = {
      approvalId,
      caseId: doc.caseId,
      applicationId: doc.applicationId,
      item: itemOfCode(doc.item),
      schedule: reviewable.schedule,
      // Identity and citizen card number stay with intake; payment looks them up (see report).
      recipient: {
        name: doc.applicantName,
        idNumber: '',
        citizenCardNo: '',
        regionCode: doc.regionCode,
      },
      streetCode: doc.regionCode,
      level: LEVEL_ENUM[tier.level],
      approverId: actor.userId,
      approvedAt: now,
      instalments: instalments.map((i) => ({ ...i })),
    };
    const entry = outboxEvent(
      Topics.assistanceApproved,
      payload,
      { key: doc.applicationId, correlationId: doc.applicationId, occurredAt: now },
      producer,
    );
    const stopped = this.policy.clocks.stop(doc.clock, now);
    return this.apply(
      doc,
      actor,
      'approved',
      `${tier.reason}（${tier.ruleId}）`,
      {
        status: 'approved',
        actors: { ...doc.actors, confirmation: actor.userId },
        approval: {
          approvalId,
          level: tier.level,
          amountFen: input.amountFen,
          approverId: actor.userId,
          approvedAt: now,
          instalments,
        },
        clock: stopped.ok ? stopped.clock : doc.clock,
      },
      [entry],
    );
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
    const stopped = this.policy.clocks.stop(doc.clock, this.clock());
    return this.apply(doc, actor, 'rejected', reason, {
      status: 'rejected',
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
  private instalments(
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
  ): Promise<ReviewDoc> {
    const now = this.clock();
    const entry = audit(now, actor, action, doc.status, changes.status ?? doc.status, reason);
    if (!(await this.store.transition(doc, changes, entry, outbox))) {
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
