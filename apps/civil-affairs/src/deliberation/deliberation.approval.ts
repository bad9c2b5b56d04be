import type { ScopeQuery } from '../access';
import { randomUUID } from 'node:crypto';
import { PaymentSchedule } from '@jh/contracts';
import { shanghaiDateOf } from '@jh/domain-calendar';
import { checkFiling, checkPublicNotice, type FilingRecipient } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict } from '@jh/platform-errors';
import { isSameRequest, requestHash } from '@jh/platform-http';
import { assistanceApprovedEntry } from '../approval/assistance-approved';
import { instalmentsFor } from '../approval/instalments';
import { requirePayee } from '../approval/payee';
import type { DeliberationDoc } from './deliberation.model';
import type { DeliberationRecorder } from './deliberation.recorder';
import { refusal, requireNotice, requireSeparation, requireStage } from './deliberation.rules';

/** DOMAIN §5.7–5.8: approval after the 公示 (publishes AssistanceApproved), filing, deadlines. */
export class DeliberationApproval {
  constructor(private readonly d: DeliberationRecorder) {}

  /** §5.7 no objection after the full 公示 → approval; publishes AssistanceApproved (outbox). */
  async approve(id: string, actor: Actor) {
    const doc = await this.d.get(id);
    const hash = requestHash(actor.userId, { outcome: 'no_objection' });
    const retried = this.retriedApproval(doc, actor, hash);
    if (retried) return retried;
    requireStage(doc, ['public_notice'], '审批');
    const notice = requireNotice(doc);
    const checked = checkPublicNotice(
      { postedAt: notice.postedAt, endedAt: this.d.clock(), objection: false },
      this.d.policy,
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
    const doc = await this.d.get(id);
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
    return this.d.apply(doc, actor, 'concluded', input.reason, {
      stage: this.d.next(doc, 'concluded'),
      conclusion: input.reason,
    });
  }

  /** §5.8 filing with the discipline committee and the business department; lateness recorded. */
  async file(id: string, actor: Actor, recipients: FilingRecipient[]) {
    const doc = await this.d.get(id);
    requireStage(doc, ['approved'], '备案');
    const filing = doc.filing;
    const approval = doc.approval;
    if (!filing || !approval) throw conflict('STEP_OUT_OF_ORDER', '尚未审批，不能备案');
    const now = this.d.clock();
    const checked = checkFiling(
      { approvedAt: approval.approvedAt, filedAt: now, recipients },
      this.d.policy,
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
    return this.d.apply(doc, actor, 'filed', reason, {
      stage: this.d.next(doc, 'done'),
      filing: { ...filing, filedAt: now, recipients, late, byUserId: actor.userId },
    });
  }

  /** §5.8 approved deliberations whose filing is overdue. */
  async filingOverdue(scope: ScopeQuery): Promise<DeliberationDoc[]> {
    return this.d.store.listFilingOverdue(this.d.clock(), scope);
  }

  /** Deadline state for the view: democratic review, 公示 end, filing. */
  deadlines(doc: DeliberationDoc) {
    const now = this.d.clock();
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
    const now = this.d.clock();
    const approvalId = randomUUID();
    const schedule =
      decision.schedule === 'monthly'
        ? PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY
        : PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY;
    const instalments = instalmentsFor(this.d.policy, approvalId, schedule, decision.stages, now);
    const key = doc.applicationId ?? doc._id;
    const { name, idNumber, citizenCardNo, regionCode } = doc.applicant;
    const entry = assistanceApprovedEntry(
      {
        approvalId,
        caseId: doc.caseId ?? doc._id,
        applicationId: key,
        item: doc.item,
        schedule,
        recipient: { name, idNumber, citizenCardNo, regionCode },
        streetCode: doc.applicant.regionCode,
        level: 'case_by_case',
        approverId: actor.userId,
        approvedAt: now,
        instalments,
      },
      key,
      doc.traceparent || undefined,
    );
    return this.d.apply(
      doc,
      actor,
      'approved',
      `${reason}（一事一议，DOMAIN §5.7）`,
      {
        stage: this.d.next(doc, outcome),
        approval: {
          approvalId,
          amountFen: decision.amountFen,
          approverId: actor.userId,
          approvedAt: now,
          instalments,
          requestHash: hash,
        },
        filing: {
          dueAt: this.d.due('case_by_case_filing', now),
          filedAt: null,
          recipients: [],
          late: false,
          byUserId: null,
        },
      },
      [entry],
    );
  }
}
