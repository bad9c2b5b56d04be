// Benchmark (not a test): the payment staff's reconciliation screens in Chromium against the real
// services (issue 16, R-PAY-5).
//  1. A 100,000-row statement imported through the page (the Dragger's file input, as a user's
//     file chooser does): the progress values the page showed (upload %, then the server's
//     "正在核对 x / y 行") and the total time until the report is complete.
//  2. The findings page of that report (100,000 orders in the month, 1,000 findings): time from
//     navigation to the findings table's first row on screen, p50 of a few runs.
// Orders are seeded into a payment database of its own: recipients registered and one month's
// batch run through the service's own code (as payments.bench does), the sender switched off.
//   npm run bench:console-payment -- [--orders 100000] [--findings 1000] [--runs 5] [--build]
// --build rebuilds dist/apps/payment and dist/apps/console first (shared by the e2e journeys).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import {
  ApprovalLevel,
  AssistanceItem,
  PaymentSchedule,
  type AssistanceApproved,
} from '@jh/contracts';
import { keyMaterialFrom, Vault, type SuiteName } from '@jh/platform-crypto';
import { createLogger } from '@jh/platform-logger';
import { connectMongo } from '@jh/platform-mongo';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import { monthlyInstalmentKey } from '@jh/domain-policy';
import { openMonthlyBatch } from '../../apps/payment/src/batch/batch.feature';
import { formatMonth, monthlyDueAt, monthOf, nextMonth } from '../../apps/payment/src/batch/month';
import { statementHeader } from '../../apps/payment/src/reconciliation/statement-csv';
import { paymentCiphers } from '../../apps/payment/src/sealed-fields';
import { launchBrowser, signIn } from '../../e2e/src/browser';
import { buildApps, repoRoot } from '../../e2e/src/processes';
import { startSystem } from '../../e2e/src/system';
import { percentile, round } from './bench-util';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    findings: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    build: { type: 'boolean', default: false },
  },
});
const orderCount = Number(values.orders);
const findingCount = Number(values.findings);
const runs = Number(values.runs);
const logger = createLogger({ name: 'bench', level: 'error' });
const stamp = Date.now().toString(36);
// Next month: its orders are not due yet, so nothing moves them while the bench runs.
const month = nextMonth(monthOf(new Date()));
const previousDue = monthlyDueAt(monthOf(new Date()));
const secs = (ms: number) => round(ms / 1000, 1);

const approvalIdOf = (i: number) => `rb-${stamp}-${String(i).padStart(7, '0')}`;
const cardOf = (i: number) =>
  `6${String(parseInt(stamp, 36) % 1e6).padStart(6, '0')}${String(i).padStart(9, '0')}`;
const amountOf = (i: number) => 103000 + (i % 7) * 100;

function approvalOf(i: number): AssistanceApproved {
  const approvalId = approvalIdOf(i);
  return {
    approvalId,
    caseId: `case-${i}`,
    applicationId: `app-${i}`,
    item: i % 5 === 0 ? AssistanceItem.ASSISTANCE_ITEM_TEKUN : AssistanceItem.ASSISTANCE_ITEM_DIBAO,
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
    recipient: {
      name: `对象${i}`,
      idNumber: '330106195001011234',
      citizenCardNo: cardOf(i),
      regionCode: '330106',
    },
    streetCode: `3301060${String(1 + (i % 12)).padStart(2, '0')}`,
    level: ApprovalLevel.APPROVAL_LEVEL_STREET,
    approverId: 'bench-approver',
    approvedAt: new Date(),
    instalments: [
      { number: 1, amountFen: amountOf(i), dueAt: previousDue, idempotencyKey: `${approvalId}:1` },
    ],
  } as AssistanceApproved;
}

/** Registers the recipients and runs the month's batch: `orderCount` orders of one month. */
async function seed(database: string): Promise<void> {
  const mongo = await connectMongo({ url: mongoUrlFor(database), logger });
  try {
    const suite = (process.env['DATA_CIPHER_SUITE'] ?? 'aes-256-gcm') as SuiteName;
    const vault = new Vault(
      mongo.db!,
      keyMaterialFrom({ NODE_ENV: 'test', DATA_CIPHER_SUITE: suite }),
    );
    const ciphers = await paymentCiphers((name, spec) => vault.collection(name, spec));
    const { batch, recipients } = await openMonthlyBatch(mongo, logger, ciphers);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < orderCount; i = next++) {
          const r = await recipients.registerFromApproval(approvalOf(i), `evt-${stamp}-${i}`);
          if (r !== 'registered') throw new Error(`recipient ${i}: ${r}`);
        }
      }),
    );
    const run = await batch.run(formatMonth(month), 'bench');
    if (run.counts.created !== orderCount) throw new Error(`batch: ${JSON.stringify(run.counts)}`);
    // The batch writes every order's scope keys; mark the start-up backfill done, as a service
    // that created these orders itself would have (its scan of 100,000 orders would outlast the
    // system's 45 s readiness wait).
    for (const marker of ['payment_orders:scope', 'payment_reserve_entries:scope']) {
      await mongo
        .db!.collection<{ _id: string; at: Date }>('payment_migrations')
        .updateOne({ _id: marker }, { $setOnInsert: { at: new Date() } }, { upsert: true });
    }
  } finally {
    await mongo.close();
  }
}

