/** Outbox data shapes, shared by the envelope builder and the relay (kept apart so neither imports the other). */

/**
 * An outbox entry embedded in the aggregate document, written in the same single-document
 * update as the state change: no transaction needed, and nothing is published for a write that failed.
 */
export interface OutboxEntry {
  eventId: string;
  topic: string;
  key: string;
  type: string;
  /** Encoded protobuf payload of the event. */
  payload: Buffer;
  correlationId: string;
  causationId: string;
  traceparent: string;
  occurredAt: Date;
  sentAt: Date | null;
}

export interface PendingOutbox {
  documentId: string;
  /** Position in the document's outbox array (entries are only ever appended). */
  index: number;
  entry: OutboxEntry;
}

/** Storage side of the outbox relay, for any model whose documents embed `outbox: OutboxEntry[]`. */
export interface OutboxSource {
  pending(limit: number): Promise<PendingOutbox[]>;
  /** Marks entries of ONE document sent, in one single-document update. */
  markSent(documentId: string, entries: PendingOutbox[], at: Date): Promise<void>;
}
