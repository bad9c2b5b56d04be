import { randomUUID } from 'node:crypto';
import { ApprovalLevel, PaymentSchedule, Topics, type AssistanceApproved } from '@jh/contracts';
import { isValidCitizenCardNo } from '@jh/domain-application';
import { shanghaiDateOf, startOfShanghaiDay } from '@jh/domain-calendar';
import { fen, sumFen } from '@jh/domain-money';
import {
  caseByCaseReviewSchedule,
  checkCaseByCaseApplication,
  checkCountyReviewCoverage,
  checkDemocraticReview,
  checkFiling,
  checkMayPerformStep,
  checkPublicNotice,
  nextCaseByCaseStage,
  type CaseByCaseOutcome,
  type DeliberationParticipant,
  type FilingRecipient,
  type PolicyContext,
  type PolicyViolation,
  type ReviewActors,
  type ReviewStep,
} from '@jh/domain-policy';
import type { ClockKind } from '@jh/domain-sla';
import type { Actor } from '@jh/platform-auth';
import {
  AppError,
  conflict,
  invalidInput,
  notAllowed,
  notFound,
  type FieldError,
} from '@jh/platform-errors';
import { outboxEvent } from '@jh/platform-kafka';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { CaseService } from '../case/case.service';
import { itemOfCode } from '../routing';
import { requirePayee } from '../review/payee';
import { isSameRequest, requestHash } from '@jh/platform-http';
import type { InstalmentPlanner } from './deliberation.instalments';
import type {
  DeliberationAction,
  DeliberationDoc,
  DeliberationStage,
  InvestigationDoc,
  PaymentScheduleCode,
  PeriodicReviewDoc,
} from './deliberation.model';
import type { DeliberationChanges, DeliberationStore } from './deliberation.store';

const producer = 'civil-affairs';

export const STAGE_ZH: Record<DeliberationStage, string> = {
  investigation: '调查核实（经济状况核对、入户调查）',
  democratic_review: '民主评议',
  office_review: '社会事务办负责人审核',
  collective_decision: '街道领导班子集体研究',
  public_notice: '公示',
  reinvestigation: '有异议，重新调查核实',
  approved: '已审批待备案',
  filed: '已备案',
  closed: '已办结（不予救助）',
};

export interface ApplicantInput {
  name: string;
  idNumber: string;
  citizenCardNo: string;
  regionCode: string;
}

export interface OpenInput {
  caseId?: string;
  applicant?: ApplicantInput;
  /** With a caseId, only for cases opened before the case carried them. */
  recipient?: { idNumber: string; citizenCardNo: string };
  item: string;
  hardship: string;
  declaration: { signed: boolean; signedOn: string; text: string };
}

export interface InvestigationInput {
  economicCheck: { startedOn: string; completedOn: string; note: string };
  homeVisit: { visitedOn: string; note: string };
}

export interface DecisionInput {
  approved: boolean;
  meetingOn: string;
  amountFen?: number;
  instalments?: { amountFen: number; payFrom?: string }[];
  schedule?: PaymentScheduleCode;
  minutes: string;
}

export const deliberationIdOfCase = (caseId: string) => `case:${caseId}`;
export const reviewTaskIdOf = (deliberationId: string, year: number, period: number) =>
  `${deliberationId}:${year}:${period}`;

export class DeliberationService {
  constructor(
    private readonly store: DeliberationStore,
    private readonly cases: CaseService,
    private readonly policy: PolicyContext,
    private readonly planInstalments: InstalmentPlanner,
    private readonly clock: () => Date,
  ) {}

  now(): Date {
    return this.clock();
  }

