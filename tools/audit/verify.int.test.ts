import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { mongo } from 'mongoose';
import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import {
  RECORDS,
  auditSignerFromEnv,
  openAuditTrail,
  recordId,
  type AuditDb,
} from '@jh/platform-audit';

// `npm run audit:verify` (R-OV-1): the exit code and the first problem, in Chinese and English.
jest.setTimeout(120_000);

const root = resolve(__dirname, '../..');
const url = mongoUrlFor(`${uniquePrefix('audit-cli')}db`);
let client: InstanceType<typeof mongo.MongoClient>;
let db: AuditDb;

beforeAll(async () => {
  client = new mongo.MongoClient(url);
  await client.connect();
  db = client.db();
  const trail = await openAuditTrail({
    db,
    chain: 'intake',
    hash: 'sm3',
    signer: auditSignerFromEnv({ NODE_ENV: 'test', AUDIT_HASH: 'sm3' }),
    clock: () => new Date(Date.parse('2026-11-30T00:00:00Z')),
    logger: createLogger({ name: 'audit-cli-test', level: 'silent' }),
  });
  for (let i = 1; i <= 40; i++) {
    await trail.append({
      actor: { userId: 'u1', roles: ['clerk'] },
      action: 'application.update',
      object: { kind: 'application', id: `A${i}` },
    });
  }
  await trail.close();
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const verify = () =>
  spawnSync(
    process.execPath,
    ['tools/run/ts-run.mjs', 'tools/audit/verify.ts', '--service', 'intake', '--mongo-url', url],
    { cwd: root, encoding: 'utf8', env: { ...process.env, AUDIT_SIGNING_KEY: '' } },
  );

describe('audit:verify CLI', () => {
  it('exits 0 on an intact chain, 1 naming the first tampered record', async () => {
    const ok = verify();
    expect(ok.stdout).toMatch(/审计链完整：40 条记录/);
    expect(ok.stdout).toMatch(/audit chain intact: 40 records/);
    expect(ok.stdout).toMatch(/哈希 sm3/);
    expect(ok.status).toBe(0);

    await db.collection(RECORDS).deleteOne({ _id: recordId('intake', 17) } as never);
    const bad = verify();
    expect(bad.stdout).toMatch(/第 17 条被删除/);
    expect(bad.stdout).toMatch(/seq 17 \(deleted\)/);
    expect(bad.status).toBe(1);
  });
});
