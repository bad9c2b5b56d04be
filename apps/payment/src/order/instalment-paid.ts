// jh.payment.instalment_paid.v1: announced when an order's money reached the recipient (confirmed
// by the card platform, or paid by the street), so the window can tell the applicant (R-JH-1,
// R-JH-5). The entry goes into the order's own outbox in the same update as the status (ADR 0004).
import { PaidVia, Topics, type InstalmentPaid } from '@jh/contracts';
import { outboxEvent, type OutboxEntry } from '@jh/platform-kafka';
import { settledStatuses, type OrderStatus, type PaymentOrderDoc } from './order.model';

/** True when a move from `from` to `to` is the one where the money arrived. */
export const settles = (from: OrderStatus, to: OrderStatus) =>
  settledStatuses.includes(to) && !settledStatuses.includes(from);

/** The outbox entry for an order that has just been paid; no card or ID number in it. */
export function instalmentPaidEntry(
  order: Pick<
    PaymentOrderDoc,
    | '_id'
    | 'approvalId'
    | 'caseId'
    | 'applicationId'
    | 'instalmentNumber'
    | 'amountFen'
    | 'traceparent'
  >,
  to: OrderStatus,
  at: Date,
): OutboxEntry {
  const payload: InstalmentPaid = {
    orderId: order._id,
    approvalId: order.approvalId,
    caseId: order.caseId,
    applicationId: order.applicationId,
    instalmentNumber: order.instalmentNumber,
    amountFen: order.amountFen,
    paidVia: to === 'paid_by_street' ? PaidVia.PAID_VIA_STREET : PaidVia.PAID_VIA_CITIZEN_CARD,
    paidAt: at,
  };
  // Monthly batch orders of applications registered elsewhere may lack an application id.
  const key = order.applicationId || order.approvalId;
  return outboxEvent(
    Topics.instalmentPaid,
    payload,
    {
      key,
      correlationId: key,
      occurredAt: at,
      // A callback is a request of its own; the event joins the application's trace.
      ...(order.traceparent ? { traceparent: order.traceparent } : {}),
    },
    'payment',
  );
}
