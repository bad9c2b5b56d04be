import type { BlindIndexer, BlindKind } from './blind-index';
import type { Keyring, LoadedKey } from './keyring';
import { mapPath, setBeside, valuesAt, type FieldPath } from './paths';
import { formatSealed, isSealed, parseSealed } from './sealed-value';

/** Which fields of one collection are sealed at rest, and which also get a blind index. */
export interface SealSpec {
  sealed: readonly FieldPath[];
  /** A `<leaf>Bidx` field is written beside each of these (equality search without the value). */
  blind?: readonly { path: FieldPath; kind: BlindKind }[];
}

export const BLIND_SUFFIX = 'Bidx';
export const blindPathOf = (path: FieldPath) => `${path}${BLIND_SUFFIX}`;

/**
 * Seals and opens the personal fields of one collection's documents with that collection's data
 * key. The field path is bound into each value, so a value moved to another field fails to open.
 * Values written before sealing existed (clear text) open as they are until migrated.
 */
export class DocumentCipher {
  constructor(
    readonly purpose: string,
    readonly spec: SealSpec,
    private readonly keyring: Keyring,
    private readonly indexer: BlindIndexer,
  ) {}

  private aad(path: FieldPath) {
    return Buffer.from(`${this.purpose}|${path}`);
  }

  /** A copy of `doc` with blind indexes written and every sealed path sealed (synchronous). */
  seal<T>(doc: T): T {
    let out = doc;
    for (const { path, kind } of this.spec.blind ?? []) {
      out = setBeside(out, path, BLIND_SUFFIX, (v) =>
        isSealed(v) || v === '' ? undefined : this.blind(kind, v),
      );
    }
    for (const path of this.spec.sealed) out = mapPath(out, path, (v) => this.sealValue(path, v));
    return out;
  }

  sealValue(path: FieldPath, value: string): string {
    if (value === '' || isSealed(value)) return value;
    const key = this.keyring.currentKey(this.purpose);
    return formatSealed(
      key.suite,
      key.id,
      key.suite.seal(key.key, Buffer.from(value), this.aad(path)),
    );
  }

  blind(kind: BlindKind, value: string): string {
    return this.indexer.of(kind, value);
  }

  /** A copy of `doc` with every sealed path opened; throws TamperedError on a changed value. */
  async open<T>(doc: T): Promise<T> {
    if (doc === null || doc === undefined) return doc;
    await this.loadKeysOf(doc);
    let out = doc;
    for (const path of this.spec.sealed) out = mapPath(out, path, (v) => this.openLoaded(path, v));
    return out;
  }

  async openMany<T>(docs: T[]): Promise<T[]> {
    return Promise.all(docs.map((d) => this.open(d)));
  }

  async openValue(path: FieldPath, value: string): Promise<string> {
    if (!isSealed(value)) return value;
    await this.keyring.get(parseSealed(value).keyId);
    return this.openLoaded(path, value);
  }

  async currentKeyId(): Promise<string> {
    return this.keyring.currentKey(this.purpose).id;
  }

  /** Whether any sealed path holds clear text or a value under a key that is no longer current. */
  needsResealing(doc: unknown): boolean {
    const current = this.keyring.currentKey(this.purpose).id;
    return this.spec.sealed.some((path) =>
      valuesAt(doc, path).some(
        (v) => v !== '' && (!isSealed(v) || parseSealed(v).keyId !== current),
      ),
    );
  }

  private async loadKeysOf(doc: unknown): Promise<void> {
    const ids = new Set<string>();
    for (const path of this.spec.sealed) {
      for (const v of valuesAt(doc, path)) if (isSealed(v)) ids.add(parseSealed(v).keyId);
    }
    for (const id of ids) if (!this.keyring.cached(id)) await this.keyring.get(id);
  }

  private openLoaded(path: FieldPath, value: string): string {
    if (!isSealed(value)) return value;
    const parts = parseSealed(value);
    const key = this.keyring.cached(parts.keyId) as LoadedKey;
    return parts.suite.open(key.key, parts.body, this.aad(path)).toString();
  }
}
