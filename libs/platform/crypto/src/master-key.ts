import { cipherSuite, TamperedError, type SuiteName } from './suites';

/**
 * Wraps and unwraps data keys. A deployment plugs its KMS or HSM in here; the local implementation
 * holds the master keys from configuration. The key id travels with every wrapped key so master
 * keys rotate: new data keys use the current one, old ones still unwrap.
 */
export interface MasterKeyProvider {
  readonly currentId: string;
  wrap(dataKey: Buffer): Promise<{ masterKeyId: string; wrapped: Buffer }>;
  unwrap(masterKeyId: string, wrapped: Buffer): Promise<Buffer>;
}

/**
 * Wrapping without waiting, for the event path (building an event is synchronous): local keys, or
 * a KMS adapter that keeps an unwrapped key-encryption key in memory.
 */
export interface SyncKeyWrapper {
  wrapSync(dataKey: Buffer): { masterKeyId: string; wrapped: Buffer };
  /** `suite`: the one the key was wrapped with, when the value says (events from other services). */
  unwrapSync(masterKeyId: string, wrapped: Buffer, suite?: SuiteName): Buffer;
}

export class UnknownKeyError extends Error {
  constructor(what: string) {
    super(`未知密钥 / unknown key: ${what}`);
    this.name = 'UnknownKeyError';
  }
}

/** Master keys held in memory (from `DATA_MASTER_KEYS`); the first is current. */
export class LocalMasterKeys implements MasterKeyProvider, SyncKeyWrapper {
  readonly currentId: string;
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: { id: string; key: Buffer }[],
    private readonly suite: SuiteName,
  ) {
    if (keys.length === 0) throw new Error('at least one master key is required');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`master key ${k.id} must be 32 bytes`);
    }
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.currentId = keys[0]!.id;
  }

  wrapSync(dataKey: Buffer): { masterKeyId: string; wrapped: Buffer } {
    const key = this.keys.get(this.currentId)!;
    return {
      masterKeyId: this.currentId,
      wrapped: cipherSuite(this.suite).seal(key, dataKey, aadOf(this.currentId)),
    };
  }

  unwrapSync(masterKeyId: string, wrapped: Buffer, suite: SuiteName = this.suite): Buffer {
    const key = this.keys.get(masterKeyId);
    if (!key) throw new UnknownKeyError(`master ${masterKeyId}`);
    try {
      return cipherSuite(suite).open(key, wrapped, aadOf(masterKeyId));
    } catch (e) {
      throw e instanceof TamperedError ? new TamperedError(`data key under ${masterKeyId}`) : e;
    }
  }

  async wrap(dataKey: Buffer) {
    return this.wrapSync(dataKey);
  }

  async unwrap(masterKeyId: string, wrapped: Buffer) {
    return this.unwrapSync(masterKeyId, wrapped);
  }
}

const aadOf = (masterKeyId: string) => Buffer.from(`jh/data-key/${masterKeyId}`);

/** Parses `id:base64,id2:base64` (first current); ids are [A-Za-z0-9_-]. */
export function parseMasterKeys(raw: string): { id: string; key: Buffer }[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
      if (!m) throw new Error('each entry must be <id>:<base64 key>');
      const key = Buffer.from(m[2]!, 'base64');
      if (key.length !== 32) throw new Error(`key ${m[1]} must decode to 32 bytes`);
      return { id: m[1]!, key };
    });
}
