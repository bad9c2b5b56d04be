import type { mongo } from 'mongoose';

export interface StoredDocument {
  collection: string;
  doc: unknown;
  /** The document as JSON, binary fields (outbox event bytes) decoded as UTF-8 text. */
  text: string;
}

const isBinary = (v: unknown): v is { _bsontype: 'Binary'; buffer: Uint8Array } =>
  typeof v === 'object' && v !== null && (v as { _bsontype?: unknown })._bsontype === 'Binary';

/** A stored value as text; binary fields decoded rather than base64-encoded. */
export function storedTextOf(value: unknown): string {
  const walk = (v: unknown): unknown => {
    if (isBinary(v)) return Buffer.from(v.buffer).toString('utf8');
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return JSON.stringify(walk(value));
}

/**
 * Every document of every collection of a database as the raw driver reads it: what a check for
 * clear-text personal data at rest looks at (issue 14).
 */
export async function storedDocuments(db: mongo.Db): Promise<StoredDocument[]> {
  const out: StoredDocument[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      out.push({ collection: name, doc, text: storedTextOf(doc) });
    }
  }
  return out;
}

/** Mainland mobile numbers standing alone in a text. */
export const phonesIn = (text: string): string[] =>
  text.match(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g) ?? [];

/**
 * Drops a test's database, unless `JH_KEEP_TEST_DATABASES=1` (the test command sets it): then the
 * service databases stay for the final at-rest scan of everything the suite stored.
 */
export async function releaseTestDatabase(db: { dropDatabase(): Promise<unknown> }): Promise<void> {
  if (process.env['JH_KEEP_TEST_DATABASES'] === '1') return;
  await db.dropDatabase();
}
