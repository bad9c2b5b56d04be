// Translates one event about an application into the fact it adds and the line it writes in the
// application's history. Pure: no I/O; the texts carry no personal data (no names, ID or card
// numbers, no officers' free-text notes).
import {
  assistanceItemCode,
  AssistanceItem,
  EscalationLevel,
  PaidVia,
  PartCancelReason,
  PartOutcome,
  ReviewStatus,
  Topics,
  type DecodedEvent,
} from '@jh/contracts';
import { fen, formatYuan } from '@jh/domain-money';
import { findAssistanceItem, instalmentKey } from '@jh/domain-policy';
import {
  mergeApproval,
  mergePaid,
  mergePart,
  mergeReview,
  type CaseFacts,
  type PartOutcomeCode,
  type ReviewStatusCode,
} from './progress.facts';

/** Events intake follows to answer "where is my application?". */
export const progressEventTypes = [
  Topics.partDispatched,
  Topics.partAccepted,
  Topics.partReported,
  Topics.partTransferRequested,
  Topics.partCancelled,
  Topics.partOverdue,
  Topics.reviewProgressed,
  Topics.assistanceApproved,
  Topics.instalmentPaid,
] as const;

export interface Applied {
  facts: CaseFacts;
  /** Chinese history line; undefined when the event is not worth a line (an at-risk reminder). */
  text?: string;
  /** When it happened (the producer's business time). */
  at: Date;
}

export const itemZh = (item: AssistanceItem) =>
  findAssistanceItem(assistanceItemCode(item))?.nameZh ?? '救助';

const OUTCOME: Partial<Record<PartOutcome, { code: PartOutcomeCode; zh: string }>> = {
  [PartOutcome.PART_OUTCOME_GRANTED]: { code: 'granted', zh: '予以救助' },
  [PartOutcome.PART_OUTCOME_REJECTED]: { code: 'rejected', zh: '不予救助' },
  [PartOutcome.PART_OUTCOME_NOT_APPLICABLE]: { code: 'not_applicable', zh: '不适用' },
  [PartOutcome.PART_OUTCOME_REFERRED]: { code: 'referred', zh: '已转办或转介' },
};

const REVIEW_STATUS: Partial<Record<ReviewStatus, ReviewStatusCode>> = {
  [ReviewStatus.REVIEW_STATUS_ACCEPTED]: 'accepted',
  [ReviewStatus.REVIEW_STATUS_UNDER_CHECK]: 'under_check',
  [ReviewStatus.REVIEW_STATUS_AWAITING_CONFIRMATION]: 'awaiting_confirmation',
  [ReviewStatus.REVIEW_STATUS_APPROVED]: 'approved',
  [ReviewStatus.REVIEW_STATUS_REJECTED]: 'rejected',
  [ReviewStatus.REVIEW_STATUS_WITHDRAWN]: 'withdrawn',
};

const yuan = (amountFen: number) => formatYuan(fen(amountFen));
const time = (d: Date | undefined, fallback: Date) => d ?? fallback;

/**
 * Applies one event to the facts. `occurredAt` is the envelope's time (used when the payload has
 * none); `departmentName` turns a department code into its Chinese name (R-JH-2: configuration).
 * Answers undefined for an event type intake does not follow.
 */
