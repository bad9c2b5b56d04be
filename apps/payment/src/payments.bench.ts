// Benchmark (not a test): monthly instalments through the real payment paths on the real engines.
//   npm run bench:payments -- [--count 1000000] [--send-count <count>] [--chunk 1000]
//                              [--send-batch 2000] [--concurrency 16] [--keep]
// (or BENCH_PAYMENTS_COUNT / BENCH_PAYMENTS_SEND_COUNT). Engines: MONGO_URL / KAFKA_BROKERS.
// Write path on `count` instalments: recipients register (RecipientService.registerFromApproval)
// → monthly batch (MonthlyBatchService: cursor + unordered bulk inserts) → raw mongodb-driver
// insertMany of the same documents (same chunk size, same indexes) → re-run of the same month.
// Payout path on `send-count` instalments (own database, made by the same register → batch):
// the payment service's sender (find by due slot → claim → batch gRPC push of up to 1,000 to the
// in-process card simulator → record, ADR 0016) → the simulator's statement export →
// ReconciliationService.import. Engine ceilings measured in the same run, so a missed target
// names the stage that holds it: raw insertMany/s, raw updateOne by _id/s in bulk commands of
// 50 (the sender writes twice per order: claim and record), raw find by indexed equality.
// Ends with one JSON line.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient, type Document } from 'mongodb';
import {
  AssistanceItem,
  ApprovalLevel,
  PaymentSchedule,
  type AssistanceApproved,
} from '@jh/contracts';
import { createLogger } from '@jh/platform-logger';
import { connectMongo } from '@jh/platform-mongo';
import { keyMaterialFrom, Vault, type SuiteName } from '@jh/platform-crypto';
import type { Connection } from 'mongoose';
import { paymentCiphers } from './sealed-fields';
import { engineEndpoints, kafkaCredentialEnv, mongoUrlFor } from '@jh/platform-testing';
import { CardPlatformSimulator } from '@jh/platform-card-simulator';
import { startPayment } from './app';
import { openMonthlyBatch } from './batch/batch.feature';
import type { MonthlyBatchService } from './batch/batch.service';
import { formatMonth, monthlyDueAt, monthOf } from './batch/month';
import { progressBar } from './batch/progress-bar';
import type { RecipientService } from './batch/recipient.service';
import { loadPaymentConfig } from './env';
import { paymentModels, type PaymentOrderDoc } from './order/order.model';
import { engineCeilings } from './payments.bench-ceilings';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: process.env['BENCH_PAYMENTS_COUNT'] ?? '1000000' },
    'send-count': { type: 'string', default: process.env['BENCH_PAYMENTS_SEND_COUNT'] },
    chunk: { type: 'string', default: '1000' },
    'send-batch': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const chunk = Number(values.chunk);
const sendCount = Number(values['send-count'] ?? count);
const sendBatch = Number(values['send-batch']);
const concurrency = Number(values.concurrency);
for (const [name, v] of Object.entries({ count, sendCount, chunk, sendBatch, concurrency })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
}
// Bundled into .local/ts-run/ by tools/run/ts-run.mjs: two levels up is the workspace root.
const root = resolve(__dirname, '../..');
const brokers = engineEndpoints().kafkaBrokers.join(',');
const stamp = Date.now().toString(36);
const logger = createLogger({ name: 'bench', level: 'error' });
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const perSec = (n: number, ms: number) => round(n / (ms / 1000));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shanghai month of now: its orders are due already, so the sender may push them at once. */
const month = monthOf(new Date());
const previousDue = monthlyDueAt(month % 100 === 1 ? month - 89 : month - 1);