  async get(id: string): Promise<DeliberationDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('DELIBERATION_NOT_FOUND', '未找到该“一事一议”事项');
    return doc;
  }

  /** §5.1 acceptance with the signed declaration; from a case (idempotent) or directly. */
  async open(input: OpenInput, actor: Actor) {
    const declared = checkCaseByCaseApplication({ declarationSigned: input.declaration.signed });
    if (!declared.ok) {
      throw new AppError('invalid_input', declared.code, declared.reason, [
        { path: 'declaration.signed', code: declared.code, message: declared.reason },
      ]);
    }
    const now = this.clock();
    const signedOn = startOfShanghaiDay(input.declaration.signedOn);
    if (signedOn > now) {
      throw invalidInput([
        { path: 'declaration.signedOn', code: 'INVALID_DATE', message: '承诺签署日期不能晚于今天' },
      ]);
    }
    let id: string;
    let caseRef: { caseId: string; applicationId: string } | null = null;
    let applicant: ApplicantInput;
    if (input.caseId !== undefined) {
      const c = await this.cases.get(input.caseId);
      const recipient = {
        idNumber: c.applicantIdNumber || input.recipient?.idNumber || '',
        // ADR 0010: a card the case carries in a malformed shape is no payee.
        citizenCardNo: isValidCitizenCardNo(c.applicantCitizenCardNo)
          ? c.applicantCitizenCardNo
          : (input.recipient?.citizenCardNo ?? ''),
      };
      if (!recipient.idNumber || !isValidCitizenCardNo(recipient.citizenCardNo)) {
        throw invalidInput([
          {
            path: 'recipient',
            code: 'RECIPIENT_REQUIRED',
            message: '请填写申请人身份证号码和市民卡号（用于发放救助资金）',
          },
        ]);
      }
      id = deliberationIdOfCase(c._id);
      const existing = await this.store.findById(id);
      if (existing) return { doc: existing, created: false };
      caseRef = { caseId: c._id, applicationId: c.applicationId };
      applicant = {
        name: c.applicantName,
        regionCode: c.owner.regionCode || c.regionCode,
        ...recipient,
      };
    } else if (input.applicant) {
      id = randomUUID();
      applicant = input.applicant;
    } else {
      throw invalidInput([
        { path: 'applicant', code: 'APPLICANT_REQUIRED', message: '未关联案件时须填写申请人信息' },
      ]);
    }
    const doc: DeliberationDoc = {
      _id: id,
      caseId: caseRef?.caseId ?? null,
      applicationId: caseRef?.applicationId ?? null,
      item: input.item,
      applicant,
      hardship: input.hardship,
      declaration: { signedOn, text: input.declaration.text },
      stage: 'investigation',
      actors: { acceptor: actor.userId, officeReviewer: null, decisionMaker: null },
      acceptedAt: now,
      democraticReviewDueAt: this.due('case_by_case_review', now),
      investigations: [],
      democraticReview: null,
      officeReview: null,
      collectiveDecision: null,
      publicNotice: null,
      approval: null,
      filing: null,
      conclusion: '',
      audit: [
        {
          at: now,
          byUserId: actor.userId,
          action: 'accepted',
          fromStage: null,
          toStage: 'investigation',
          reason: '受理“一事一议”申请，申请人已签署承诺',
        },
      ],
      openedAt: now,
      updatedAt: now,
      version: 0,
      outbox: [],
    };
    if (await this.store.insert(doc)) return { doc, created: true };
    return { doc: await this.get(id), created: false };
  }

  /** §5.2 economic check + home visit; in `reinvestigation` it records the re-investigation (§5.7). */
  async investigate(id: string, actor: Actor, input: InvestigationInput) {
    const doc = await this.get(id);
    requireStage(doc, ['investigation', 'reinvestigation'], '调查核实');
    const now = this.clock();
    const startedAt = startOfShanghaiDay(input.economicCheck.startedOn);
    const completedAt = startOfShanghaiDay(input.economicCheck.completedOn);
    const visitedAt = startOfShanghaiDay(input.homeVisit.visitedOn);
    const accepted = startOfShanghaiDay(shanghaiDateOf(doc.acceptedAt));
    const errors: FieldError[] = [];
    if (startedAt < accepted || completedAt < startedAt || completedAt > now) {
      errors.push({
        path: 'economicCheck.completedOn',
        code: 'INVALID_DATE',
        message: '核对须在受理之后开始，完成日期须在开始日期之后且不晚于今天',
      });
    }
    if (visitedAt < accepted || visitedAt > now) {
      errors.push({
        path: 'homeVisit.visitedOn',
        code: 'INVALID_DATE',
        message: '入户调查日期须在受理之后且不晚于今天',
      });
    }
    if (errors.length > 0) throw invalidInput(errors);
    const round: InvestigationDoc = {
      round: doc.investigations.length + 1,
      economicCheck: { startedAt, completedAt, note: input.economicCheck.note },
      homeVisit: { visitedAt, note: input.homeVisit.note },
      byUserId: actor.userId,
      recordedAt: now,
    };
    const investigations = [...doc.investigations, round];
    if (doc.stage === 'reinvestigation') {
      return this.apply(doc, actor, 'reinvestigated', '公示有异议，重新调查核实', {
        investigations,
      });
    }
    return this.apply(doc, actor, 'investigated', '家庭经济状况核对和入户调查已完成', {
      stage: this.next(doc, 'done'),
      investigations,
    });
  }

  /** §5.3 民主评议: within 5 working days of acceptance, ≥ 12 participants, 纪工委 observer. */
  async democraticReview(
    id: string,
    actor: Actor,
    input: { heldAt: Date; participants: DeliberationParticipant[]; minutes: string },
  ) {
    const doc = await this.get(id);
    requireStage(doc, ['democratic_review'], '民主评议');
    const now = this.clock();
    if (input.heldAt > now) {
      throw invalidInput([
        { path: 'heldAt', code: 'INVALID_DATE', message: '民主评议时间不能晚于当前时间' },
      ]);
    }
    const result = checkDemocraticReview(
      { acceptedAt: doc.acceptedAt, heldAt: input.heldAt, participants: input.participants },
      this.policy,
    );
    if (!result.ok) throw refusal(result.code, result.reason, result.violations);
    return this.apply(
      doc,
      actor,
      'democratic_review',
      `民主评议已召开，参会${result.participantCount}人，纪（工）委派员监督`,
      {
        stage: this.next(doc, 'done'),
        democraticReview: {
          heldAt: input.heldAt,
          participants: input.participants,
          participantCount: result.participantCount,
          minutes: input.minutes,
          byUserId: actor.userId,
          recordedAt: now,
        },
      },
    );
  }

  /** §5.4 review by the social affairs office head, never the acceptor. */
  async officeReview(id: string, actor: Actor, input: { passed: boolean; opinion: string }) {
    const doc = await this.get(id);
    requireStage(doc, ['office_review'], '社会事务办负责人审核');
    requireSeparation(doc, 'first_review', actor);
    const next = this.next(doc, input.passed ? 'passed' : 'rejected');
    return this.apply(
      doc,
      actor,
      'office_review',
      input.opinion || (input.passed ? '审核通过' : '审核不通过'),
      {
        stage: next,
        actors: { ...doc.actors, officeReviewer: actor.userId },
        officeReview: {
          passed: input.passed,
          opinion: input.opinion,
          byUserId: actor.userId,
          at: this.clock(),
        },
        ...(input.passed ? {} : { conclusion: input.opinion || '社会事务办负责人审核不通过' }),
      },
    );
  }

  /** §5.5 collective decision of the street leadership meeting: decision, amount, instalments. */
  async collectiveDecision(id: string, actor: Actor, input: DecisionInput) {
    const doc = await this.get(id);
    requireStage(doc, ['collective_decision'], '集体研究');
    requireSeparation(doc, 'confirmation', actor);
    const now = this.clock();
    const meetingOn = startOfShanghaiDay(input.meetingOn);
    if (meetingOn > now) {
      throw invalidInput([
        { path: 'meetingOn', code: 'INVALID_DATE', message: '会议日期不能晚于今天' },
      ]);
    }
    const amountFen = input.approved ? (input.amountFen ?? 0) : 0;
    const stages = input.approved ? (input.instalments ?? [{ amountFen }]) : [];
    if (input.approved) {
      if (amountFen <= 0) {
        throw invalidInput([
          { path: 'amountFen', code: 'AMOUNT_REQUIRED', message: '同意救助时须填写救助金额' },
        ]);
      }
      if (sumFen(stages.map((s) => fen(s.amountFen))) !== amountFen) {
        throw invalidInput([
          { path: 'instalments', code: 'INSTALMENTS_SUM', message: '各期金额之和须等于救助金额' },
        ]);
      }
    }
    return this.apply(
      doc,
      actor,
      'collective_decision',
      input.minutes || (input.approved ? '集体研究同意救助' : '集体研究不予救助'),
      {
        stage: this.next(doc, input.approved ? 'passed' : 'rejected'),
        actors: { ...doc.actors, decisionMaker: actor.userId },
        collectiveDecision: {
          approved: input.approved,
          meetingOn,
          amountFen,
          stages,
          schedule: input.schedule ?? 'temporary',
          minutes: input.minutes,
          byUserId: actor.userId,
          at: now,
        },
        ...(input.approved ? {} : { conclusion: input.minutes || '街道领导班子集体研究不予救助' }),
      },
    );
  }

  /** §5.6 公示 posted in the applicant's village/community; the 7-day end is computed. */
  async postPublicNotice(id: string, actor: Actor, input: { postedOn: string; place: string }) {
    const doc = await this.get(id);
    requireStage(doc, ['public_notice'], '公示');
    if (doc.publicNotice) throw conflict('ALREADY_RECORDED', '公示已张贴');
    const postedAt = startOfShanghaiDay(input.postedOn);
    const meetingOn = doc.collectiveDecision?.meetingOn ?? doc.acceptedAt;
    if (postedAt > this.clock() || postedAt < startOfShanghaiDay(shanghaiDateOf(meetingOn))) {
      throw invalidInput([
        {
          path: 'postedOn',
          code: 'INVALID_DATE',
          message: '公示日期须在集体研究之后且不晚于今天',
        },
      ]);
    }
    const endsAt = this.due('public_notice', postedAt);
    return this.apply(
      doc,
      actor,
      'public_notice',
      `在${input.place}公示，${shanghaiDateOf(endsAt)}期满`,
      {
        publicNotice: {
          postedAt,
          place: input.place,
          endsAt,
          byUserId: actor.userId,
          objection: null,
        },
      },
    );
  }

  /** §5.7 an objection during 公示 sends the case back to investigation. */
  async objection(id: string, actor: Actor, content: string) {
    const doc = await this.get(id);
    requireStage(doc, ['public_notice'], '公示异议');
    const notice = requireNotice(doc);
    const now = this.clock();
    return this.apply(doc, actor, 'objection', content, {
      stage: this.next(doc, 'objection'),
      publicNotice: { ...notice, objection: { content, byUserId: actor.userId, at: now } },
    });
  }

  /** §5.7 no objection after the full 公示 → approval; publishes AssistanceApproved (outbox). */
  async approve(id: string, actor: Actor) {
    const doc = await this.get(id);
    const hash = requestHash(actor.userId, { outcome: 'no_objection' });
    const retried = this.retriedApproval(doc, actor, hash);
    if (retried) return retried;
    requireStage(doc, ['public_notice'], '审批');
    const notice = requireNotice(doc);
    const checked = checkPublicNotice(
      { postedAt: notice.postedAt, endedAt: this.clock(), objection: false },
      this.policy,
    );
    if (!checked.ok) throw conflict(checked.code, checked.reason);
    return this.approveNow(doc, actor, 'no_objection', '公示期满无异议，审批同意', hash);
  }

  /** §5.7 after re-investigation: conclude (不予救助) or continue to approval. */
  async afterReinvestigation(
    id: string,
    actor: Actor,
    input: { proceed: boolean; reason: string },
  ) {
    const doc = await this.get(id);
    const hash = requestHash(actor.userId, { outcome: 'continue', ...input });
    if (input.proceed) {
      const retried = this.retriedApproval(doc, actor, hash);
      if (retried) return retried;
    }
    requireStage(doc, ['reinvestigation'], input.proceed ? '继续审批' : '办结');
    const objectedAt = doc.publicNotice?.objection?.at;
    const last = doc.investigations[doc.investigations.length - 1];
    if (!objectedAt || !last || last.recordedAt < objectedAt) {
      throw conflict('REINVESTIGATION_REQUIRED', '公示有异议，须先重新调查核实并登记结果');
    }
    requireSeparation(doc, 'confirmation', actor, true);
    if (input.proceed) return this.approveNow(doc, actor, 'continue', input.reason, hash);
    return this.apply(doc, actor, 'concluded', input.reason, {
      stage: this.next(doc, 'concluded'),
      conclusion: input.reason,
    });
  }

  /** §5.8 filing with the discipline committee and the business department; lateness recorded. */
  async file(id: string, actor: Actor, recipients: FilingRecipient[]) {
    const doc = await this.get(id);
    requireStage(doc, ['approved'], '备案');
    const filing = doc.filing;
    const approval = doc.approval;
    if (!filing || !approval) throw conflict('STEP_OUT_OF_ORDER', '尚未审批，不能备案');
    const now = this.clock();
    const checked = checkFiling(
      { approvedAt: approval.approvedAt, filedAt: now, recipients },
      this.policy,
    );
    const late = !checked.ok && checked.violations.some((v) => v.code === 'FILING_TOO_LATE');
    if (!checked.ok) {
      const blocking = checked.violations.filter((v) => v.code !== 'FILING_TOO_LATE');
      const [first] = blocking;
      if (first) throw refusal(first.code, first.reason, blocking);
    }
    const reason = late
      ? `已报纪（工）委和业务主管部门备案（逾期，应于${shanghaiDateOf(filing.dueAt)}前备案）`
      : '已报纪（工）委和业务主管部门备案';
    return this.apply(doc, actor, 'filed', reason, {
      stage: this.next(doc, 'done'),
      filing: { ...filing, filedAt: now, recipients, late, byUserId: actor.userId },
    });
  }

  /** §5.8 approved deliberations whose filing is overdue. */
  async filingOverdue(): Promise<DeliberationDoc[]> {
    return this.store.listFilingOverdue(this.clock());
  }

  /** Deadline state for the view: democratic review, 公示 end, filing. */
  deadlines(doc: DeliberationDoc) {
    const now = this.clock();
    const state = (dueAt: Date, doneAt: Date | null | undefined) =>
      doneAt ? (doneAt > dueAt ? 'done_late' : 'done') : dueAt < now ? 'overdue' : 'pending';
    return {
      democraticReview: {
        ruleId: 'DOMAIN §5.3',
        dueAt: doc.democraticReviewDueAt,
        status: state(doc.democraticReviewDueAt, doc.democraticReview?.heldAt),
      },
      publicNotice: doc.publicNotice
        ? {
            ruleId: 'DOMAIN §5.6',
            postedAt: doc.publicNotice.postedAt,
            endsAt: doc.publicNotice.endsAt,
            status: doc.publicNotice.objection
              ? 'objection'
              : doc.publicNotice.endsAt < now
                ? 'ended'
                : 'running',
          }
        : null,
      filing: doc.filing
        ? {
            ruleId: 'DOMAIN §5.8',
            dueAt: doc.filing.dueAt,
            status: state(doc.filing.dueAt, doc.filing.filedAt),
          }
        : null,
    };
  }

  // --- R-YS-1 periodic reviews -------------------------------------------------------------

  /** Creates the review task of `period` of `year` for every approved deliberation. Idempotent. */
  async generateReviewTasks(year: number, period: number, actor: Actor) {
    const perYear = this.policy.config.caseByCase.reviewsPerYear;
    if (period < 1 || period > perYear) {
      throw invalidInput([
        {
          path: 'period',
          code: 'INVALID_PERIOD',
          message: `每年分${perYear}期复核，期次应为1至${perYear}`,
        },
      ]);
    }
    const now = this.clock();
    let created = 0;
    let existing = 0;
    let notRequired = 0;
    for (const d of await this.store.listApproved()) {
      const approvedAt = d.approval?.approvedAt;
      if (!approvedAt) continue;
      const schedule = caseByCaseReviewSchedule(
        { year, approvedAt, reviewedAt: [], asOf: now },
        this.policy.config,
      );
      const p = schedule.periods[period - 1];
      if (!p || p.status === 'not_required') {
        notRequired += 1;
        continue;
      }
      const inserted = await this.store.insertReviewTask({
        _id: reviewTaskIdOf(d._id, year, period),
        deliberationId: d._id,
        caseId: d.caseId,
        applicantName: d.applicant.name,
        regionCode: d.applicant.regionCode,
        year,
        period,
        from: p.from,
        to: p.to,
        dueAt: p.dueAt,
        status: 'due',
        result: null,
        audit: [
          { at: now, byUserId: actor.userId, action: 'generated', reason: 'R-YS-1 定期复核' },
        ],
        createdAt: now,
      });
      if (inserted) created += 1;
      else existing += 1;
    }
    return { year, period, created, existing, notRequired };
  }

  /** Tasks of one period with the figures (due, overdue, done, coverage %). */
  async reviewTasks(year: number, period: number, status?: 'due' | 'overdue' | 'done') {
    const now = this.clock();
    const all = await this.store.listReviewTasks(year, period);
    const isOverdue = (t: PeriodicReviewDoc) => t.status === 'due' && t.dueAt < now;
    const done = all.filter((t) => t.status === 'done');
    const coverage = checkCountyReviewCoverage(
      all.map((t) => t.deliberationId),
      done.map((t) => t.deliberationId),
      this.policy.config,
    );
    const figures = {
      total: all.length,
      due: all.length - done.length,
      overdue: all.filter(isOverdue).length,
      done: done.length,
      coveragePercent: all.length === 0 ? 100 : Math.floor((done.length * 100) / all.length),
      requiredPercent: this.policy.config.caseByCase.countyReviewPercent,
      complete: coverage.ok,
    };
    const tasks = all.filter((t) =>
      status === undefined
        ? true
        : status === 'overdue'
          ? isOverdue(t)
          : status === 'done'
            ? t.status === 'done'
            : t.status === 'due',
    );
    return { figures, tasks: tasks.map((t) => ({ ...t, overdue: isOverdue(t) })) };
  }

  /** R-YS-1 the county records the review result of one task. */
  async recordReview(id: string, actor: Actor, input: { outcome: string; note: string }) {
    const task = await this.store.findReviewTask(id);
    if (!task) throw notFound('REVIEW_TASK_NOT_FOUND', '未找到该复核任务');
    if (task.status === 'done') throw conflict('REVIEW_TASK_DONE', '该复核任务已登记结果');
    const now = this.clock();
    const ok = await this.store.completeReviewTask(
      id,
      { outcome: input.outcome, note: input.note, byUserId: actor.userId, reviewedAt: now },
      { at: now, byUserId: actor.userId, action: 'reviewed', reason: input.note || input.outcome },
    );
    if (!ok) throw conflict('REVIEW_TASK_DONE', '该复核任务已登记结果');
    return (await this.store.findReviewTask(id)) as PeriodicReviewDoc;
  }

  // --- internals ---------------------------------------------------------------------------

  private retriedApproval(
    doc: DeliberationDoc,
    actor: Actor,
    hash: string,
  ): DeliberationDoc | undefined {
    // A retried approval by the same approver returns the approval already made (no 2nd event);
    // the same approver replaying with other content gets a clear conflict instead.
    if (!(doc.stage === 'approved' || doc.stage === 'filed')) return undefined;
    if (doc.approval?.approverId !== actor.userId) return undefined;
    if (!isSameRequest(doc.approval.requestHash, hash)) {
      throw conflict(
        'REQUEST_REPLAY_MISMATCH',
        '该“一事一议”已按不同内容审批，重复提交的内容与原审批不符',
      );
    }
    return doc;
  }

  private async approveNow(
    doc: DeliberationDoc,
    actor: Actor,
    outcome: 'no_objection' | 'continue',
    reason: string,
    hash: string,
  ) {
    requireSeparation(doc, 'confirmation', actor, true);
    const decision = doc.collectiveDecision;
    if (!decision?.approved) throw conflict('STEP_OUT_OF_ORDER', '集体研究未同意救助，不能审批');
    requirePayee(doc.applicant.citizenCardNo, 'applicant.citizenCardNo');
    const now = this.clock();
    const approvalId = randomUUID();
    const schedule =
      decision.schedule === 'monthly'
        ? PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY
        : PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY;
    const instalments = this.planInstalments(approvalId, schedule, decision.stages, now);
    const key = doc.applicationId ?? doc._id;
    const payload: AssistanceApproved = {
      approvalId,
      caseId: doc.caseId ?? doc._id,
      applicationId: key,
      item: itemOfCode(doc.item),
      schedule,
      recipient: { ...doc.applicant },
      streetCode: doc.applicant.regionCode,
      level: ApprovalLevel.APPROVAL_LEVEL_CASE_BY_CASE,
      approverId: actor.userId,
      approvedAt: now,
      instalments: instalments.map((i) => ({ ...i })),
    };
    const entry = outboxEvent(
      Topics.assistanceApproved,
      payload,
      { key, correlationId: key, occurredAt: now },
      producer,
    );
    return this.apply(
      doc,
      actor,
      'approved',
      `${reason}（一事一议，DOMAIN §5.7）`,
      {
        stage: this.next(doc, outcome),
        approval: {
          approvalId,
          amountFen: decision.amountFen,
          approverId: actor.userId,
          approvedAt: now,
          instalments,
          requestHash: hash,
        },
        filing: {
          dueAt: this.due('case_by_case_filing', now),
          filedAt: null,
          recipients: [],
          late: false,
          byUserId: null,
        },
      },
      [entry],
    );
  }

  private next(doc: DeliberationDoc, outcome: CaseByCaseOutcome): DeliberationStage {
    const t = nextCaseByCaseStage(doc.stage, outcome);
    if (!t.ok) throw conflict('STEP_OUT_OF_ORDER', t.reason);
    return t.next;
  }

  private due(kind: ClockKind, from: Date): Date {
    const due = this.policy.clocks.deadline(kind, from);
    if (!due.ok) throw conflict(due.code, due.reason);
    return due.dueAt;
  }

  private async apply(
    doc: DeliberationDoc,
    actor: Actor,
    action: DeliberationAction,
    reason: string,
    changes: DeliberationChanges,
    outbox: OutboxEntry[] = [],
  ): Promise<DeliberationDoc> {
    const audit = {
      at: this.clock(),
      byUserId: actor.userId,
      action,
      fromStage: doc.stage,
      toStage: changes.stage ?? doc.stage,
      reason,
    };
    if (!(await this.store.transition(doc, changes, audit, outbox))) {
      throw conflict('DELIBERATION_CHANGED', '该事项已被他人更新，请刷新后重试');
    }
    return this.get(doc._id);
  }
}

