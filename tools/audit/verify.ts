// Walks a service's audit chain and names the first tampered record (issue 14, ADR on the audit chain).
//   npm run audit:verify -- --service intake [--mongo-url URL] [--hash sha256|sm3] [--public-key FILE]
// Exit code: 0 intact, 1 a problem was found, 2 could not check (usage, connection, key).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mongo } from 'mongoose';
import { localMongoUrl } from '@jh/platform-config';
import {
  CHECKPOINTS,
  RECORDS,
  devSigningKeyPem,
  prunedMarkerId,
  recordHash,
  recordId,
  verifierFromPem,
  verifyChain,
  type AuditCheckpoint,
  type AuditDb,
  type AuditHash,
  type AuditRecord,
  type ProblemKind,
} from '@jh/platform-audit';

const kindNames: Record<ProblemKind, string> = {
  changed: '被修改',
  deleted: '被删除',
  inserted: '被插入',
  reordered: '顺序被调换',
  truncated: '链尾被截断',
  'bad-signature': '签名无效',
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The service database as tools/run/start.mjs names it (`jh_<service>`), unless the URL names one. */
function serviceUrl(service: string, given?: string): string {
  const database = `jh_${service.replace(/-/g, '_')}`;
  if (!given) return localMongoUrl(database);
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?([^?]*)(\?.*)?$/.exec(given);
  if (!m) fail('--mongo-url 必须是 mongodb:// 地址 / --mongo-url must be a mongodb:// URL');
  return m[2] ? given : `${m[1]}/${database}${m[3] ?? ''}`;
}

/** The hash the chain was written with: the first record recomputes under exactly one. */
async function detectHash(db: AuditDb, chain: string): Promise<AuditHash | undefined> {
  const marker = await db
    .collection<AuditCheckpoint>(CHECKPOINTS)
    .findOne({ _id: prunedMarkerId(chain) });
  const first = await db
    .collection<AuditRecord>(RECORDS)
    .findOne({ _id: recordId(chain, (marker?.seq ?? 0) + 1) });
  if (!first) return undefined;
  return (['sha256', 'sm3'] as const).find((h) => recordHash(h, first as never) === first.hash);
}

function verifierPem(hash: AuditHash, file?: string): { pem: string; dev: boolean } {
  if (file) return { pem: readFileSync(file, 'utf8'), dev: false };
  const fromEnv = process.env['AUDIT_VERIFY_KEY'] ?? process.env['AUDIT_SIGNING_KEY'];
  if (fromEnv) return { pem: fromEnv.replace(/\\n/g, '\n'), dev: false };
  return { pem: devSigningKeyPem(hash), dev: true };
}

async function main() {
  const { values } = parseArgs({
    options: {
      service: { type: 'string' },
      'mongo-url': { type: 'string' },
      hash: { type: 'string' },
      'public-key': { type: 'string' },
    },
  });
  const service = values.service;
  if (!service) {
    fail(
      '用法 / usage: npm run audit:verify -- --service <服务名> [--mongo-url URL] [--hash sha256|sm3] [--public-key 公钥.pem]',
    );
  }
  if (values.hash && values.hash !== 'sha256' && values.hash !== 'sm3') {
    fail('--hash 只能是 sha256 或 sm3 / --hash must be sha256 or sm3');
  }
  const url = serviceUrl(service, values['mongo-url']);
  const client = new mongo.MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
  } catch (e) {
    fail(`无法连接数据库 / cannot connect to MongoDB: ${(e as Error).message}`);
  }
  const db = client.db();
  const hash =
    (values.hash as AuditHash | undefined) ??
    (await detectHash(db, service)) ??
    ((process.env['AUDIT_HASH'] as AuditHash | undefined) || 'sha256');
  const key = verifierPem(hash, values['public-key']);
  let verifier;
  try {
    verifier = verifierFromPem(key.pem);
  } catch (e) {
    fail(`无法读取验签公钥 / cannot read the verification key: ${(e as Error).message}`);
  }
  console.log(
    `审计链校验 / verifying audit chain: 服务 ${service}，数据库 ${db.databaseName}，哈希 ${hash}，密钥 ${verifier.keyId}` +
      (key.dev ? '（开发密钥 / dev key）' : ''),
  );
  const started = Date.now();
  const result = await verifyChain({
    db,
    chain: service,
    hash,
    verifier,
    onProgress: (n) => process.stdout.write(`\r  已校验 / checked ${n} 条记录 / records`),
  });
  process.stdout.write('\n');
  await client.close();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(
      `✓ 审计链完整：${result.checked} 条记录，${result.checkpoints} 个签名检查点有效（${seconds} 秒）\n` +
        `  audit chain intact: ${result.checked} records, ${result.checkpoints} signed checkpoints valid`,
    );
    return;
  }
  const p = result.firstProblem!;
  console.log(
    `✗ 审计链异常：第 ${p.seq} 条${kindNames[p.kind]}。${p.message}\n` +
      `  audit chain broken: first problem at seq ${p.seq} (${p.kind}); ${result.checked} records checked before it`,
  );
  process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`校验失败 / verification failed: ${(e as Error).message}`);
  process.exit(2);
});
