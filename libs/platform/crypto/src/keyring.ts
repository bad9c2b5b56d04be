import { randomBytes } from 'node:crypto';
import type { mongo } from 'mongoose';

type Db = mongo.Db;
import { UnknownKeyError, type MasterKeyProvider } from './master-key';
import { cipherSuite, type CipherSuite, type SuiteName } from './suites';

/** One stored data key: never the key itself, only its wrapped form and the master key's id. */
export interface DataKeyDoc {
  _id: string;
  purpose: string;
  suite: SuiteName;
  masterKeyId: string;
  wrapped: string;
  createdAt: Date;
}

interface CurrentDoc {
  _id: string;
  keyId: string;
  at: Date;
}

export interface LoadedKey {
  id: string;
  key: Buffer;
  suite: CipherSuite;
}

export const DATA_KEYS_COLLECTION = 'data_keys';
const currentIdOf = (purpose: string) => `current:${purpose}`;
const keyNumber = (keyId: string) => Number(keyId.slice(keyId.lastIndexOf('@') + 1));

/**
 * Per-purpose (per-collection) data keys of one service, stored wrapped in its own database
 * (`data_keys`), unwrapped once into memory. Every read is an `_id` point lookup.
 */
export class Keyring {
  private readonly loaded = new Map<string, LoadedKey>();
  private readonly current = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly master: MasterKeyProvider,
    private readonly suite: SuiteName,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get keys() {
    return this.db.collection<DataKeyDoc>(DATA_KEYS_COLLECTION);
  }
  private get pointers() {
    return this.db.collection<CurrentDoc>(DATA_KEYS_COLLECTION);
  }

  /** The key new values of `purpose` are sealed with; creates the first one when none exists. */
  async prepare(purpose: string): Promise<LoadedKey> {
    let pointer = await this.pointers.findOne({ _id: currentIdOf(purpose) });
    if (!pointer) {
      const keyId = `${purpose}@1`;
      await this.createKey(purpose, keyId);
      await this.insertIgnoringDuplicate(this.pointers, {
        _id: currentIdOf(purpose),
        keyId,
        at: this.clock(),
      });
      pointer = await this.pointers.findOne({ _id: currentIdOf(purpose) });
    }
    if (!pointer) throw new Error(`data key pointer for ${purpose} missing`);
    this.current.set(purpose, pointer.keyId);
    return this.get(pointer.keyId);
  }

  /** The current key as last prepared or refreshed (synchronous: sealing never waits). */
  currentKey(purpose: string): LoadedKey {
    const id = this.current.get(purpose);
    const key = id === undefined ? undefined : this.loaded.get(id);
    if (!key) throw new Error(`data key for ${purpose} not prepared`);
    return key;
  }

  cached(keyId: string): LoadedKey | undefined {
    return this.loaded.get(keyId);
  }

  async get(keyId: string): Promise<LoadedKey> {
    const hit = this.loaded.get(keyId);
    if (hit) return hit;
    const doc = await this.keys.findOne({ _id: keyId });
    if (!doc) throw new UnknownKeyError(keyId);
    const key = await this.master.unwrap(doc.masterKeyId, Buffer.from(doc.wrapped, 'base64'));
    const loaded = { id: keyId, key, suite: cipherSuite(doc.suite) };
    this.loaded.set(keyId, loaded);
    return loaded;
  }

  /** Re-reads the current pointers, so a rotation done elsewhere is used here too. */
  async refresh(): Promise<void> {
    for (const purpose of [...this.current.keys()]) await this.prepare(purpose);
  }

  /** Makes a new key current for `purpose`; answers its id. Older keys keep opening old values. */
  async rotate(purpose: string): Promise<string> {
    const before = (await this.prepare(purpose)).id;
    const next = `${purpose}@${keyNumber(before) + 1}`;
    await this.createKey(purpose, next);
    const moved = await this.pointers.updateOne(
      { _id: currentIdOf(purpose), keyId: before },
      { $set: { keyId: next, at: this.clock() } },
    );
    if (moved.matchedCount !== 1) throw new Error(`data key of ${purpose} rotated concurrently`);
    await this.prepare(purpose);
    return next;
  }

  private async createKey(purpose: string, keyId: string): Promise<void> {
    const { masterKeyId, wrapped } = await this.master.wrap(randomBytes(32));
    await this.insertIgnoringDuplicate(this.keys, {
      _id: keyId,
      purpose,
      suite: this.suite,
      masterKeyId,
      wrapped: wrapped.toString('base64'),
      createdAt: this.clock(),
    });
  }

  private async insertIgnoringDuplicate<T extends { _id: string }>(
    collection: { insertOne(doc: T): Promise<unknown> },
    doc: T,
  ): Promise<void> {
    try {
      await collection.insertOne(doc);
    } catch (e) {
      // Another process created it first: theirs is the one.
      if ((e as { code?: number }).code !== 11000) throw e;
    }
  }
}
