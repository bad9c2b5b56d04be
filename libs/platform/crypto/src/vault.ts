import type { mongo } from 'mongoose';

type Db = mongo.Db;
import { BlindIndexer, type BlindKind } from './blind-index';
import { DocumentCipher, type SealSpec } from './document-cipher';
import { DEVELOPMENT_KEYS } from './env';
import { Keyring } from './keyring';
import { LocalMasterKeys, parseMasterKeys, type MasterKeyProvider } from './master-key';
import { cipherSuite, type SuiteName } from './suites';
import { TransitCipher } from './transit';

export interface VaultSettings {
  NODE_ENV?: string;
  DATA_CIPHER_SUITE: SuiteName;
  DATA_MASTER_KEYS?: string;
  DATA_BLIND_INDEX_KEY?: string;
}

export class VaultConfigError extends Error {
  constructor(variable: string, message: string) {
    super(`配置无效 / invalid configuration: ${variable}: ${message}`);
    this.name = 'VaultConfigError';
  }
}

/** The keys of one process: master keys (or a KMS), the blind index key, the suite. */
export interface KeyMaterial {
  suite: SuiteName;
  master: LocalMasterKeys;
  /** Wraps collection data keys; the local master keys unless a deployment plugs in its KMS. */
  provider: MasterKeyProvider;
  indexer: BlindIndexer;
}

/** Validates the key settings once at start-up; development keys only outside production. */
export function keyMaterialFrom(
  settings: VaultSettings,
  provider?: MasterKeyProvider,
): KeyMaterial {
  const production = settings.NODE_ENV === 'production';
  const rawMaster =
    settings.DATA_MASTER_KEYS ?? (production ? undefined : DEVELOPMENT_KEYS.masterKeys);
  const rawBlind =
    settings.DATA_BLIND_INDEX_KEY ?? (production ? undefined : DEVELOPMENT_KEYS.blindIndexKey);
  if (!rawMaster) throw new VaultConfigError('DATA_MASTER_KEYS', '生产环境必须配置主密钥');
  if (!rawBlind) throw new VaultConfigError('DATA_BLIND_INDEX_KEY', '生产环境必须配置盲索引密钥');
  let master: LocalMasterKeys;
  try {
    master = new LocalMasterKeys(parseMasterKeys(rawMaster), settings.DATA_CIPHER_SUITE);
  } catch (e) {
    throw new VaultConfigError('DATA_MASTER_KEYS', (e as Error).message);
  }
  const blindKey = Buffer.from(rawBlind, 'base64');
  if (blindKey.length < 32) {
    throw new VaultConfigError('DATA_BLIND_INDEX_KEY', 'must decode to at least 32 bytes');
  }
  if (production && rawMaster === DEVELOPMENT_KEYS.masterKeys) {
    throw new VaultConfigError('DATA_MASTER_KEYS', '生产环境不得使用开发密钥');
  }
  const suite = settings.DATA_CIPHER_SUITE;
  return {
    suite,
    master,
    provider: provider ?? master,
    indexer: new BlindIndexer(blindKey, cipherSuite(suite).hash),
  };
}

/** Field encryption of one service: its keyring in its own database, plus the event cipher. */
export class Vault {
  readonly keyring: Keyring;
  readonly transit: TransitCipher;
  private readonly ciphers = new Map<string, DocumentCipher>();

  constructor(
    db: Db,
    readonly keys: KeyMaterial,
    clock: () => Date = () => new Date(),
  ) {
    this.keyring = new Keyring(db, keys.provider, keys.suite, clock);
    this.transit = new TransitCipher(keys.master, keys.suite, clock);
  }

  get suite(): SuiteName {
    return this.keys.suite;
  }

  /** The cipher of one collection, its current data key loaded (created on first use). */
  async collection(purpose: string, spec: SealSpec): Promise<DocumentCipher> {
    const known = this.ciphers.get(purpose);
    if (known) return known;
    await this.keyring.prepare(purpose);
    const cipher = new DocumentCipher(purpose, spec, this.keyring, this.keys.indexer);
    this.ciphers.set(purpose, cipher);
    return cipher;
  }

  blindIndex(kind: BlindKind, value: string): string {
    return this.keys.indexer.of(kind, value);
  }

  /** HMAC (blind index key) of text holding personal data: never an unkeyed hash of it. */
  keyedDigest(label: string, text: string): string {
    return this.keys.indexer.keyed(label, text);
  }

  refresh(): Promise<void> {
    return this.keyring.refresh();
  }
}
