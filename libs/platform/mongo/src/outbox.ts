import type { Model, UpdateQuery } from 'mongoose';
import { Schema } from 'mongoose';
import type { OutboxEntry, OutboxSource } from '@jh/platform-kafka';

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

export function mongoOutboxSource<T extends { outbox: OutboxEntry[] }>(
  model: Model<T>,
): OutboxSource {
  return {
    // FerretDB 1.x matches nothing with $elemMatch against null; the dotted path works on both.
    async pending(limit) {
      const docs = await model
        .find({ 'outbox.sentAt': null } as Record<string, unknown>, { outbox: 1 })
        .limit(limit)
        .lean<{ _id: unknown; outbox?: OutboxEntry[] }[]>()
        .exec();
      return docs.flatMap((d) =>
        (d.outbox ?? []).flatMap((entry, index) =>
          entry.sentAt === null || entry.sentAt === undefined
            ? [
                {
                  documentId: String(d._id),
                  index,
                  entry: { ...entry, payload: toBuffer(entry.payload) },
                },
              ]
            : [],
        ),
      );
    },
    async markSent({ documentId, index, entry }, at) {
      // Index paths instead of the positional `$` operator, which FerretDB 1.x does not support.
      await model
        .updateOne(
          { _id: documentId, [`outbox.${index}.eventId`]: entry.eventId } as Record<
            string,
            unknown
          >,
          { $set: { [`outbox.${index}.sentAt`]: at } } as UpdateQuery<T>,
        )
        .exec();
    },
  };
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const binary = value as { buffer?: ArrayBufferLike | Uint8Array; value?: () => Uint8Array };
  if (binary && typeof binary.value === 'function') return Buffer.from(binary.value());
  if (binary?.buffer) return Buffer.from(binary.buffer as Uint8Array);
  throw new Error('outbox payload is not binary');
}
