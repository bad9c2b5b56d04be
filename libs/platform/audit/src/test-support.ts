// Shared by this lib's integration tests: a fresh database on the real local engine, a movable clock.
import { mongo } from 'mongoose';
import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import type { AuditHash } from './canonical';
import { devSigningKeyPem } from './env';
import { RECORDS, recordId, type AuditDb, type AuditRecord } from './record';
import { signerFromPem } from './signers';
import { openAuditTrail, type AuditTrailOptions } from './trail';

export const T0 = Date.parse('2026-11-30T00:00:00.000Z');

/** A clock tests move by hand; every read advances it 1 ms so times are distinct. */
export function testClock(start = T0) {
  let now = start;
  return {
    clock: () => new Date(now++),
    set: (ms: number) => {
      now = ms;
    },
  };
}

export async function testDb(label: string): Promise<{ db: AuditDb; close(): Promise<void> }> {
  const name = `${uniquePrefix(label)}db`;
  const client = new mongo.MongoClient(mongoUrlFor(name));
  await client.connect();
  const db = client.db();
  return {
    db,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

/** A second connection to the same database: another process, as far as the engine can tell. */
export async function otherConnection(
  db: AuditDb,
): Promise<{ db: AuditDb; close(): Promise<void> }> {
  const client = new mongo.MongoClient(mongoUrlFor(db.databaseName));
  await client.connect();
  return { db: client.db(), close: () => client.close() };
}

export const signerFor = (hash: AuditHash) => signerFromPem(devSigningKeyPem(hash));

export function trailOptions(
  db: AuditDb,
  chain: string,
  over: Partial<AuditTrailOptions> = {},
): AuditTrailOptions {
  const hash = over.hash ?? 'sha256';
  return {
    db,
    chain,
    hash,
    signer: signerFor(hash),
    clock: testClock().clock,
    checkpointEvery: 10,
    logger: createLogger({ name: 'audit-test', level: 'silent' }),
    ...over,
  };
}

export const input = (i: number, over: Record<string, unknown> = {}) => ({
  actor: { userId: `u${i % 3}`, roles: ['clerk'], regionCode: '330102' },
  action: 'application.update',
  object: { kind: 'application', id: `A${i}` },
  detail: { n: String(i) },
  ...over,
});

/** A closed chain of `count` records appended one by one (checkpoints at every 10th). */
export async function seedChain(
  db: AuditDb,
  chain: string,
  count: number,
  hash: AuditHash = 'sha256',
) {
  const trail = await openAuditTrail(trailOptions(db, chain, { hash }));
  for (let i = 1; i <= count; i++) await trail.append(input(i));
  await trail.close();
  return trail;
}

export const records = (db: AuditDb) => db.collection<AuditRecord>(RECORDS);
export const idOf = recordId;
