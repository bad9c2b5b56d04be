import type { Model, Query, Schema as SchemaType, UpdateQuery } from 'mongoose';
import { Schema } from 'mongoose';
import type { OutboxEntry, OutboxSource, PendingOutbox } from '@jh/platform-kafka';

// The outbox contract belongs to the relay (platform-kafka); this is its MongoDB storage (ADR 0014).
export type { OutboxEntry, OutboxSource, PendingOutbox } from '@jh/platform-kafka';

/** Schema of one embedded outbox entry; `outboxPlugin` adds `outbox: [outboxEntrySchema]`. */
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

/** Set (true) on a document while it holds unsent entries; absent otherwise, so its index stays small. */
export const OUTBOX_PENDING = 'outboxPending';

type Listener = (documentId: string | undefined) => void;
const listeners = new WeakMap<object, Set<Listener>>();
const plugged = new WeakSet<SchemaType>();

function notify(model: object | undefined, documentId: string | undefined): void {
  if (!model) return;
  for (const listener of listeners.get(model) ?? []) listener(documentId);
}

const hasUnsent = (outbox: unknown) =>
  Array.isArray(outbox) && outbox.some((e) => !(e as OutboxEntry | undefined)?.sentAt);

/** Whether an update adds outbox entries ($push/$addToSet/$set of `outbox`). */
function addsEntries(update: Record<string, unknown> | null): boolean {
  if (!update) return false;
  if ('outbox' in update) return true;
  return ['$push', '$addToSet', '$set'].some(
    (op) =>
      typeof update[op] === 'object' && update[op] !== null && 'outbox' in (update[op] as object),
  );
}

type AnyQuery = Query<unknown, unknown>;
const updateOf = (q: AnyQuery) => q.getUpdate() as Record<string, unknown> | null;
const idOf = (q: AnyQuery) => {
  const id = q.getFilter()['_id'];
  return typeof id === 'string' ? id : undefined;
};

/**
 * Gives a schema its outbox (ADR 0004, ADR 0014): `outbox: [entry]` and the indexed `outboxPending`
 * flag, which every write that adds entries sets in the same single-document write. After such a
 * write the relays of the model are told the document's `_id` in-process; the relay's safety-net
 * sweep finds flagged documents through the index instead of scanning. Writes through the raw
 * driver bypass this: aggregates with an outbox are written through their model.
 */
export function outboxPlugin(schema: SchemaType, options: { emptyByDefault?: boolean } = {}): void {
  schema.add({
    outbox: {
      type: [outboxEntrySchema],
      default: options.emptyByDefault === false ? undefined : [],
    },
    [OUTBOX_PENDING]: { type: Boolean, default: undefined },
  });
  schema.index({ [OUTBOX_PENDING]: 1 }, { sparse: true });
  plugged.add(schema);

  schema.pre('save', function () {
    if ((this.isNew || this.isModified('outbox')) && hasUnsent(this.get('outbox')))
      this.set(OUTBOX_PENDING, true);
  });
  schema.post('save', function () {
    if (this.get(OUTBOX_PENDING)) notify(this.constructor, String(this._id));
  });
  schema.pre('insertMany', function (next: () => void, docs: unknown) {
    for (const doc of (Array.isArray(docs) ? docs : [docs]) as Record<string, unknown>[]) {
      if (hasUnsent(doc['outbox'])) doc[OUTBOX_PENDING] = true;
    }
    next();
  });
  schema.post('insertMany', function (this: Model<unknown>, docs: unknown) {
    for (const doc of (Array.isArray(docs) ? docs : [docs]) as {
      _id: unknown;
      get(p: string): unknown;
    }[])
      if (doc.get(OUTBOX_PENDING)) notify(this, String(doc._id));
  });
  schema.pre<AnyQuery>(
    ['updateOne', 'findOneAndUpdate', 'updateMany'],
    { document: false, query: true },
    function () {
      if (addsEntries(updateOf(this))) this.set(OUTBOX_PENDING, true);
    },
  );
  // An updateMany cannot name its documents: `undefined` asks the relay for a sweep.
  for (const [op, byId] of [
    ['updateOne', true],
    ['updateMany', false],
  ] as const) {
    schema.post<AnyQuery>(op, { document: false, query: true }, function (res) {
      const modified = (res as { modifiedCount?: number } | null)?.modifiedCount ?? 0;
      if (addsEntries(updateOf(this)) && modified > 0)
        notify(this.model, byId ? idOf(this) : undefined);
    });
  }
  schema.post<AnyQuery>('findOneAndUpdate', { document: false, query: true }, function (res) {
    const doc = res as { _id: unknown } | null;
    if (doc && addsEntries(updateOf(this))) notify(this.model, String(doc._id));
  });
}

