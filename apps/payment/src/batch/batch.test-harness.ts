import { createLogger } from '@jh/platform-logger';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import mongoose, { type Connection } from 'mongoose';
import type { PaymentOrderDoc } from '../order/order.model';
import type { BatchRunDoc } from './batch.model';
import { createMonthlyBatch, type MonthlyBatchOptions } from './batch.module';
import type { MonthNumber } from './month';
import { OPEN_ENDED } from './month';
import type { RecipientDoc } from './recipient.model';

/** A registered recipient as the approval consumer writes it. */
export function recipientDoc(
  i: number,
  startMonth: MonthNumber,
  stopMonth: MonthNumber = OPEN_ENDED,
): RecipientDoc {
  const approvalId = `appr-${String(i).padStart(7, '0')}`;
  const at = new Date('2026-10-15T02:00:00Z');
  return {
    _id: approvalId,
    approvalId,
    caseId: `case-${i}`,
    applicationId: `app-${i}`,
    item: i % 5 === 0 ? 'tekun' : 'dibao',
    recipient: {
      name: `对象${i}`,
      idNumber: `33010619500101${String(i % 10000).padStart(4, '0')}`,
      citizenCardNo: `6${String(i).padStart(9, '0')}`,
      regionCode: '330106',
    },
    streetCode: `3301060${String(i % 12).padStart(2, '0')}`,
    monthlyAmountFen: 103000 + (i % 7) * 100,
    startMonth,
    stopMonth,
    sourceEventIds: [`evt-${i}`],
    audit: [{ at, actor: 'system:payment-intake', action: 'registered', reason: '测试' }],
    createdAt: at,
    updatedAt: at,
  };
}

/** The batch module on its own database of the real FerretDB, with a raw handle for assertions. */
export async function startBatchHarness(label: string, options: MonthlyBatchOptions = {}) {
  const db: Connection = await mongoose
    .createConnection(mongoUrlFor(`${uniquePrefix(label)}batch`))
    .asPromise();
  const logger = createLogger({ name: 'batch-test', level: 'silent' });
  const stops: (() => Promise<void>)[] = [];
  const module = await createMonthlyBatch(db, logger, {
    onStop: (fn) => stops.push(fn),
    ...options,
  });
  const orders = () => db.db!.collection<PaymentOrderDoc>('payment_orders');
  const recipients = () => db.db!.collection<RecipientDoc>('payment_recipients');
  const runs = () => db.db!.collection<BatchRunDoc>('payment_batches');
  return {
    db,
    ...module,
    orders,
    recipients,
    runs,
    async seed(docs: RecipientDoc[]) {
      for (let i = 0; i < docs.length; i += 1000) {
        await recipients().insertMany(docs.slice(i, i + 1000), { ordered: false });
      }
    },
    async stop() {
      for (const s of stops) await s();
      await db.dropDatabase();
      await db.close();
    },
  };
}
export type BatchHarness = Awaited<ReturnType<typeof startBatchHarness>>;
