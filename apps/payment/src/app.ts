import { Topics } from '@jh/contracts';
import { ensureTopics } from '@jh/platform-kafka';
import { startService, type RunningService, type Scheduler } from '@jh/platform-service';
import { createMonthlyBatch } from './batch/batch.module';
import { grpcCardPlatform, type CardPlatform } from './card-platform/adapter';
import { startApprovalConsumer } from './consumers';
import type { PaymentConfig } from './env';
import { mountPaymentRoutes } from './http';
import type { Operations } from './operations';
import { createOperations } from './operations.module';
import { paymentModels, type PaymentModels } from './order/order.model';
import { PaymentOrderService } from './order/order.service';
import { MongoPaymentOrderStore, type PaymentOrderStore } from './order/order.store';
import { startPaidEvents } from './order/instalment-paid';
import { mountReconciliationRoutes } from './reconciliation/reconciliation.http';
import {
  findingChunkModel,
  reconciliationModel,
  ReconciliationService,
} from './reconciliation/reconciliation.service';

export interface PaymentService extends RunningService {
  orders: PaymentOrderService;
  reconciliation: ReconciliationService;
  /** Fallback, reserves, staff actions, callbacks, totals (R-PAY-3/4/6). */
  operations: Operations;
}

/** Seams for tests: a store wrapper (crash injection) and a clock. */
export interface PaymentOptions {
  store?: (models: PaymentModels) => PaymentOrderStore;
  clock?: () => Date;
  /** Times the sender and alarm loops (tests drive them by hand). */
  scheduler?: Scheduler;
}

export async function startPayment(
  config: PaymentConfig,
  options: PaymentOptions = {},
): Promise<PaymentService> {
  let orders: PaymentOrderService | undefined;
  let reconciliation: ReconciliationService | undefined;
  let wired: Operations | undefined;
  const running = await startService(
    config,
    async ({ mongo, kafka, logger, verifier, onStop, relayOutbox, every }) => {
      const models = paymentModels(mongo);
      await models.PaymentOrder.init();
      const operations = await createOperations(mongo, config, logger, options.clock);
      const platform: CardPlatform = operations.track(
        grpcCardPlatform({
          url: config.CARD_PLATFORM_URL,
          token: config.CARD_PLATFORM_TOKEN,
          deadlineMs: config.CARD_PLATFORM_DEADLINE_MS,
        }),
      );
      onStop(async () => platform.close());
      // jh.payment.instalment_paid.v1 from the orders' outbox, for the window (R-JH-1, R-JH-5).
      const paidEvents = await startPaidEvents({
        model: models.PaymentOrder,
        kafka,
        sweepMs: config.PAID_EVENTS_SWEEP_MS,
        relayOutbox,
      });
      const store = options.store?.(models) ?? new MongoPaymentOrderStore(models, paidEvents);
      const Reconciliation = reconciliationModel(mongo);
      const Findings = findingChunkModel(mongo);
      await Promise.all([Reconciliation.init(), Findings.init()]);
      const reconcile = new ReconciliationService(
        Reconciliation,
        Findings,
        store,
        logger.child({ component: 'reconciliation' }),
        {
          chunkRows: config.RECONCILE_CHUNK_ROWS,
          lookupConcurrency: config.RECONCILE_LOOKUP_CONCURRENCY,
        },
        options.clock,
      );
      onStop(() => reconcile.stop());
      reconciliation = reconcile;
      const service = new PaymentOrderService(
        store,
        platform,
        {
          sendLeadMs: config.SEND_LEAD_HOURS * 3600_000,
          leaseMs: config.SEND_LEASE_MS,
          retryInitialMs: config.RETRY_INITIAL_MS,
          retryMaxMs: config.RETRY_MAX_MS,
          pollMs: config.CONFIRM_POLL_MS,
        },
        logger,
        options.clock,
      );
      orders = service;
      const ops = await operations.wire(platform, store, service);
      wired = ops;
      await ensureTopics(kafka, [kafka.topic(Topics.assistanceApproved)]);
      const monthly = await createMonthlyBatch(mongo, logger, {
        policy: { sendLeadMs: config.SEND_LEAD_HOURS * 3600_000 },
        clock: options.clock,
        onStop,
      });
      // A payee recorded on an order also completes the monthly register entry (ADR 0010).
      ops.actions.onPayeeRecorded = async (order, by) => {
        await monthly.recipients.recordPayee(order.approvalId, order.recipient, by);
      };
      const consumer = await startApprovalConsumer(kafka, logger, service, monthly.recipients);
      onStop(() => consumer.stop());
      // The past-due scan reads every open order: its own, slower cadence, off the sender's path.
      every(config.SENDER_INTERVAL_MS, 'payment sender run', () => service.sendDue());
      every(config.OVERDUE_ALARM_INTERVAL_MS, 'past-due and missing-payee alarm run', async () => {
        await service.alarmOverdue();
        await service.alarmAwaitingPayee();
      });
      return {
        mountHttp: (app) => {
          mountPaymentRoutes(app, service, reconcile, verifier);
          mountReconciliationRoutes(app, reconcile, verifier);
          ops.mountHttp(app, verifier);
          monthly.mountHttp(app, verifier);
        },
      };
    },
    { scheduler: options.scheduler },
  );
  if (!orders || !reconciliation || !wired) throw new Error('payment service not wired');
  return { ...running, orders, reconciliation, operations: wired };
}
