import type { Connection } from 'mongoose';
import { orderAuditChain, type OrderAuditSink } from '../order/order.audit-chain';
import type { Logger } from '@jh/platform-logger';
import { defineFeature } from '@jh/platform-service';
import { paymentModels } from '../order/order.model';
import { DueCursor, dueCursorModel } from '../order/due-slot';
import { batchEnv } from './batch.env';
import { mountBatchRoutes } from './batch.http';
import { batchRunModel } from './batch.model';
import { defaultBatchPolicy, MonthlyBatchService, type BatchPolicy } from './batch.service';
import { MongoBatchRunStore, MongoOrderChunkWriter, type OrderChunkWriter } from './batch.store';
import { recipientModel } from './recipient.model';
import { RecipientService } from './recipient.service';
import { MongoRecipientStore } from './recipient.store';
import { paymentGuard } from '../payment.access';
import type { PaymentCiphers } from '../sealed-fields';

export interface MonthlyBatch {
  batch: MonthlyBatchService;
  recipients: RecipientService;
}

export interface MonthlyBatchOptions {
  policy?: Partial<BatchPolicy>;
  clock?: () => Date;
  /** Test seam: wraps the order writer (crash injection). */
  writer?: (inner: OrderChunkWriter) => OrderChunkWriter;
  /** Each created order's entry, to the service's audit chain (ADR 0019). */
  onAudit?: OrderAuditSink;
}

/**
 * Recipients register + monthly batch on one connection: what the feature starts, and what the
 * command-line run (monthly-batch.main.ts) and the benchmark start without the service around it.
 */
export async function openMonthlyBatch(
  mongo: Connection,
  logger: Logger,
  ciphers: Pick<PaymentCiphers, 'payment_orders' | 'payment_recipients'>,
  options: MonthlyBatchOptions = {},
): Promise<MonthlyBatch> {
  const Recipient = recipientModel(mongo);
  const BatchRun = batchRunModel(mongo);
  const { PaymentOrder } = paymentModels(mongo);
  await Promise.all([Recipient.init(), BatchRun.init(), PaymentOrder.init()]);
  const inner = new MongoOrderChunkWriter(
    PaymentOrder,
    new DueCursor(dueCursorModel(mongo)),
    ciphers.payment_orders,
    options.onAudit,
  );
  const recipientStore = new MongoRecipientStore(Recipient, ciphers.payment_recipients);
  const batch = new MonthlyBatchService(
    recipientStore,
    new MongoBatchRunStore(BatchRun),
    options.writer?.(inner) ?? inner,
    { ...defaultBatchPolicy, ...options.policy },
    logger,
    options.clock,
  );
  return {
    batch,
    recipients: new RecipientService(recipientStore, options.clock, (r) => batch.catchUp(r)),
  };
}

/** 低保/特困 monthly payments: the recipients register and the month's batch run (ADR 0009). */
export const batchFeature = defineFeature({
  name: 'batch',
  env: batchEnv,
  async start(
    { config, mongo, logger, verifier, onStop, clock, vault, audit },
    deps: { ciphers: PaymentCiphers },
  ) {
    const monthly = await openMonthlyBatch(mongo, logger, deps.ciphers, {
      policy: { sendLeadMs: config.SEND_LEAD_HOURS * 3600_000 },
      clock,
      onAudit: orderAuditChain(audit),
    });
    onStop(() => monthly.batch.stop());
    return {
      api: monthly,
      mountHttp: (app) =>
        mountBatchRoutes(app, {
          batch: monthly.batch,
          recipients: monthly.recipients,
          verifier,
          batchGuard: paymentGuard('batch', logger),
          orderGuard: paymentGuard('order', logger),
          platformRegion: config.PAYMENT_REGION_CODE,
          personRef: (idNumber) => vault.blindIndex('id-number', idNumber),
        }),
    };
  },
});
