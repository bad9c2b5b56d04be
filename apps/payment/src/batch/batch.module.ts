import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@jh/platform-auth';
import type { Logger } from '@jh/platform-logger';
import { paymentModels } from '../order/order.model';
import { batchRunModel } from './batch.model';
import { mountBatchRoutes } from './batch.http';
import { defaultBatchPolicy, MonthlyBatchService, type BatchPolicy } from './batch.service';
import { MongoBatchRunStore, MongoOrderChunkWriter, type OrderChunkWriter } from './batch.store';
import { recipientModel } from './recipient.model';
import { RecipientService } from './recipient.service';
import { MongoRecipientStore } from './recipient.store';

export interface MonthlyBatchModule {
  batch: MonthlyBatchService;
  recipients: RecipientService;
  mountHttp(app: Express, verifier: TokenVerifier): void;
}

export interface MonthlyBatchOptions {
  policy?: Partial<BatchPolicy>;
  clock?: () => Date;
  /** Test seam: wraps the order writer (crash injection). */
  writer?: (inner: OrderChunkWriter) => OrderChunkWriter;
  onStop?: (fn: () => Promise<void>) => void;
}

/** Recipients register + monthly batch on one connection; used by the app, the CLI and the bench. */
export async function createMonthlyBatch(
  mongo: Connection,
  logger: Logger,
  options: MonthlyBatchOptions = {},
): Promise<MonthlyBatchModule> {
  const Recipient = recipientModel(mongo);
  const BatchRun = batchRunModel(mongo);
  const { PaymentOrder } = paymentModels(mongo);
  await Promise.all([Recipient.init(), BatchRun.init(), PaymentOrder.init()]);
  const inner = new MongoOrderChunkWriter(PaymentOrder);
  const recipientStore = new MongoRecipientStore(Recipient);
  const batch = new MonthlyBatchService(
    recipientStore,
    new MongoBatchRunStore(BatchRun),
    options.writer?.(inner) ?? inner,
    { ...defaultBatchPolicy, ...options.policy },
    logger,
    options.clock,
  );
  const recipients = new RecipientService(recipientStore, options.clock);
  options.onStop?.(() => batch.stop());
  return {
    batch,
    recipients,
    mountHttp: (app, verifier) => mountBatchRoutes(app, batch, recipients, verifier),
  };
}
