import type { DocumentCipher } from '@jh/platform-crypto';

/** One array element sealed as the spec's `<field>.$.…` paths say, for a `$push` of it. */
export function sealEntry<T>(cipher: DocumentCipher, field: string, entry: T): T {
  return (cipher.seal({ [field]: [entry] }) as Record<string, T[]>)[field]![0]!;
}
