import type { AuditTrail } from '@jh/platform-audit';
import type { DocumentCipher } from '@jh/platform-crypto';
import type { AuditEntry, PaymentOrderDoc } from './order.model';

/** One entry written to an order's own audit, handed on after the write succeeded. */
export interface OrderAuditRecord {
  orderId: string;
  entry: AuditEntry;
  /** Blind index of the recipient's ID number (on the order's first entries). */
  personRef?: string;
}

/** Where the stores hand each applied entry (the service's chain; nothing in tools and benches). */
export type OrderAuditSink = (record: OrderAuditRecord) => void;

/** The entries a new order was inserted with, tied to the recipient (a search by person finds it). */
export function insertedRecords(doc: PaymentOrderDoc, cipher: DocumentCipher): OrderAuditRecord[] {
  const idNumber = doc.recipient.idNumber;
  const personRef = idNumber ? cipher.blind('id-number', idNumber) : undefined;
  return doc.audit.map((entry) => ({
    orderId: doc._id,
    entry,
    ...(personRef ? { personRef } : {}),
  }));
}

/**
 * Every status change of an order on the service's hash-chained trail (R-OV-1, R-PAY-6), object
 * `orders/<id>`: the system's own moves (created, claimed, pushed, confirmed by the platform) as
 * well as staff actions, so an auditor can follow a payment nobody touched by hand. The order's
 * embedded audit is written in the same update as the change; this copy follows it.
 */
export function orderAuditChain(trail: AuditTrail): OrderAuditSink {
  return ({ orderId, entry, personRef }) =>
    trail.record({
      actor: {
        userId: entry.actor,
        roles: entry.actor.startsWith('system:') ? ['service'] : [],
      },
      action: `order.${entry.action}`,
      object: { kind: 'orders', id: orderId },
      personRefs: personRef ? [personRef] : [],
      detail: { from: entry.from ?? '-', to: entry.to, reason: entry.reason },
    });
}
