import type { mongo } from 'mongoose';

type Collection<T extends Document> = mongo.Collection<T>;
type Document = mongo.Document;
type Filter<T> = mongo.Filter<T>;
import type { DocumentCipher } from './document-cipher';

export interface ReencryptJobDoc {
  _id: string;
  keyId: string;
  lastId: unknown;
  scanned: number;
  changed: number;
  completed: boolean;
  updatedAt: Date;
}

export interface ReencryptProgress {
  purpose: string;
  scanned: number;
  changed: number;
  /** Documents in the collection when the pass started (an estimate under concurrent inserts). */
  total: number;
}

export interface ReencryptOptions<D extends Document = Document> {
  collection: Collection<D>;
  cipher: DocumentCipher;
  /** Where the job records how far it got (`data_key_jobs`), so a restart resumes there. */
  jobs: Collection<ReencryptJobDoc>;
  onProgress?: (p: ReencryptProgress) => void;
  /** Documents between two progress records. */
  checkpointEvery?: number;
  /** Stops after this many documents this run (tests simulate a crash with it). */
  limit?: number;
  /** Asked before each document; true stops the run where it is (a service shutting down). */
  stopped?: () => boolean;
  clock?: () => Date;
}

export interface ReencryptResult extends ReencryptProgress {
  completed: boolean;
  /** Compare-and-set updates refused because the document changed meanwhile (then re-read). */
  raced: number;
}

const MAX_RACES = 10;

/**
 * Seals clear-text values and re-seals values under older keys with the current data key, one
 * document at a time while the service keeps running. Each update is a compare-and-set on the
 * fields it rewrites, so a write that lands meanwhile is never overwritten: the document is re-read
 * and done again. Resumable: progress is recorded by `_id`, in `_id` order.
 */
export async function reencrypt<D extends Document>(
  options: ReencryptOptions<D>,
): Promise<ReencryptResult> {
  const { cipher, jobs } = options;
  const collection = options.collection as unknown as Collection<Document>;
  const clock = options.clock ?? (() => new Date());
  const every = options.checkpointEvery ?? 200;
  const purpose = cipher.purpose;
  const keyId = (await cipher.currentKeyId()) as string;
  const job = await jobs.findOne({ _id: purpose });
  const total = await collection.estimatedDocumentCount();
  if (job?.completed && job.keyId === keyId) {
    return { purpose, scanned: 0, changed: 0, total, completed: true, raced: 0 };
  }
  const resume = job && job.keyId === keyId ? job : undefined;
  let scanned = resume?.scanned ?? 0;
  let changed = resume?.changed ?? 0;
  let raced = 0;
  let lastId = resume?.lastId;
  const save = (completed: boolean) =>
    jobs.updateOne(
      { _id: purpose },
      { $set: { keyId, lastId, scanned, changed, completed, updatedAt: clock() } },
      { upsert: true },
    );

  const filter = (lastId === undefined ? {} : { _id: { $gt: lastId } }) as Filter<Document>;
  const cursor = collection.find(filter).sort({ _id: 1 });
  let thisRun = 0;
  try {
    for await (const doc of cursor) {
      if ((options.limit !== undefined && thisRun >= options.limit) || options.stopped?.()) {
        await save(false);
        return { purpose, scanned, changed, total, completed: false, raced };
      }
      const outcome = await resealOne(collection, cipher, doc);
      raced += outcome.raced;
      if (outcome.changed) changed += 1;
      scanned += 1;
      thisRun += 1;
      lastId = doc['_id'];
      if (scanned % every === 0) {
        await save(false);
        options.onProgress?.({ purpose, scanned, changed, total });
      }
    }
  } finally {
    await cursor.close();
  }
  await save(true);
  options.onProgress?.({ purpose, scanned, changed, total });
  return { purpose, scanned, changed, total, completed: true, raced };
}

async function resealOne(
  collection: Collection<Document>,
  cipher: DocumentCipher,
  first: Document,
): Promise<{ changed: boolean; raced: number }> {
  const tops = topFieldsOf(cipher);
  let doc: Document | null = first;
  for (let race = 0; race <= MAX_RACES; race += 1) {
    if (!doc || !cipher.needsResealing(doc)) return { changed: false, raced: race };
    const next = cipher.seal(await cipher.open(doc));
    const guard: Document = { _id: doc['_id'] };
    const set: Document = {};
    for (const top of tops) {
      if (!(top in doc)) continue;
      guard[top] = doc[top];
      set[top] = next[top];
    }
    const result = await collection.updateOne(guard, { $set: set });
    if (result.matchedCount === 1) return { changed: true, raced: race };
    doc = await collection.findOne({ _id: doc['_id'] });
  }
  throw new Error(`re-encryption of ${cipher.purpose}/${String(first['_id'])} kept racing writers`);
}

/** Top-level fields a spec rewrites (a sealed path's first segment, and where blind indexes go). */
function topFieldsOf(cipher: DocumentCipher): string[] {
  const paths = [...cipher.spec.sealed, ...(cipher.spec.blind ?? []).map((b) => b.path)];
  return [...new Set(paths.map((p) => p.split('.')[0]!))];
}
