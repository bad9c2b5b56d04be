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
  /** Length of the document's outbox when it was read: a longer one got entries since. */
  outboxLength: number;
  entry: OutboxEntry;
}

/**
 * Storage side of the outbox relay (ADR 0014), for any model whose documents embed
 * `outbox: OutboxEntry[]`. Nothing here scans a collection.
 */
export interface OutboxSource {
  /** The unsent entries of these documents, each read by `_id` (the in-process kick). */
  pendingOf(documentIds: readonly string[]): Promise<PendingOutbox[]>;
  /** Safety net: documents flagged as holding unsent entries, found through an index. */
  pending(limit: number): Promise<PendingOutbox[]>;
  /**
   * Marks entries of ONE document sent, in one single-document update; given all the entries that
   * were unsent when it was read, it also clears the document's pending flag unless more came since.
   */
  markSent(documentId: string, entries: PendingOutbox[], at: Date): Promise<void>;
  /** `markSent` for several documents, in as few round trips as the store allows. */
  markSentMany?(
    documents: { documentId: string; entries: PendingOutbox[] }[],
    at: Date,
  ): Promise<void>;
  /**
   * Calls `listener` with the `_id` of each document a write gave outbox entries to (`undefined`
   * when a write cannot name them, e.g. an update of many).
   */
  onWrite?(listener: (documentId: string | undefined) => void): () => void;
}
