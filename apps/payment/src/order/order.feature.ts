import { Topics } from '@jh/contracts';
import { serviceEnvSchema } from '@jh/platform-config';
import { cachedGauge, platformMeter } from '@jh/platform-telemetry';
import { defineFeature } from '@jh/platform-service';
import { maxPushBatch, type CardPlatform } from '../card-platform/adapter';
import { DueCursor, dueCursorModel, lookbackMinutes, minuteOf } from './due-slot';
import { OrderActionsService } from './order.actions';
import { orderAuditChain } from './order.audit-chain';
import { startApprovalConsumer, type ApprovalRegister } from './order.consumer';
import { orderEnv } from './order.env';
import { pushFailureReasons, type PushFailureReason } from './order.sender';
import { mountOrderRoutes } from './order.http';
import { paymentModels, type PaymentOrderDoc } from './order.model';
import { PaymentOrderService } from './order.service';
import { MongoPaymentOrderStore, type OrderStorage, type PaymentOrderStore } from './order.store';
import type { DocumentCipher } from '@jh/platform-crypto';
import { migratePaymentScope, paymentGuard } from '../payment.access';

export interface OrderDeps {
  platform: CardPlatform;
  /** The monthly register: approvals join it, and a recorded payee completes its entry. */
  register: ApprovalRegister & {
    recordPayee(
      approvalId: string,
      payee: { citizenCardNo: string; name: string },
      by: string,
    ): Promise<unknown>;
  };
  /** The cipher of `payment_orders` (sealing feature). */
  cipher: DocumentCipher;
  /** Test seam: a store wrapper (crash injection). */
  store?: (storage: OrderStorage) => PaymentOrderStore;
}

/**
 * Payment orders: approvals in (one order per instalment), the sender and alarm loops, the
 * paid-event outbox, the staff worklist and its actions (R-PAY-1/2/5, ADR 0010).
 */
export const orderFeature = defineFeature({
  name: 'order',
  // SERVICE_NAME: the `service` label of the push-failure counter, as on the platform's gauges.
  env: { ...orderEnv, SERVICE_NAME: serviceEnvSchema.shape.SERVICE_NAME },
  topics: { consumes: [Topics.assistanceApproved], publishes: [Topics.instalmentPaid] },
  async start(
    { config, mongo, kafka, logger, verifier, onStop, relayOutbox, every, clock, audit, vault },
    deps: OrderDeps,
  ) {
    const models = paymentModels(mongo);
    await models.PaymentOrder.init();
    const migrated = await migratePaymentScope(mongo, 'payment_orders');
    if (migrated > 0) logger.info({ migrated }, 'scope keys added to older payment orders');
    // jh.payment.instalment_paid.v1 from the orders' outbox, for the window (R-JH-1, R-JH-5);
    // the order schema's outbox plugin kicks the relay by `_id` after each paying write (ADR 0014).
    relayOutbox(models.PaymentOrder);
    const storage: OrderStorage = {
      ...models,
      cipher: deps.cipher,
      onAudit: orderAuditChain(audit),
    };
    const store = deps.store?.(storage) ?? new MongoPaymentOrderStore(storage);
    const sendPolicy = {
      sendLeadMs: config.SEND_LEAD_HOURS * 3600_000,
      leaseMs: config.SEND_LEASE_MS,
    };
    // The sender's walk over due slots starts no later than now (ADR 0016).
    const cursor = new DueCursor(dueCursorModel(mongo));
    await cursor.lower(minuteOf(clock()) - lookbackMinutes);
    const orders = new PaymentOrderService(
      store,
      deps.platform,
      cursor,
      {
        ...sendPolicy,
        retryInitialMs: config.RETRY_INITIAL_MS,
        retryMaxMs: config.RETRY_MAX_MS,
        pollMs: config.CONFIRM_POLL_MS,
        dueSweepMs: config.SENDER_SWEEP_MS,
        onPushFailure: pushFailureCounter(config.SERVICE_NAME),
      },
      logger,
      clock,
    );
    const actions = new OrderActionsService(
      store,
      deps.platform,
      orders,
      clock,
      async (order: PaymentOrderDoc, by: string) => {
        await deps.register.recordPayee(order.approvalId, order.recipient, by);
      },
    );
    const consumer = await startApprovalConsumer(kafka, logger, orders, deps.register);
    onStop(() => consumer.stop());
    // The past-due scan reads every open order: its own, slower cadence, off the sender's path.
    every(config.SENDER_INTERVAL_MS, 'payment sender run', async () => {
      // A full batch means more are due: keep going, up to a bound per tick.
      for (let i = 0; i < 100; i++) {
        const r = await orders.sendDue(maxPushBatch);
        if (r.sent + r.confirmed + r.failed + r.returned + r.retried < maxPushBatch) break;
      }
    });
    every(config.OVERDUE_ALARM_INTERVAL_MS, 'past-due and missing-payee alarm run', async () => {
      await orders.alarmOverdue();
      await orders.alarmAwaitingPayee();
    });
    // For the past-due alert (R-PAY-2): a scan of unsettled orders, at most once a minute and
    // counted up to 1,000 (an alarm needs one).
    cachedGauge(
      'jh_payment_orders_past_due',
      '逾期未到账的支付指令数（最多计 1000）/ payment orders past due, not settled (counted up to 1,000)',
      { everyMs: 60_000, clock },
      async () => {
        const byCounty = new Map<string, number>();
        for (const o of await store.overdue(clock(), 1000)) {
          const county = o.scope?.county ?? o.streetCode.slice(0, 6);
          byCounty.set(county, (byCounty.get(county) ?? 0) + 1);
        }
        return [...byCounty].map(([county, n]) => ({ value: n, attributes: { county } }));
      },
    );
    return {
      api: { orders, actions, store, sendPolicy },
      mountHttp: (app) =>
        mountOrderRoutes(app, {
          verifier,
          orders,
          actions,
          guard: paymentGuard('order', logger),
          personRef: (idNumber) => vault.blindIndex('id-number', idNumber),
        }),
    };
  },
});

/**
 * `jh_payment_push_failures_total{service,reason}`: payments a push to the card platform did not
 * book, for the alert on failures that keep coming (issue 17). Every reason starts at 0, so the
 * first failure is an increase Prometheus sees.
 */
function pushFailureCounter(
  service: string,
): (reason: PushFailureReason, payments: number) => void {
  const counter = platformMeter().createCounter('jh_payment_push_failures_total', {
    description:
      '推送一键达平台未入账的支付笔数（按原因）/ payments a card-platform push did not book, by reason',
  });
  for (const reason of pushFailureReasons) counter.add(0, { service, reason });
  return (reason, payments) => counter.add(payments, { service, reason });
}