function requireStage(
  doc: DeliberationDoc,
  allowed: readonly DeliberationStage[],
  stepZh: string,
): void {
  if (!allowed.includes(doc.stage)) {
    throw conflict(
      'STEP_OUT_OF_ORDER',
      `当前环节为“${STAGE_ZH[doc.stage]}”，不能办理“${stepZh}”（DOMAIN §5 须按程序依次办理）`,
    );
  }
}

function requireNotice(doc: DeliberationDoc): NonNullable<DeliberationDoc['publicNotice']> {
  if (!doc.publicNotice) throw conflict('PUBLIC_NOTICE_NOT_POSTED', '尚未张贴公示');
  return doc.publicNotice;
}

/**
 * Separation of duties (R-AP-1 applied to §5): 受理 / 社会事务办负责人审核 / 集体研究 are three
 * people. `approval` checks the final approver against the first two only (the meeting may approve).
 */
function requireSeparation(
  doc: DeliberationDoc,
  step: ReviewStep,
  actor: Actor,
  approval = false,
): void {
  const done: ReviewActors = {
    intake: doc.actors.acceptor,
    ...(doc.actors.officeReviewer ? { first_review: doc.actors.officeReviewer } : {}),
    ...(doc.actors.decisionMaker && !approval ? { confirmation: doc.actors.decisionMaker } : {}),
  };
  const result = checkMayPerformStep(step, actor.userId, done);
  if (!result.ok) {
    throw notAllowed(
      result.code === 'SAME_PERSON_FOR_TWO_STEPS' ? 'SOD_SAME_PERSON' : result.code,
      result.reason,
    );
  }
}

function refusal(code: string, reason: string, violations: readonly PolicyViolation[]): AppError {
  return new AppError(
    'conflict',
    code,
    reason,
    violations.map((v) => ({ path: '', code: v.code, message: v.reason })),
  );
}
