// Benchmark (not a test): audit trail appends and verification on the local engine.
//   npm run bench:audit -- [--records 20000]
import { parseArgs } from 'node:util';
import { mongo } from 'mongoose';
import { localMongoUrl } from '@jh/platform-config';
import { createLogger } from '@jh/platform-logger';
import {
  auditSignerFromEnv,
  openAuditTrail,
  verifyChain,
  type AuditDb,
  type AuditHash,
  type AuditRecordInput,
} from '@jh/platform-audit';

const { values } = parseArgs({ options: { records: { type: 'string', default: '20000' } } });
const total = Number(values.records);
const logger = createLogger({ name: 'bench-audit', level: 'error' });

const record = (i: number): AuditRecordInput => ({
  actor: { userId: `clerk-${i % 50}`, roles: ['clerk'], regionCode: '330102' },
  action: 'application.update',
  object: { kind: 'application', id: `A${i}` },
  personRefs: [`ref${i % 1000}`],
  source: '127.0.0.1',
  traceId: `req-${i}`,
  detail: { step: 'review' },
});

const trailFor = (db: AuditDb, chain: string, hash: AuditHash) =>
  openAuditTrail({
    db,
    chain,
    hash,
    signer: auditSignerFromEnv({ NODE_ENV: 'development', AUDIT_HASH: hash }),
    clock: () => new Date(),
    checkpointEvery: 100,
    logger,
  });

/** `count` appends with up to `inFlight` awaiting at once (requests of a busy service). */
async function appendMany(
  append: (i: number) => Promise<void>,
  count: number,
  inFlight: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await append(next++);
    }),
  );
  return performance.now() - started;
}

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function main() {
  const name = `bench_audit_${Date.now().toString(36)}`;
  const clients = [0, 1].map(() => new mongo.MongoClient(localMongoUrl(name)));
  try {
    await Promise.all(clients.map((c) => c.connect()));
  } catch (e) {
    console.error(`无法连接本地数据库，请先运行 npm run infra:up / ${(e as Error).message}`);
    process.exit(1);
  }
  const [a, b] = clients.map((c) => c.db());
  const rows: Record<string, string | number>[] = [];
  try {
    for (const hash of ['sha256', 'sm3'] as const) {
      const trail = await trailFor(a!, `one-${hash}`, hash);
      const ms = await appendMany((i) => trail.append(record(i)), total, 500);
      await trail.close();
      rows.push({
        phase: `1 process, 500 in flight, ${hash}`,
        records: total,
        ms: Math.round(ms),
        perSecond: perSecond(total, ms),
      });
      const started = performance.now();
      const result = await verifyChain({
        db: a!,
        chain: `one-${hash}`,
        hash,
        verifier: auditSignerFromEnv({ NODE_ENV: 'development', AUDIT_HASH: hash }),
      });
      const vms = performance.now() - started;
      if (!result.ok) throw new Error(`verify failed: ${result.firstProblem?.message}`);
      rows.push({
        phase: `verify ${hash}`,
        records: result.checked,
        ms: Math.round(vms),
        perSecond: perSecond(result.checked, vms),
      });
    }
    const serial = await trailFor(a!, 'serial', 'sm3');
    const serialCount = Math.min(1000, total);
    const sms = await appendMany((i) => serial.append(record(i)), serialCount, 1);
    await serial.close();
    rows.push({
      phase: '1 process, 1 in flight (latency), sm3',
      records: serialCount,
      ms: Math.round(sms),
      perSecond: perSecond(serialCount, sms),
      msPerAppend: (sms / serialCount).toFixed(2),
    });
    const [t1, t2] = [await trailFor(a!, 'two', 'sm3'), await trailFor(b!, 'two', 'sm3')];
    const half = Math.floor(total / 2);
    const started = performance.now();
    await Promise.all([
      appendMany((i) => t1.append(record(i)), half, 250),
      appendMany((i) => t2.append(record(i)), half, 250),
    ]);
    const tms = performance.now() - started;
    await Promise.all([t1.close(), t2.close()]);
    const check = await verifyChain({
      db: a!,
      chain: 'two',
      hash: 'sm3',
      verifier: auditSignerFromEnv({ NODE_ENV: 'development', AUDIT_HASH: 'sm3' }),
    });
    if (!check.ok || check.checked !== half * 2) {
      throw new Error(
        `two writers forked the chain: ${JSON.stringify({ check, t1: t1.counters, t2: t2.counters })}`,
      );
    }
    rows.push({
      phase: '2 processes, one chain, sm3',
      records: half * 2,
      ms: Math.round(tms),
      perSecond: perSecond(half * 2, tms),
      conflicts: t1.counters.conflicts + t2.counters.conflicts,
    });
  } finally {
    await a!.dropDatabase().catch(() => undefined);
    await Promise.all(clients.map((c) => c.close()));
  }
  console.table(rows);
  console.log(JSON.stringify({ benchmark: 'audit', node: process.version, rows }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
