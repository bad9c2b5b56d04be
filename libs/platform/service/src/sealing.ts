import type { mongo } from 'mongoose';
import {
  reencrypt,
  type DocumentCipher,
  type ReencryptJobDoc,
  type SealSpec,
  type Vault,
} from '@jh/platform-crypto';
import type { Logger } from '@jh/platform-logger';

export type SealCollection = (collection: string, spec: SealSpec) => Promise<DocumentCipher>;

export const DATA_KEY_JOBS = 'data_key_jobs';

interface SealingDeps {
  db: mongo.Db;
  vault: Vault;
  logger: Logger;
  onStop(fn: () => Promise<void>): void;
}

/**
 * The collection's cipher, and a background pass that seals documents stored in clear text before
 * sealing existed (or under an older key). The pass is resumable and stops with the service; a
 * finished pass for the current key is remembered, so a restart costs one point lookup.
 */
export async function sealCollection(
  deps: SealingDeps,
  collection: string,
  spec: SealSpec,
): Promise<DocumentCipher> {
  const cipher = await deps.vault.collection(collection, spec);
  let stopping = false;
  const pass = reencrypt({
    collection: deps.db.collection(collection),
    cipher,
    jobs: deps.db.collection<ReencryptJobDoc>(DATA_KEY_JOBS),
    stopped: () => stopping,
  }).then(
    (r) => {
      if (r.changed > 0) deps.logger.info({ ...r }, 'sealed stored personal data');
    },
    (e: unknown) =>
      deps.logger.error({ collection, err: (e as Error).message }, 'sealing pass failed'),
  );
  deps.onStop(async () => {
    stopping = true;
    await pass;
  });
  return cipher;
}