const idFor = (i: number) => {
  const base = `3301061950${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, k) => acc + w * Number(base.charAt(k)), 0);
  return base + '10X98765432'.charAt(sum % 11);
};

/** A 低保/特困 approval whose own instalment was last month: the batch pays it from this month. */
function approvalOf(i: number): AssistanceApproved {
  const approvalId = `bench-${stamp}-${String(i).padStart(8, '0')}`;
  // Card numbers carry the run stamp: the simulator is shared by nothing else, but stay unique.
  return {
    approvalId,
    caseId: `case-${i}`,
    applicationId: `app-${i}`,
    item: i % 5 === 0 ? AssistanceItem.ASSISTANCE_ITEM_TEKUN : AssistanceItem.ASSISTANCE_ITEM_DIBAO,
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
    recipient: {
      name: `对象${i}`,
      idNumber: idFor(i),
      citizenCardNo: `6${String(parseInt(stamp, 36) % 1e8).padStart(8, '0')}${String(i).padStart(9, '0')}`,
      regionCode: '330106',
    },
    streetCode: `3301060${String(i % 12).padStart(2, '0')}`,
    level: ApprovalLevel.APPROVAL_LEVEL_STREET,
    approverId: 'bench-approver',
    approvedAt: new Date(),
    instalments: [
      {
        number: 1,
        amountFen: 103000 + (i % 7) * 100,
        dueAt: previousDue,
        idempotencyKey: `${approvalId}:1`,
      },
    ],
  };
}

type Figures = Record<string, number>;

async function timed<T>(figures: Figures, name: string, n: number, fn: () => Promise<T>) {
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  figures[`${name}Sec`] = round(ms / 1000, 2);
  figures[`${name}PerSec`] = perSec(n, ms);
  process.stderr.write(`  ${name}: ${n} in ${round(ms / 1000, 2)} s (${perSec(n, ms)}/s)\n`);
  return result;
}

/** Recipients through the same service the approval consumer calls. */
async function register(recipients: RecipientService, n: number) {
  const bar = progressBar('登记对象 register', n);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const result = await recipients.registerFromApproval(approvalOf(i), `evt-${stamp}-${i}`);
        if (result !== 'registered') throw new Error(`recipient ${i}: ${result}`);
        if (++done % chunk === 0) bar.update(done);
      }
    }),
  );
  bar.finish();
}

async function runBatch(batch: MonthlyBatchService, n: number, label: string) {
  const bar = progressBar(label, n);
  const run = await batch.run(formatMonth(month), 'bench', ({ counts }) =>
    bar.update(counts.processed, `新建 ${counts.created} 已存在 ${counts.existing}`, counts.total),
  );
  bar.finish();
  return run;
}

async function dropDatabase(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  await client.db().dropDatabase();
  await client.close();
}

/** The ciphers a payment service on this database uses (development keys, issue 14). */
async function ciphersOf(mongo: Connection) {
  const suite = (process.env['DATA_CIPHER_SUITE'] ?? 'aes-256-gcm') as SuiteName;
  const vault = new Vault(
    mongo.db!,
    keyMaterialFrom({ NODE_ENV: 'test', DATA_CIPHER_SUITE: suite }),
  );
  return paymentCiphers((name, spec) => vault.collection(name, spec));
}

/** Register → batch → raw insertMany → re-run, on `count` instalments. */
async function writePath(url: string, figures: Figures) {
  const mongo = await connectMongo({ url, logger });
  const raw = new MongoClient(url);
  await raw.connect();
  try {
    const { batch, recipients } = await openMonthlyBatch(mongo, logger, await ciphersOf(mongo), {
      policy: { chunkSize: chunk, sendLeadMs: 72 * 3600_000 },
    });
    await timed(figures, 'register', count, () => register(recipients, count));
    const first = await timed(figures, 'batch', count, () =>
      runBatch(batch, count, `发放批次 batch ${formatMonth(month)}`),
    );
    if (first.counts.created !== count) throw new Error(`batch: ${JSON.stringify(first.counts)}`);

    // The same documents, unordered insertMany, same chunk size, same indexes.
    const rawColl = raw.db().collection<PaymentOrderDoc>('bench_raw_orders');
    for (const [fields, options] of paymentModels(mongo).PaymentOrder.schema.indexes()) {
      await rawColl.createIndex(fields as Document, options as Document);
    }
    const docs: PaymentOrderDoc[] = [];
    for await (const d of raw.db().collection<PaymentOrderDoc>('payment_orders').find({}))
      docs.push(d);
    await timed(figures, 'rawInsert', docs.length, async () => {
      const bar = progressBar('raw insertMany', docs.length);
      for (let i = 0; i < docs.length; i += chunk) {
        await rawColl.insertMany(docs.slice(i, i + chunk), { ordered: false });
        bar.update(Math.min(docs.length, i + chunk));
      }
      bar.finish();
    });
    docs.length = 0;
    Object.assign(figures, await engineCeilings(rawColl, Math.min(count, 20000)));
    process.stderr.write(`  rawUpdate50: ${figures['rawUpdate50PerSec']}/s\n`);

    const rerun = await timed(figures, 'rerun', count, () => runBatch(batch, count, '重跑 re-run'));
    if (rerun.counts.created !== 0 || rerun.counts.existing !== count) {
      throw new Error(`re-run: ${JSON.stringify(rerun.counts)}`);
    }
    const info = await raw.db().admin().command({ buildInfo: 1 });
    return {
      // FerretDB answers buildInfo with `ferretdbVersion` (its own version may read "unknown").
      engine:
        'ferretdbVersion' in info
          ? `FerretDB ${String(info['ferretdbVersion'])} (MongoDB ${String(info['version'])} wire)`
          : `MongoDB ${String(info['version'])}`,
      batchCounts: first.counts,
      rerunCounts: rerun.counts,
    };
  } finally {
    await raw.close();
    await mongo.close();
  }
}

/** Register → batch (setup) → sender → statement export → reconciliation, on `sendCount`. */
async function payoutPath(url: string, figures: Figures) {
  const simulator = new CardPlatformSimulator();
  const grpc = await simulator.start(0);
  // The payment service as npm start composes it; its sender is driven by the benchmark.
  const service = await startPayment(
    loadPaymentConfig({
      NODE_ENV: 'test',
      SERVICE_NAME: 'payment',
      HTTP_PORT: '0',
      KAFKA_BROKERS: brokers,
      ...kafkaCredentialEnv(),
      MONGO_URL: url,
      TOPIC_PREFIX: `bench${stamp}-`,
      LOG_LEVEL: 'error',
      CARD_PLATFORM_URL: `127.0.0.1:${grpc.port}`,
      SENDER_INTERVAL_MS: '0',
      SEND_LEASE_MS: '600000',
      // The range scan beside the slots stays out of the measured run.
      SENDER_SWEEP_MS: '0',
      // No confirmation polls during the run: the phase measures pushes.
      CONFIRM_POLL_MS: '3600000',
    }),
  );
  const mongo = await connectMongo({ url, logger });
  try {
    const { batch, recipients } = await openMonthlyBatch(mongo, logger, await ciphersOf(mongo), {
      policy: { chunkSize: chunk, sendLeadMs: 72 * 3600_000 },
    });
    await register(recipients, sendCount);
    await runBatch(batch, sendCount, `发放批次 batch ${formatMonth(month)}（推送用）`);

    let passes = 0;
    await timed(figures, 'send', sendCount, async () => {
      const bar = progressBar('推送 send', sendCount);
      let sent = 0;
      for (;;) {
        const report = await service.orders.sendDue(sendBatch);
        passes += 1;
        const moved = report.sent + report.confirmed + report.failed + report.returned;
        sent += moved;
        bar.update(sent);
        if (moved === 0 && report.retried === 0) break;
        if (moved === 0) await sleep(200);
      }
      bar.finish();
    });
    for (const [stage, ms] of Object.entries(service.orders.senderStages())) {
      figures[`send_${stage}Sec`] = round(ms / 1000, 2);
    }
    const orders = mongo.db!.collection<PaymentOrderDoc>('payment_orders');
    const sent = await orders.countDocuments({ status: 'sent' });
    if (sent !== sendCount) throw new Error(`only ${sent} of ${sendCount} orders sent`);
    if (simulator.payments.size !== sendCount) {
      throw new Error(`platform holds ${simulator.payments.size} payments`);
    }

    const dates = [
      ...new Set(
        [...simulator.payments.values()].map((p) => p.receivedAt.toISOString().slice(0, 10)),
      ),
    ].sort();
    const csvs = await timed(figures, 'statementExport', sendCount, async () =>
      dates.map((date) => ({ date, csv: simulator.statementCsv(date) })),
    );
    let matched = 0;
    let findings = 0;
    await timed(figures, 'reconcile', sendCount, async () => {
      for (const { date, csv } of csvs) {
        const { report } = await service.reconciliation.import(date, csv, 'bench');
        matched += report.matched;
        findings += report.findings.length;
      }
    });
    if (matched !== sendCount || findings !== 0) {
      throw new Error(`reconciliation matched ${matched}, findings ${findings}`);
    }
    return { sendPasses: passes, reconciled: { matched, findings, days: dates.length } };
  } finally {
    await mongo.close();
    await service.stop();
    await grpc.close();
  }
}

async function main() {
  execFileSync(process.execPath, [resolve(root, 'tools/local-infra/cli.mjs'), 'up'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const writeUrl = mongoUrlFor(`bench_payments_${stamp}_write`);
  const payoutUrl = mongoUrlFor(`bench_payments_${stamp}_payout`);
  const figures: Figures = {};
  try {
    const write = await writePath(writeUrl, figures);
    const payout = await payoutPath(payoutUrl, figures);
    const writeRatio = round(figures['batchPerSec']! / figures['rawInsertPerSec']!, 3);
    // Two `_id` updates per order (claim, record): the engine's ceiling for the sender.
    const sendCeiling = round(figures['rawUpdate50PerSec']! / 2);
    const sendRatio = round(figures['sendPerSec']! / sendCeiling, 3);
    // The issue's month (1,000,000 instalments) at the rates measured here: the phases it names.
    const month1M = 1_000_000;
    const monthSec = (['batch', 'send', 'statementExport', 'reconcile'] as const).reduce(
      (acc, name) => acc + month1M / figures[`${name}PerSec`]!,
      0,
    );
    const row = (name: string, n: number) => ({
      instalments: n,
      docsPerSec: figures[`${name}PerSec`],
      seconds: figures[`${name}Sec`],
    });
    console.log(`\n== bench:payments (${write.engine}, node ${process.version}) ==`);
    console.table({
      'register recipients': row('register', count),
      'monthly batch (write path)': row('batch', count),
      'raw insertMany (unordered)': row('rawInsert', count),
      're-run same month (all existing)': row('rerun', count),
      'send (claim → gRPC push → record)': row('send', sendCount),
      'statement export (simulator CSV)': row('statementExport', sendCount),
      'reconciliation import': row('reconcile', sendCount),
    });
    console.log(`write path ÷ raw insertMany (chunk ${chunk}): ${writeRatio}`);
    console.log(
      `engine ceilings: raw insertMany ${figures['rawInsertPerSec']}/s; raw updateOne by _id ` +
        `(bulk commands of 50) ${figures['rawUpdate50PerSec']}/s → ${sendCeiling} orders/s at ` +
        `2 writes per order; find by indexed equality (limit 1000) ${figures['rawFindSlotMs']} ms`,
    );
    console.log(
      `send ${figures['sendPerSec']}/s = ${sendRatio} × that ceiling (target ≥ 1,000/s); stages (s): ` +
        ['find', 'claim', 'query', 'push', 'record']
          .map((k) => `${k} ${figures[`send_${k}Sec`]}`)
          .join(', '),
    );
    console.log(
      `month of ${month1M} at these rates (batch + send + export + reconcile): ` +
        `${round(monthSec / 60, 1)} min (target ≤ 15)`,
    );
    console.log(
      JSON.stringify({
        benchmark: 'payments',
        node: process.version,
        count,
        sendCount,
        chunk,
        sendBatch,
        month: formatMonth(month),
        ...figures,
        writeRatio,
        sendCeiling,
        sendRatio,
        month1MMinutesAtRates: round(monthSec / 60, 1),
        ...write,
        ...payout,
      }),
    );
  } finally {
    if (!values.keep) {
      await dropDatabase(writeUrl);
      await dropDatabase(payoutUrl);
    }
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
