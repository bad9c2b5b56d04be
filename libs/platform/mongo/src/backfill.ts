import type { mongo } from 'mongoose';

/** Update statements per command: FerretDB 1.24 holds a pooled connection per statement (ADR 0014). */
const statementsPerCommand = 50;

export interface BackfillOnce<T extends { _id: string }> {
  /** The collection to complete, as the driver sees it (no model casting). */
  collection: mongo.Collection<T>;
  /** Where the done-markers live (one document per migration). */
  markers: mongo.Collection<{ _id: string; at: Date }>;
  /** This migration's marker id, e.g. `applications:scope`. */
  marker: string;
  /** The top-level field older documents lack. */
  field: string;
  /** The fields `set` reads. */
  projection: Record<string, 1>;
  /** What to `$set` on one older document; must include `field`. */
  set(doc: T): Record<string, unknown>;
}

/**
 * Once per database: gives documents stored before `field` existed their value (one full pass,
 * then a marker, so later starts cost one `_id` lookup); answers how many it changed.
 */
export async function backfillOnce<T extends { _id: string }>(
  options: BackfillOnce<T>,
): Promise<number> {
  const { collection, markers, marker, field } = options;
  if (await markers.findOne({ _id: marker })) return 0;
  const missing = { [field]: { $exists: false } } as mongo.Filter<T>;
  const rows = (await collection
    .find(missing, { projection: options.projection })
    .toArray()) as T[];
  for (let i = 0; i < rows.length; i += statementsPerCommand) {
    await collection.bulkWrite(
      rows.slice(i, i + statementsPerCommand).map((doc) => ({
        updateOne: {
          filter: { _id: doc._id, ...missing } as mongo.Filter<T>,
          update: { $set: options.set(doc) } as mongo.UpdateFilter<T>,
        },
      })),
      { ordered: false },
    );
  }
  await markers.updateOne({ _id: marker }, { $setOnInsert: { at: new Date() } }, { upsert: true });
  return rows.length;
}