/** The entries of one (hydrated) document the relay has not published yet. */
export function unsentEntries(doc: { _id: unknown; get(path: string): unknown }): PendingOutbox[] {
  const outbox = (doc.get('outbox') as OutboxEntry[] | undefined) ?? [];
  return outbox.flatMap((entry, index): PendingOutbox[] =>
    entry.sentAt
      ? []
      : [
          {
            documentId: String(doc._id),
            index,
            outboxLength: outbox.length,
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
  if (!plugged.has(model.schema)) {
    throw new Error(
      `${model.modelName}: the schema needs outboxPlugin for its outbox to be relayed`,
    );
  }
  const projection = { outbox: 1, [OUTBOX_PENDING]: 1 };
  // Hydrated (not lean) so payloads come back as Buffers on every engine.
  const read = async (filter: Record<string, unknown>, limit: number) => {
    const docs = await model.find(filter, projection).limit(limit).exec();
    const pending = docs.flatMap((doc) => unsentEntries(doc));
    // Flagged with nothing unsent (entries marked by an earlier, interrupted pass): clear the flag.
    const idle = docs.filter((doc) => doc.get(OUTBOX_PENDING) && unsentEntries(doc).length === 0);
    await Promise.all(
      idle.map((doc) =>
        model
          .updateOne(
            { _id: doc._id, outbox: { $size: (doc.get('outbox') as unknown[]).length } } as never,
            { $unset: { [OUTBOX_PENDING]: 1 } } as UpdateQuery<T>,
          )
          .exec(),
      ),
    );
    return pending;
  };
  let migrated: Promise<void> | undefined;
  const migrate = async () => {
    const markers = model.db.collection<{ _id: string; at: Date }>('outbox_migrations');
    const id = `${model.collection.collectionName}:${OUTBOX_PENDING}`;
    if (await markers.findOne({ _id: id })) return;
    // Once per collection (a full pass): entries written before the flag existed get it.
    // `$type: 10` (BSON null): `sentAt: null` would also match empty outboxes; FerretDB 1.x
    // matches nothing with $elemMatch against null.
    await model.collection.updateMany(
      { 'outbox.sentAt': { $type: 10 }, [OUTBOX_PENDING]: { $exists: false } },
      { $set: { [OUTBOX_PENDING]: true } },
    );
    await markers.updateOne({ _id: id }, { $setOnInsert: { at: new Date() } }, { upsert: true });
  };
  return {
    async pendingOf(ids) {
      const found = await Promise.all(ids.map((id) => read({ _id: id }, 1)));
      return found.flat();
    },
    async pending(limit) {
      migrated ??= migrate().catch((e: unknown) => {
        migrated = undefined;
        throw e;
      });
      await migrated;
      return read({ [OUTBOX_PENDING]: true }, limit);
    },
    markSent: (documentId, entries, at) => markSentMany(model, [{ documentId, entries }], at),
    markSentMany: (documents, at) => markSentMany(model, documents, at),
    onWrite(listener) {
      const set = listeners.get(model) ?? new Set<Listener>();
      listeners.set(model, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

/** Update statements per command: FerretDB 1.24 holds a pooled connection per statement (ADR 0014). */
const STATEMENTS_PER_COMMAND = 50;

/**
 * Two statements per document, in order, in as few commands as fit: set `sentAt` on the read
 * entries (index paths guarded by event ids: FerretDB 1.x has no positional `$`), then clear the
 * flag only if the outbox still has the length it had when read — an entry appended since keeps it.
 */
async function markSentMany<T>(
  model: Model<T>,
  documents: { documentId: string; entries: PendingOutbox[] }[],
  at: Date,
): Promise<void> {
  const ops = documents.flatMap(({ documentId, entries }) => {
    const filter: Record<string, unknown> = { _id: documentId };
    const set: Record<string, Date> = {};
    for (const { index, entry } of entries) {
      filter[`outbox.${index}.eventId`] = entry.eventId;
      set[`outbox.${index}.sentAt`] = at;
    }
    const length = entries[0]?.outboxLength;
    const mark = { updateOne: { filter, update: { $set: set } } };
    if (length === undefined || entries.some((e) => e.outboxLength !== length)) return [mark];
    const clear = {
      updateOne: {
        filter: { ...filter, outbox: { $size: length } },
        update: { $unset: { [OUTBOX_PENDING]: 1 } },
      },
    };
    return [mark, clear];
  });
  for (let i = 0; i < ops.length; i += STATEMENTS_PER_COMMAND) {
    await model.bulkWrite(ops.slice(i, i + STATEMENTS_PER_COMMAND) as never, { ordered: true });
  }
}
