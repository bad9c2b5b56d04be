import { shanghaiDateOf, startOfShanghaiDay } from '@jh/domain-calendar';
import { checkDemocraticReview, type DeliberationParticipant } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict, invalidInput, type FieldError } from '@jh/platform-errors';
import { requireStagesSum } from '../approval/instalments';
import type { InvestigationDoc, PaymentScheduleCode } from './deliberation.model';
import type { DeliberationRecorder } from './deliberation.recorder';
import { refusal, requireNotice, requireSeparation, requireStage } from './deliberation.rules';

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

/** DOMAIN §5.2–5.7 up to the 公示 and its objection: investigation, 评议, 审核, 集体研究. */
export class DeliberationProcedure {
  constructor(private readonly d: DeliberationRecorder) {}

  /** §5.2 economic check + home visit; in `reinvestigation` it records the re-investigation (§5.7). */
  async investigate(id: string, actor: Actor, input: InvestigationInput) {
    const doc = await this.d.get(id);
    requireStage(doc, ['investigation', 'reinvestigation'], '调查核实');
    const now = this.d.clock();
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
      return this.d.apply(doc, actor, 'reinvestigated', '公示有异议，重新调查核实', {
        investigations,
      });
    }
    return this.d.apply(doc, actor, 'investigated', '家庭经济状况核对和入户调查已完成', {
      stage: this.d.next(doc, 'done'),
      investigations,
    });
  }

  /** §5.3 民主评议: within 5 working days of acceptance, ≥ 12 participants, 纪工委 observer. */
  async democraticReview(
    id: string,
    actor: Actor,
    input: { heldAt: Date; participants: DeliberationParticipant[]; minutes: string },
  ) {
    const doc = await this.d.get(id);
    requireStage(doc, ['democratic_review'], '民主评议');
    const now = this.d.clock();
    if (input.heldAt > now) {
      throw invalidInput([
        { path: 'heldAt', code: 'INVALID_DATE', message: '民主评议时间不能晚于当前时间' },
      ]);
    }
    const result = checkDemocraticReview(
      { acceptedAt: doc.acceptedAt, heldAt: input.heldAt, participants: input.participants },
      this.d.policy,
    );
    if (!result.ok) throw refusal(result.code, result.reason, result.violations);
    return this.d.apply(
      doc,
      actor,
      'democratic_review',
      `民主评议已召开，参会${result.participantCount}人，纪（工）委派员监督`,
      {
        stage: this.d.next(doc, 'done'),
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
    const doc = await this.d.get(id);
    requireStage(doc, ['office_review'], '社会事务办负责人审核');
    requireSeparation(doc, 'first_review', actor);
    const next = this.d.next(doc, input.passed ? 'passed' : 'rejected');
    return this.d.apply(
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
          at: this.d.clock(),
        },
        ...(input.passed ? {} : { conclusion: input.opinion || '社会事务办负责人审核不通过' }),
      },
    );
  }

  /** §5.5 collective decision of the street leadership meeting: decision, amount, instalments. */
  async collectiveDecision(id: string, actor: Actor, input: DecisionInput) {
    const doc = await this.d.get(id);
    requireStage(doc, ['collective_decision'], '集体研究');
    requireSeparation(doc, 'confirmation', actor);
    const now = this.d.clock();
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
      requireStagesSum(stages, amountFen, '各期金额之和须等于救助金额');
    }
    return this.d.apply(
      doc,
      actor,
      'collective_decision',
      input.minutes || (input.approved ? '集体研究同意救助' : '集体研究不予救助'),
      {
        stage: this.d.next(doc, input.approved ? 'passed' : 'rejected'),
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
    const doc = await this.d.get(id);
    requireStage(doc, ['public_notice'], '公示');
    if (doc.publicNotice) throw conflict('ALREADY_RECORDED', '公示已张贴');
    const postedAt = startOfShanghaiDay(input.postedOn);
    const meetingOn = doc.collectiveDecision?.meetingOn ?? doc.acceptedAt;
    if (postedAt > this.d.clock() || postedAt < startOfShanghaiDay(shanghaiDateOf(meetingOn))) {
      throw invalidInput([
        {
          path: 'postedOn',
          code: 'INVALID_DATE',
          message: '公示日期须在集体研究之后且不晚于今天',
        },
      ]);
    }
    const endsAt = this.d.due('public_notice', postedAt);
    return this.d.apply(
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
    const doc = await this.d.get(id);
    requireStage(doc, ['public_notice'], '公示异议');
    const notice = requireNotice(doc);
    const now = this.d.clock();
    return this.d.apply(doc, actor, 'objection', content, {
      stage: this.d.next(doc, 'objection'),
      publicNotice: { ...notice, objection: { content, byUserId: actor.userId, at: now } },
    });
  }
}
