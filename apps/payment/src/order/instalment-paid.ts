// jh.payment.instalment_paid.v1: announced when an order's money reached the recipient (confirmed
// by the card platform, or paid by the street), so the window can tell the applicant (R-JH-1,
// R-JH-5). The entry goes into the order's own outbox in the same update as the status (ADR 0004).
import { PaidVia, Topics, type InstalmentPaid } from '@jh/contracts';
import {
  outboxEvent,
  type OutboxEntry,
  type OutboxSource,
  type PendingOutbox,
} from '@jh/platform-kafka';
import { mongoOutboxSource, unsentEntries } from '@jh/platform-mongo';
import type { ServiceContext } from '@jh/platform-service';
import type { Model } from 'mongoose';
import { settledStatuses, type OrderStatus, type PaymentOrderDoc } from './order.model';

/** True when a move from `from` to `to` is the one where the money arrived. */
export const settles = (from: OrderStatus, to: OrderStatus) =>
  settledStatuses.includes(to) && !settledStatuses.includes(from);

/** The outbox entry for an order that has just been paid; no card or ID number in it. */
export function instalmentPaidEntry(
  order: Pick<
    PaymentOrderDoc,
    '_id' | 'approvalId' | 'caseId' | 'applicationId' | 'instalmentNumber' | 'amountFen'
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
    { key, correlationId: key, occurredAt: at },
    'payment',
  );
}

/**
 * Outbox source for payment orders. The order collection holds up to a million documents and the
 * local engine scans on any filter but `_id`, so the relay does not poll it: the store notes each
 * order it wrote an entry on and the relay reads just those by `_id`. A full sweep at start and every
 * `sweepMs` publishes what a crash left between the write and the note.
 */
export class PaidEventOutbox implements OutboxSource {
  private readonly noted = new Set<string>();
  private readonly sweep: OutboxSource;
  private nextSweepAt = 0;

  constructor(
    private readonly model: Model<PaymentOrderDoc>,
    private readonly sweepMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.sweep = mongoOutboxSource(model);
  }

  /** The store wrote an outbox entry on this order. */
  note(orderId: string): void {
    this.noted.add(orderId);
  }

  async pending(limit: number): Promise<PendingOutbox[]> {
    const now = this.clock().getTime();
    if (now >= this.nextSweepAt) {
      const swept = await this.sweep.pending(limit);
      // A full batch means more may be waiting: sweep again on the next pass.
      this.nextSweepAt = swept.length >= limit ? 0 : now + this.sweepMs;
      return swept;
    }
    // An id stays noted until its entries are marked sent: a failed publish is retried next pass.
    const ids = [...this.noted].slice(0, limit);
    const docs = await Promise.all(ids.map((id) => this.model.findById(id, { outbox: 1 }).exec()));
    const found = docs.flatMap((doc) => (doc ? unsentEntries(doc) : []));
    const withWork = new Set(found.map((p) => p.documentId));
    for (const id of ids) if (!withWork.has(id)) this.noted.delete(id);
    return found;
  }

  async markSent(documentId: string, entries: PendingOutbox[], at: Date): Promise<void> {
    await this.sweep.markSent(documentId, entries, at);
    this.noted.delete(documentId);
  }
}

/** The outbox source and its relay; the store notes orders on the returned source. */
export function startPaidEvents(deps: {
  model: Model<PaymentOrderDoc>;
  sweepMs: number;
  relayOutbox: ServiceContext['relayOutbox'];
}): PaidEventOutbox {
  const source = new PaidEventOutbox(deps.model, deps.sweepMs);
  deps.relayOutbox(source);
  return source;
}
