// Turns one event about an application into its timeline line. Pure: no I/O. Titles carry no
// personal data (no names, ID, phone or card numbers, no officers' free-text notes).
import {
  assistanceItemCode,
  EscalationLevel,
  PaidVia,
  PartCancelReason,
  PartOutcome,
  SlaClockType,
  Topics,
  type AssistanceItem,
  type DecodedEvent,
  type EventEnvelope,
} from '@jh/contracts';
import { fen, formatYuan } from '@jh/domain-money';
import { findAssistanceItem } from '@jh/domain-policy';
import type { TimelineEntryDoc } from './timeline.model';

/** Events the timeline follows, from intake through the departments to payment. */
export const timelineEventTypes = [
  Topics.applicationSubmitted,
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

export type TimelineLine = Omit<TimelineEntryDoc, 'recordedAt'>;

/** A 督办 recorded on the part, found by the PartOverdue it published. */
export interface SupervisionRef {
  action: 'remind' | 'escalate';
  byUserId: string;
}

const itemZh = (item: AssistanceItem) =>
  findAssistanceItem(assistanceItemCode(item))?.nameZh ?? '救助';
const yuan = (amountFen: number) => formatYuan(fen(amountFen));

const OUTCOME_ZH: Partial<Record<PartOutcome, string>> = {
  [PartOutcome.PART_OUTCOME_GRANTED]: '予以救助',
  [PartOutcome.PART_OUTCOME_REJECTED]: '不予救助',
  [PartOutcome.PART_OUTCOME_NOT_APPLICABLE]: '不适用',
  [PartOutcome.PART_OUTCOME_REFERRED]: '已转办或转介',
};
const CLOCK_ZH: Partial<Record<SlaClockType, string>> = {
  [SlaClockType.SLA_CLOCK_TYPE_REPORT]: '反馈时限',
  [SlaClockType.SLA_CLOCK_TYPE_HANDLING]: '办理时限',
};
const LEVEL_ZH: Partial<Record<EscalationLevel, string>> = {
  [EscalationLevel.ESCALATION_LEVEL_REMINDER]: '即将到期，已提醒',
  [EscalationLevel.ESCALATION_LEVEL_COORDINATOR]: '已超时，协调员督办',
  [EscalationLevel.ESCALATION_LEVEL_NOTICE]: '超时已通报',
};

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The trace id of a W3C traceparent (`00-<trace>-<span>-<flags>`); null when absent or malformed. */
export function traceIdOf(traceparent: string | undefined): string | null {
  const match = TRACEPARENT.exec(traceparent ?? '');
  return match?.[1] && !/^0+$/.test(match[1]) ? match[1] : null;
}

const CIVIL = 'civil-affairs';
const system = (service: string) => `system:${service}`;

/**
 * The timeline line of one event; undefined for an event type the timeline does not follow or
 * one without an application id. `departmentName` turns a department code into its name.
 */
export function timelineLineOf(
  envelope: Pick<EventEnvelope, 'eventId' | 'occurredAt' | 'traceparent'>,
  event: DecodedEvent,
  departmentName: (code: string) => string,
  supervision?: SupervisionRef,
): TimelineLine | undefined {
  const fallback = envelope.occurredAt ?? new Date(0);
  const line = (
    caseId: string,
    service: string,
    kind: string,
    title: string,
    actor: string | null,
    at: Date | undefined,
  ): TimelineLine | undefined =>
    caseId === ''
      ? undefined
      : {
          _id: envelope.eventId,
          caseId,
          at: at ?? fallback,
          service,
          kind,
          title,
          actor: actor || null,
          traceId: traceIdOf(envelope.traceparent),
        };
  switch (event.type) {
    case Topics.applicationSubmitted: {
      const p = event.payload;
      const items = p.requestedItems.map(itemZh).join('、');
      const title = items ? `申请已受理：${items}` : '申请已受理';
      return line(
        p.applicationId,
        'intake',
        'application.submitted',
        title,
        p.owner?.userId ?? null,
        p.submittedAt,
      );
    }
    case Topics.partDispatched: {
      const p = event.payload;
      const title = `已分送${departmentName(p.department)}协同办理`;
      return line(p.applicationId, CIVIL, 'part.dispatched', title, system(CIVIL), p.dispatchedAt);
    }
    case Topics.partAccepted: {
      const p = event.payload;
      const title = `${departmentName(p.department)}已接件`;
      return line(p.applicationId, p.department, 'part.accepted', title, p.officerId, p.acceptedAt);
    }
    case Topics.partReported: {
      const p = event.payload;
      const amount = p.amountFen > 0 ? ` ${yuan(p.amountFen)}` : '';
      const title = `${departmentName(p.department)}已反馈：${OUTCOME_ZH[p.outcome] ?? '已办结'}${amount}`;
      return line(p.applicationId, p.department, 'part.reported', title, p.officerId, p.reportedAt);
    }
    case Topics.partTransferRequested: {
      const p = event.payload;
      const title = `${departmentName(p.department)}申请转办至${departmentName(p.suggestedDepartment)}`;
      return line(
        p.applicationId,
        p.department,
        'part.transfer_requested',
        title,
        p.officerId,
        p.requestedAt,
      );
    }
    case Topics.partCancelled: {
      const p = event.payload;
      const why =
        p.reason === PartCancelReason.PART_CANCEL_REASON_TRANSFERRED ? '已转办' : '已撤回';
      const title = `${departmentName(p.department)}的协同事项${why}`;
      return line(p.applicationId, CIVIL, 'part.cancelled', title, system(CIVIL), p.cancelledAt);
    }
    case Topics.partOverdue: {
      const p = event.payload;
      const dept = departmentName(p.department);
      const clock = CLOCK_ZH[p.clock] ?? '时限';
      if (supervision) {
        const what = supervision.action === 'remind' ? '提醒' : '升级督办';
        const title = `协调员督办：${what}${dept}（${clock}）`;
        return line(
          p.applicationId,
          CIVIL,
          'part.supervised',
          title,
          supervision.byUserId,
          p.detectedAt,
        );
      }
      const title = `${dept}${clock}${LEVEL_ZH[p.level] ?? '需关注'}`;
      return line(p.applicationId, CIVIL, 'part.overdue', title, system(CIVIL), p.detectedAt);
    }
    case Topics.reviewProgressed: {
      const p = event.payload;
      // The summary is written for applicants too: it carries no personal data (ADR 0007).
      const title = p.summary || `${itemZh(p.item)}审核有新进展`;
      return line(p.applicationId, CIVIL, 'review.progressed', title, null, p.occurredAt);
    }
    case Topics.assistanceApproved: {
      const p = event.payload;
      const total = p.instalments.reduce((sum, i) => sum + i.amountFen, 0);
      const title = `审批通过：${itemZh(p.item)}，共 ${p.instalments.length} 期，合计 ${yuan(total)}`;
      return line(p.applicationId, CIVIL, 'assistance.approved', title, p.approverId, p.approvedAt);
    }
    case Topics.instalmentPaid: {
      const p = event.payload;
      const via = p.paidVia === PaidVia.PAID_VIA_STREET ? '已由街道代为发放' : '已发放至市民卡';
      const title = `第 ${p.instalmentNumber} 期 ${yuan(p.amountFen)}${via}`;
      return line(
        p.applicationId,
        'payment',
        'instalment.paid',
        title,
        system('payment'),
        p.paidAt,
      );
    }
    default:
      return undefined;
  }
}
