import { startOfShanghaiDay } from '@jh/domain-calendar';
import type { PolicyContext } from '@jh/domain-policy';
import type { SlaClock } from '@jh/domain-sla';
import type { Actor } from '@jh/platform-auth';
import { invalidInput } from '@jh/platform-errors';
import { requirePayee } from '../approval/payee';
import {
  guardDemocraticReview,
  guardEconomicCheck,
  guardFirstReview,
  guardHomeVisit,
  guardPayee,
  guardReject,
  guardRelativesReview,
  guardSelfCare,
  guardWithdraw,
} from './review.guards';
import type { ReviewDoc, SelfCareAbility } from './review.model';
import type { ReviewRecorder } from './review.recorder';
import { requireSelfCareItem, selfCareOf, selfCareText } from './review.rules';
import { requireStepDate } from './step-dates';

/**
 * The review's steps up to the decision (R-AP-1..4, R-AP-8): 初审, 核对, 入户调查, 自理能力评估,
 * 民主评议, 近亲属复核, the payee, and the refusal or withdrawal. Approval is review.approval.ts.
 */
export class ReviewSteps {
  constructor(
    private readonly reviews: ReviewRecorder,
    private readonly policy: PolicyContext,
  ) {}

  async firstReview(id: string, actor: Actor, opinion: string): Promise<ReviewDoc> {
    const doc = await this.reviews.get(id);
    guardFirstReview(doc, actor);
    return this.reviews.apply(doc, actor, 'first_review', opinion, {
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
    const doc = await this.reviews.get(id);
    guardEconomicCheck(doc);
    const now = this.reviews.clock();
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
    return this.reviews.apply(doc, actor, 'economic_check', reason, {
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
    const doc = await this.reviews.get(id);
    guardHomeVisit(doc);
    if (input.selfCare) requireSelfCareItem(doc);
    const now = this.reviews.clock();
    requireStepDate(doc, now, 'visitedOn', input.visitedOn, '入户调查');
    const visitedAt = startOfShanghaiDay(input.visitedOn);
    if (visitedAt > now) {
      throw invalidInput([
        { path: 'visitedOn', code: 'INVALID_DATE', message: '入户调查日期不能晚于今天' },
      ]);
    }
    const selfCare = input.selfCare ? { ...selfCareOf(input.selfCare, actor, now) } : undefined;
    return this.reviews.apply(
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
    const doc = await this.reviews.get(id);
    guardSelfCare(doc);
    const selfCare = selfCareOf(input, actor, this.reviews.clock());
    return this.reviews.apply(doc, actor, 'self_care_assessed', selfCareText(selfCare.ability), {
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
    const doc = await this.reviews.get(id);
    guardDemocraticReview(doc);
    const now = this.reviews.clock();
    requireStepDate(doc, now, 'heldOn', input.heldOn, '民主评议');
    const heldAt = startOfShanghaiDay(input.heldOn);
    if (heldAt > now) {
      throw invalidInput([
        { path: 'heldOn', code: 'INVALID_DATE', message: '民主评议日期不能晚于今天' },
      ]);
    }
    const conclusionZh = input.conclusion === 'agree' ? '同意救助' : '不同意救助';
    return this.reviews.apply(
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
    const doc = await this.reviews.get(id);
    guardRelativesReview(doc, actor);
    return this.reviews.apply(doc, actor, 'relatives_review', opinion, {
      relativesReview: { byUserId: actor.userId, opinion, at: this.reviews.clock() },
    });
  }

  /** ADR 0010: the clerk or reviewer records the payee's citizen card before approval (audited). */
  async recordPayee(
    id: string,
    actor: Actor,
    input: { citizenCardNo: string; reason: string },
  ): Promise<ReviewDoc> {
    const doc = await this.reviews.get(id);
    guardPayee(doc);
    requirePayee(input.citizenCardNo, 'citizenCardNo');
    if (doc.citizenCardNo === input.citizenCardNo) return doc;
    const before = doc.citizenCardNo ? `原卡号尾号${doc.citizenCardNo.slice(-4)}` : '原无卡号';
    return this.reviews.apply(
      doc,
      actor,
      'payee_recorded',
      `登记收款市民卡号（尾号${input.citizenCardNo.slice(-4)}，${before}）：${input.reason}`,
      { citizenCardNo: input.citizenCardNo },
    );
  }

  /** Refusal at 初审 (before it is done) or at 审核确认 (after). */
  async reject(id: string, actor: Actor, reason: string): Promise<ReviewDoc> {
    const doc = await this.reviews.get(id);
    const step = guardReject(doc, actor);
    const now = this.reviews.clock();
    const stopped = this.policy.clocks.stop(doc.clock, now);
    return this.reviews.apply(doc, actor, 'rejected', reason, {
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
    const doc = await this.reviews.get(id);
    guardWithdraw(doc);
    const stopped = this.policy.clocks.stop(doc.clock, this.reviews.clock());
    return this.reviews.apply(doc, actor, 'withdrawn', reason, {
      status: 'withdrawn',
      decisionReason: reason,
      clock: stopped.ok ? stopped.clock : doc.clock,
    });
  }

  /** Clock state for coordinators. */
  evaluate(doc: ReviewDoc) {
    return this.policy.clocks.evaluate(doc.clock, this.reviews.clock());
  }
}