/** One line per order; every (orders/findings)-th with its amount 1 元 off: AMOUNT_MISMATCH. */
function statementCsv(date: string): string {
  const every = Math.floor(orderCount / findingCount);
  const lines = [statementHeader];
  for (let i = 0; i < orderCount; i++) {
    const off = i % every === 0 && i / every < findingCount ? 100 : 0;
    const key = monthlyInstalmentKey(approvalIdOf(i), month);
    lines.push(
      `${key},YJD${String(i).padStart(10, '0')},${cardOf(i)},${amountOf(i) + off},PAID,${date}T08:00:00Z`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function build(): void {
  buildApps(['payment']);
  const r = spawnSync(
    join(repoRoot, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/console/vite.config.mjs', '--logLevel', 'warn'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`console build failed:\n${r.stdout}${r.stderr}`);
}

async function main() {
  const t0 = Date.now();
  if (values.build) {
    build();
    console.log(`built payment and console in ${secs(Date.now() - t0)} s`);
  }
  const database = `${uniquePrefix('bench-recon')}payment`;
  const t1 = Date.now();
  await seed(database);
  console.log(`seeded ${orderCount} orders of ${formatMonth(month)} in ${secs(Date.now() - t1)} s`);
  const date = new Date().toISOString().slice(0, 10);
  const csv = statementCsv(date);
  console.log(
    `statement: ${orderCount} rows, ${round(csv.length / 1024 / 1024, 1)} MB, ${findingCount} amount mismatches`,
  );

  // The other services start beside payment's first pass over 100,000 orders on one engine.
  const t2 = Date.now();
  const system = await startSystem({
    readyTimeoutMs: 300_000,
    env: {
      payment: {
        MONGO_URL: mongoUrlFor(database),
        SENDER_INTERVAL_MS: '0',
        OVERDUE_ALARM_INTERVAL_MS: '0',
      },
    },
  });
  console.log(`system ready in ${secs(Date.now() - t2)} s`);
  // Started inside the try: a browser that fails to launch still stops the system.
  let session: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    session = await launchBrowser();
    const page = session.page;
    await signIn(page, system.url, 'pay.330100');

    // 1. The import through the page, sampling what it shows every 250 ms.
    await page.goto(`${system.url}/payment/reconciliation`);
    await page.getByLabel('对账日期').fill(date);
    const seen: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const text = await page
          .locator('[role=status]')
          .allTextContents()
          .catch(() => [] as string[]);
        const last = text.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ');
        if (last && seen.at(-1) !== last) seen.push(last);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const start = Date.now();
    await page.locator('input[type=file]').setInputFiles({
      name: `statement-${date}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.waitForURL(/\/payment\/reconciliation\/.+/, { timeout: 300_000 });
    const accepted = Date.now() - start;
    await page.getByText(/^核对完成/).waitFor({ timeout: 600_000 });
    await page
      .getByRole('table', { name: '对账差异' })
      .locator('tbody tr.ant-table-row')
      .first()
      .waitFor();
    const total = Date.now() - start;
    sampling = false;
    await sampler;
    const shown =
      (await page
        .locator('th', { hasText: /^差异$/ })
        .locator('xpath=following-sibling::td[1]')
        .first()
        .textContent()) ?? '';
    console.log(
      `import through the page: accepted (upload + validation) after ${secs(accepted)} s, complete after ${secs(total)} s; findings shown ${shown}`,
    );
    console.log(`progress seen (${seen.length} distinct states):`);
    const step = Math.max(1, Math.floor(seen.length / 12));
    for (let i = 0; i < seen.length; i += step) console.log(`  ${seen[i]}`);
    if ((seen.length - 1) % step !== 0) console.log(`  ${seen.at(-1)}`);

    // 2. The findings page, a full load after sign-in each time.
    const reportUrl = page.url();
    const firstRow = page
      .getByRole('table', { name: '对账差异' })
      .locator('tbody tr.ant-table-row')
      .first();
    const load: number[] = [];
    const api: number[] = [];
    for (let r = -1; r < runs; r++) {
      const s = Date.now();
      await page.goto(reportUrl);
      await firstRow.waitFor({ timeout: 30_000 });
      const ms = Date.now() - s;
      const apiMs = await page.evaluate(() => {
        const e = performance
          .getEntriesByType('resource')
          .find((x) => /\/api\/payment\/reconciliations\/[^/]+$/.test(x.name));
        return e ? e.duration : NaN;
      });
      if (r >= 0) {
        load.push(ms);
        api.push(apiMs);
      }
    }
    for (const l of [load, api]) l.sort((a, b) => a - b);
    const totalText = await page.locator('main .ant-pagination-total-text').first().textContent();
    console.log(`findings page (${orderCount} orders in the month; ${totalText ?? ''}):`);
    console.log(
      `  full load to first row: p50 ${round(percentile(load, 50))} ms, max ${round(load.at(-1) ?? NaN)} ms (${runs} runs)`,
    );
    console.log(`  GET /reconciliations/:id (browser): p50 ${round(percentile(api, 50))} ms`);
  } finally {
    await session?.close();
    await system.stop();
    const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
  console.log(`bench total ${secs(Date.now() - t0)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
