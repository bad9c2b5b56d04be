import type { Model } from 'mongoose';

/** MongoDB's E11000: a unique index (usually a deterministic `_id`) already holds the key. */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;
}

/** Creates the document unless its key exists; false means it was already there (idempotent). */
export async function createOnce<T>(model: Model<T>, doc: T): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}
