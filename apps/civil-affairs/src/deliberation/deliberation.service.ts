import type { ScopeQuery } from '../access';
import type { FilingRecipient, PolicyContext } from '@jh/domain-policy';
import type { DeliberationParticipant } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import type { CaseService } from '../case/case.service';
import { DeliberationApproval } from './deliberation.approval';
import type { DeliberationDoc, DeliberationStage } from './deliberation.model';
import { openDeliberation, type OpenInput } from './deliberation.opening';
import { PeriodicReviews } from './deliberation.periodic-review';
import {
  DeliberationProcedure,
  type DecisionInput,
  type InvestigationInput,
} from './deliberation.procedure';
import { DeliberationRecorder } from './deliberation.recorder';
import type { DeliberationStore } from './deliberation.store';

/**
 * 一事一议 (DOMAIN §5, ADR 0008) as the routes see it. The work is done by its parts: opening,
 * the procedure up to the 公示 (deliberation.procedure), approval and filing
 * (deliberation.approval) and the R-YS-1 periodic reviews (deliberation.periodic-review).
 */
export class DeliberationService {
  private readonly d: DeliberationRecorder;
  private readonly procedure: DeliberationProcedure;
  private readonly approval: DeliberationApproval;
  private readonly periodic: PeriodicReviews;

  constructor(
    store: DeliberationStore,
    private readonly cases: CaseService,
    policy: PolicyContext,
    clock: () => Date,
  ) {
    this.d = new DeliberationRecorder(store, policy, clock);
    this.procedure = new DeliberationProcedure(this.d);
    this.approval = new DeliberationApproval(this.d);
    this.periodic = new PeriodicReviews(this.d);
  }

  /** §5.3/§5.8 as configured: what the console shows before the user submits. */
  rules() {
    const { minParticipants, requiredRoles, filingRecipients } = this.d.policy.config.caseByCase;
    return { minParticipants, requiredRoles, filingRecipients };
  }

  now(): Date {
    return this.d.clock();
  }

  get(id: string): Promise<DeliberationDoc> {
    return this.d.get(id);
  }

  /** The case a deliberation is opened for (its region decides who may open it). */
  caseOf(caseId: string) {
    return this.cases.get(caseId);
  }

  open(input: OpenInput, actor: Actor) {
    return openDeliberation(this.d, this.cases, input, actor);
  }

  investigate(id: string, actor: Actor, input: InvestigationInput) {
    return this.procedure.investigate(id, actor, input);
  }

  democraticReview(
    id: string,
    actor: Actor,
    input: { heldAt: Date; participants: DeliberationParticipant[]; minutes: string },
  ) {
    return this.procedure.democraticReview(id, actor, input);
  }

  officeReview(id: string, actor: Actor, input: { passed: boolean; opinion: string }) {
    return this.procedure.officeReview(id, actor, input);
  }

  collectiveDecision(id: string, actor: Actor, input: DecisionInput) {
    return this.procedure.collectiveDecision(id, actor, input);
  }

  postPublicNotice(id: string, actor: Actor, input: { postedOn: string; place: string }) {
    return this.procedure.postPublicNotice(id, actor, input);
  }

  objection(id: string, actor: Actor, content: string) {
    return this.procedure.objection(id, actor, content);
  }

  approve(id: string, actor: Actor) {
    return this.approval.approve(id, actor);
  }

  afterReinvestigation(id: string, actor: Actor, input: { proceed: boolean; reason: string }) {
    return this.approval.afterReinvestigation(id, actor, input);
  }

  file(id: string, actor: Actor, recipients: FilingRecipient[]) {
    return this.approval.file(id, actor, recipients);
  }

  /** The scoped list, newest first (a page of `pageSize` from `page`, 1-based). */
  list(filter: { scope: ScopeQuery; stage?: DeliberationStage }, page: number, pageSize: number) {
    return this.d.store.listPage(filter, (page - 1) * pageSize, pageSize);
  }

  filingOverdue(scope: ScopeQuery): Promise<DeliberationDoc[]> {
    return this.approval.filingOverdue(scope);
  }

  deadlines(doc: DeliberationDoc) {
    return this.approval.deadlines(doc);
  }

  generateReviewTasks(year: number, period: number, actor: Actor, scope: ScopeQuery) {
    return this.periodic.generateReviewTasks(year, period, actor, scope);
  }

  reviewTasks(
    year: number,
    period: number,
    scope: ScopeQuery,
    status?: 'due' | 'overdue' | 'done',
  ) {
    return this.periodic.reviewTasks(year, period, scope, status);
  }

  reviewTask(id: string) {
    return this.periodic.reviewTask(id);
  }

  recordReview(id: string, actor: Actor, input: { outcome: string; note: string }) {
    return this.periodic.recordReview(id, actor, input);
  }
}