export function applyProgressEvent(
  facts: CaseFacts,
  event: DecodedEvent,
  occurredAt: Date,
  departmentName: (code: string) => string,
): Applied | undefined {
  switch (event.type) {
    case Topics.partDispatched: {
      const p = event.payload;
      return {
        facts: mergePart(facts, {
          partId: p.partId,
          department: p.department,
          state: 'dispatched',
          outcome: '',
        }),
        text: `已分送${departmentName(p.department)}协同办理`,
        at: time(p.dispatchedAt, occurredAt),
      };
    }
    case Topics.partAccepted: {
      const p = event.payload;
      return {
        facts: mergePart(facts, {
          partId: p.partId,
          department: p.department,
          state: 'accepted',
          outcome: '',
        }),
        text: `${departmentName(p.department)}已接办`,
        at: time(p.acceptedAt, occurredAt),
      };
    }
    case Topics.partReported: {
      const p = event.payload;
      const outcome = OUTCOME[p.outcome];
      const amount = p.amountFen > 0 ? `，金额 ${yuan(p.amountFen)}` : '';
      return {
        facts: mergePart(facts, {
          partId: p.partId,
          department: p.department,
          state: 'reported',
          outcome: outcome?.code ?? '',
        }),
        text: `${departmentName(p.department)}已反馈办理结果：${outcome?.zh ?? '已办结'}${amount}`,
        at: time(p.reportedAt, occurredAt),
      };
    }
    case Topics.partTransferRequested: {
      const p = event.payload;
      return {
        facts,
        text: `${departmentName(p.department)}申请转办，等待民政部门协调`,
        at: time(p.requestedAt, occurredAt),
      };
    }
    case Topics.partCancelled: {
      const p = event.payload;
      const why =
        p.reason === PartCancelReason.PART_CANCEL_REASON_TRANSFERRED ? '已转办其他部门' : '已撤回';
      return {
        facts: mergePart(facts, {
          partId: p.partId,
          department: p.department,
          state: 'cancelled',
          outcome: '',
        }),
        text: `${departmentName(p.department)}的协同事项${why}`,
        at: time(p.cancelledAt, occurredAt),
      };
    }
    case Topics.partOverdue: {
      const p = event.payload;
      const at = time(p.detectedAt, occurredAt);
      if (p.level === EscalationLevel.ESCALATION_LEVEL_COORDINATOR) {
        return { facts, text: `${departmentName(p.department)}办理超时，协调员督办中`, at };
      }
      if (p.level === EscalationLevel.ESCALATION_LEVEL_NOTICE) {
        return { facts, text: `${departmentName(p.department)}办理超时，已通报`, at };
      }
      // At-risk reminders are internal to the department.
      return { facts, at };
    }
    case Topics.reviewProgressed: {
      const p = event.payload;
      const status = REVIEW_STATUS[p.status];
      return {
        facts: status
          ? mergeReview(facts, {
              reviewId: p.reviewId,
              item: itemZh(p.item),
              status,
              sequence: p.sequence,
            })
          : facts,
        text: p.summary || `${itemZh(p.item)}审核有新进展`,
        at: time(p.occurredAt, occurredAt),
      };
    }
    case Topics.assistanceApproved: {
      const p = event.payload;
      const amountFen = p.instalments.reduce((sum, i) => sum + i.amountFen, 0);
      return {
        facts: mergeApproval(facts, {
          approvalId: p.approvalId,
          item: itemZh(p.item),
          instalments: p.instalments.length,
          amountFen,
        }),
        text: `${itemZh(p.item)}已批准，共 ${p.instalments.length} 期，合计 ${yuan(amountFen)}`,
        at: time(p.approvedAt, occurredAt),
      };
    }
    case Topics.instalmentPaid: {
      const p = event.payload;
      const approval = facts.approvals.find((a) => a.approvalId === p.approvalId);
      const via = p.paidVia === PaidVia.PAID_VIA_STREET ? '已由街道代为发放' : '已发放至市民卡';
      return {
        facts: mergePaid(facts, {
          key: instalmentKey(p.approvalId, p.instalmentNumber),
          approvalId: p.approvalId,
          number: p.instalmentNumber,
          amountFen: p.amountFen,
        }),
        text: `${approval?.item ?? '救助金'}第 ${p.instalmentNumber} 期 ${yuan(p.amountFen)}${via}`,
        at: time(p.paidAt, occurredAt),
      };
    }
    default:
      return undefined;
  }
}

/** The application an event is about (every followed event carries it). */
export function applicationIdOf(event: DecodedEvent): string | undefined {
  const payload = event.payload as { applicationId?: unknown };
  return typeof payload.applicationId === 'string' && payload.applicationId !== ''
    ? payload.applicationId
    : undefined;
}
