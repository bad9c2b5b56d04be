import type { Model, UpdateQuery } from 'mongoose';
import { Schema } from 'mongoose';
import type { OutboxEntry, OutboxSource, PendingOutbox } from '@jh/platform-kafka';

// The outbox contract belongs to the relay (platform-kafka); this is its MongoDB storage.
export type { OutboxEntry, OutboxSource, PendingOutbox } from '@jh/platform-kafka';

/** Schema of one embedded outbox entry; the aggregate embeds `outbox: [outboxEntrySchema]`. */
export const outboxEntrySchema = new Schema<OutboxEntry>(
  {
    eventId: { type: String, required: true },
    topic: { type: String, required: true },
    key: { type: String, required: true },
    type: { type: String, required: true },
    payload: { type: Buffer, required: true },
    correlationId: { type: String, default: '' },
    causationId: { type: String, default: '' },
    traceparent: { type: String, default: '' },
    occurredAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { _id: false },
);

/** The entries of one (hydrated) document the relay has not published yet. */
export function unsentEntries(doc: { _id: unknown; get(path: string): unknown }): PendingOutbox[] {
  return ((doc.get('outbox') as OutboxEntry[] | undefined) ?? []).flatMap(
    (entry, index): PendingOutbox[] =>
      entry.sentAt
        ? []
        : [
            {
              documentId: String(doc._id),
              index,
              entry: {
                eventId: entry.eventId,
                topic: entry.topic,
                key: entry.key,
                type: entry.type,
                payload: Buffer.from(entry.payload),
                correlationId: entry.correlationId,
                causationId: entry.causationId,
                traceparent: entry.traceparent,
                occurredAt: entry.occurredAt,
                sentAt: null,
              },
            },
          ],
  );
}

export function mongoOutboxSource<T extends { outbox?: OutboxEntry[] }>(
  model: Model<T>,
): OutboxSource {
  return {
    // `{'outbox.sentAt': null}` would also match documents with an empty outbox (most of them, in
    // a worklist) and starve the batch; an explicit BSON null (`$type: 10`) works on both engines.
    // FerretDB 1.x matches nothing with $elemMatch against null.
    async pending(limit) {
      // Hydrated (not lean) so payloads come back as Buffers on every engine.
      const docs = await model
        .find({ 'outbox.sentAt': { $type: 10 } } as Record<string, unknown>, { outbox: 1 })
        .limit(limit)
        .exec();
      return docs.flatMap((doc) => unsentEntries(doc));
    },
    async markSent(documentId, entries, at) {
      // Index paths instead of the positional `$` operator, which FerretDB 1.x does not support;
      // each index is guarded by its event id in the filter.
      const filter: Record<string, unknown> = { _id: documentId };
      const set: Record<string, Date> = {};
      for (const { index, entry } of entries) {
        filter[`outbox.${index}.eventId`] = entry.eventId;
        set[`outbox.${index}.sentAt`] = at;
      }
      await model.updateOne(filter, { $set: set } as UpdateQuery<T>).exec();
    },
  };
}
