// Second composition root of the payment app: generates a month's 低保/特困 instalments (the same
// run the console starts with POST /batches/monthly), without the service around it:
//   npm run batch:monthly -- --month 2026-12 [--by u-pay-1] [--chunk 1000]
// Progress goes to stderr; the finished run document is printed on stdout as JSON.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { isAppError } from '@jh/platform-errors';
import { createLogger } from '@jh/platform-logger';
import { connectMongo } from '@jh/platform-mongo';
import { keyMaterialFrom, Vault } from '@jh/platform-crypto';
import { paymentCiphers } from '../sealed-fields';
import { loadPaymentConfig } from '../env';
import { openMonthlyBatch } from './batch.feature';
import { batchRunView } from './batch.view';
import { progressBar, type ProgressBar } from './progress-bar';

const { values } = parseArgs({
  options: {
    month: { type: 'string' },
    by: { type: 'string', default: `cli:${userInfo().username}` },
    chunk: { type: 'string', default: '1000' },
  },
});

async function main(): Promise<number> {
  if (!values.month) {
    console.error('缺少 --month（格式 YYYY-MM）/ missing --month YYYY-MM');
    return 2;
  }
  const chunkSize = Number(values.chunk);
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10000) {
    console.error('--chunk 应为 1–10000 的整数 / --chunk must be an integer 1–10000');
    return 2;
  }
  const config = loadPaymentConfig();
  const logger = createLogger({ name: 'monthly-batch', level: config.LOG_LEVEL });
  const mongo = await connectMongo({ url: config.MONGO_URL, logger });
  try {
    // The service's keys: orders written here are sealed like the service's own (issue 14).
    const vault = new Vault(mongo.db!, keyMaterialFrom(config));
    const ciphers = await paymentCiphers((name, spec) => vault.collection(name, spec));
    const { batch } = await openMonthlyBatch(mongo, logger, ciphers, {
      policy: { chunkSize, sendLeadMs: config.SEND_LEAD_HOURS * 3600_000 },
    });
    let bar: ProgressBar | undefined;
    const run = await batch.run(values.month, values.by, ({ counts }) => {
      bar ??= progressBar(`发放批次 ${values.month}`, counts.total);
      bar.update(
        counts.processed,
        `新建 ${counts.created} 已存在 ${counts.existing} 失败 ${counts.failed}`,
        counts.total,
      );
    });
    const c = run.counts;
    (bar ?? progressBar(`发放批次 ${values.month}`, c.total)).finish(
      `新建 ${c.created} 已存在 ${c.existing} 失败 ${c.failed}`,
    );
    console.log(JSON.stringify(batchRunView(run)));
    return run.status === 'completed' && c.failed === 0 ? 0 : 1;
  } catch (e) {
    if (isAppError(e)) {
      const fields = e.details.map((d) => `${d.path}: ${d.message}`).join('；');
      console.error(`${e.message}${fields ? `（${fields}）` : ''} [${e.code}]`);
      return e.kind === 'invalid_input' ? 2 : 1;
    }
    console.error(e);
    console.error('批次中断，重新运行同一月份即可续做（已生成的指令不会重复）');
    return 1;
  } finally {
    await mongo.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
