import type { ScopeQuery } from '../access';
import type { PolicyContext } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import type { CaseService } from '../case/case.service';
import type { EmergencyClaims } from './emergency-claims';
import { ReviewApprovals } from './review.approval';
import { ReviewFastAid } from './review.fast-aid';
import type { ApproveInput, FollowUpInput, OpenInput } from './review.input';
import type { ReviewDoc, SelfCareAbility } from './review.model';
import { neverFlagged, openReview, type RelativesCheck } from './review.opening';
import { ReviewRecorder } from './review.recorder';
import { approvalRuleOf, nextStepsFor } from './review.next-steps';
import { queueFieldsOf } from './review.queue';
import { ReviewSteps } from './review.steps';
import type { ReviewListFilter, ReviewStore } from './review.store';

export type { RelativesCheck } from './review.opening';

export interface ReviewServiceOptions {
  relativesCheck?: RelativesCheck;
  /** R-AP-6 guards (ADR 0011); without them 急难型 approvals are refused (fail closed). */
  emergencyClaims?: EmergencyClaims;
  /** 小金额先行救助 cap (R-AP-4); the rules give no number: default the street's own limit. */
  fastAidCapFen?: number;
  /** Working days after 先行救助 by which the procedure's paperwork must be recorded. */
  fastAidPaperworkWorkingDays?: number;
}

/**
 * Review and approval of one item (ADR 0007), as the routes see it. The work is done by its
 * parts: opening (review.opening), the steps (review.steps), approval and 跟进救助
 * (review.approval, with R-AP-5 routing in review.tier) and 先行救助 (review.fast-aid).
 */
export class ReviewService {
  private readonly reviews: ReviewRecorder;
  private readonly steps: ReviewSteps;
  private readonly approvals: ReviewApprovals;
  private readonly fast: ReviewFastAid;
  private readonly relativesCheck: RelativesCheck;
  private readonly fastAidCapFen: number;

  constructor(
    store: ReviewStore,
    private readonly cases: CaseService,
    private readonly policy: PolicyContext,
    clock: () => Date,
    options: ReviewServiceOptions = {},
  ) {
    this.reviews = new ReviewRecorder(store, clock, (doc) => queueFieldsOf(policy, doc));
    this.relativesCheck = options.relativesCheck ?? neverFlagged;
    this.steps = new ReviewSteps(this.reviews, policy);
    this.approvals = new ReviewApprovals(this.reviews, policy, options.emergencyClaims);
    this.fastAidCapFen = options.fastAidCapFen ?? policy.config.approvalTiers.streetMaxFen;
    this.fast = new ReviewFastAid(
      this.reviews,
      policy,
      options.emergencyClaims,
      this.fastAidCapFen,
      options.fastAidPaperworkWorkingDays ??
        policy.slaConfig.kinds.temporary_aid_approval.limit?.amount ??
        15,
    );
    options.emergencyClaims?.recognise('review', async (reviewId, approvalId) =>
      Boolean(
        (await this.reviews.find(reviewId))?.approvals?.some((a) => a.approvalId === approvalId),
      ),
    );
  }

  now(): Date {
    return this.reviews.clock();
  }

  get(id: string): Promise<ReviewDoc> {
    return this.reviews.get(id);
  }

  /** The case a review is opened for (its region decides who may open it). */
  caseOf(caseId: string) {
    return this.cases.get(caseId);
  }

  open(caseId: string, item: string, actor: Actor, input: OpenInput = {}) {
    const deps = { reviews: this.reviews, cases: this.cases, policy: this.policy };
    return openReview({ ...deps, relativesCheck: this.relativesCheck }, caseId, item, actor, input);
  }

  firstReview(id: string, actor: Actor, opinion: string) {
    return this.steps.firstReview(id, actor, opinion);
  }

  economicCheck(
    id: string,
    actor: Actor,
    input: { startedOn: string; completedOn: string; note: string },
  ) {
    return this.steps.economicCheck(id, actor, input);
  }

  homeVisit(
    id: string,
    actor: Actor,
    input: {
      visitedOn: string;
      note: string;
      selfCare?: { ability: SelfCareAbility; note: string };
    },
  ) {
    return this.steps.homeVisit(id, actor, input);
  }

  recordSelfCare(id: string, actor: Actor, input: { ability: SelfCareAbility; note: string }) {
    return this.steps.recordSelfCare(id, actor, input);
  }

  recordDemocraticReview(
    id: string,
    actor: Actor,
    input: {
      heldOn: string;
      participantCount: number;
      conclusion: 'agree' | 'disagree';
      note: string;
    },
  ) {
    return this.steps.recordDemocraticReview(id, actor, input);
  }

  relativesReview(id: string, actor: Actor, opinion: string) {
    return this.steps.relativesReview(id, actor, opinion);
  }

  recordPayee(id: string, actor: Actor, input: { citizenCardNo: string; reason: string }) {
    return this.steps.recordPayee(id, actor, input);
  }

  reject(id: string, actor: Actor, reason: string) {
    return this.steps.reject(id, actor, reason);
  }

  withdraw(id: string, actor: Actor, reason: string) {
    return this.steps.withdraw(id, actor, reason);
  }

  /** May `actor` take each step now, and why not (the service's own checks). */
  nextSteps(doc: ReviewDoc, actor: Actor) {
    return nextStepsFor(doc, actor);
  }

  /** R-AP-5 thresholds and totals for the approval form. */
  approvalRule(doc: ReviewDoc, actor: Actor) {
    return approvalRuleOf(doc, actor, this.policy, this.fastAidCapFen);
  }

  /** Clock state for coordinators. */
  evaluate(doc: ReviewDoc) {
    return this.steps.evaluate(doc);
  }

  approve(id: string, actor: Actor, input: ApproveInput) {
    return this.approvals.approve(id, actor, input);
  }

  followUp(id: string, actor: Actor, input: FollowUpInput) {
    return this.approvals.followUp(id, actor, input);
  }

  fastAid(id: string, actor: Actor, input: ApproveInput) {
    return this.fast.fastAid(id, actor, input);
  }

  completePaperwork(id: string, actor: Actor, note: string) {
    return this.fast.completePaperwork(id, actor, note);
  }

  /** The queue (GET /reviews): one page in the reader's region. */
  list(filter: Omit<ReviewListFilter, 'now'>, skip: number, limit: number) {
    return this.reviews.list({ ...filter, now: this.reviews.clock() }, skip, limit);
  }

  /** 先行救助 paperwork still outstanding in `scope` (the reader's region), for coordinators. */
  outstandingPaperwork(overdueOnly: boolean, scope: ScopeQuery) {
    return this.fast.outstandingPaperwork(overdueOnly, scope);
  }
}
