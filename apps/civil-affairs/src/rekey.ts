import type { mongo } from 'mongoose';
import type { DocumentCipher } from '@jh/platform-crypto';
import { isDuplicateKey } from '@jh/platform-mongo';

export interface RekeyOnce<T extends { _id: string }> {
  collection: mongo.Collection<T>;
  /** Done-markers (one document per migration), like `backfillOnce`'s. */
  markers: mongo.Collection<{ _id: string; at: Date }>;
  marker: string;
  cipher: DocumentCipher;
  /** The opened document under its new `_id`; undefined when it already has it. */
  rekey(doc: T): T | undefined;
  clock?: () => Date;
}

/**
 * Once per database: moves documents whose `_id` was built from personal data (a clear ID number,
 * an unkeyed hash of it) to the blind-index `_id`, sealed. Copy first, then delete the old one, so
 * a crash in between leaves a duplicate the next run removes, never a lost document.
 */
export async function rekeyOnce<T extends { _id: string }>(options: RekeyOnce<T>): Promise<number> {
  const { collection, markers, marker, cipher } = options;
  if (await markers.findOne({ _id: marker })) return 0;
  const coll = collection as unknown as mongo.Collection<{ _id: string }>;
  let moved = 0;
  for await (const stored of coll.find({})) {
    const next = options.rekey((await cipher.open(stored)) as T);
    if (!next || next._id === stored._id) continue;
    try {
      await coll.insertOne(cipher.seal(next) as { _id: string });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    await coll.deleteOne({ _id: stored._id });
    moved += 1;
  }
  const at = (options.clock ?? (() => new Date()))();
  await markers.updateOne({ _id: marker }, { $setOnInsert: { at } }, { upsert: true });
  return moved;
}
