import { startFeatures, type RunningService, type Scheduler } from '@jh/platform-service';
import { batchFeature } from './batch/batch.feature';
import { callbacksFeature } from './callbacks/callbacks.feature';
import type { CallbackService } from './callbacks/callback.service';
import { cardPlatformFeature } from './card-platform/card-platform.feature';
import type { PlatformAvailability } from './card-platform/availability.service';
import type { PaymentConfig } from './env';
import { fallbackFeature } from './fallback/fallback.feature';
import { openApiDocument } from './openapi';
import type { FallbackService } from './fallback/fallback.service';
import type { OrderActionsService } from './order/order.actions';
import { orderFeature } from './order/order.feature';
import type { PaymentOrderService } from './order/order.service';
import type { OrderStorage, PaymentOrderStore } from './order/order.store';
import { reconciliationFeature } from './reconciliation/reconciliation.feature';
import type { ReconciliationService } from './reconciliation/reconciliation.service';
import { reportsFeature } from './reports/reports.feature';
import type { TotalsService } from './reports/totals.service';
import type { PaymentCiphers } from './sealed-fields';
import { sealingFeature } from './sealing.feature';
import { reserveFeature } from './reserve/reserve.feature';
import type { ReserveService } from './reserve/reserve.service';

export interface PaymentService extends RunningService {
  orders: PaymentOrderService;
  /** Ciphers of the sealed collections (tests open raw documents with them). */
  ciphers: PaymentCiphers;
  reconciliation: ReconciliationService;
  /** Fallback, reserves, staff actions, callbacks, totals (R-PAY-3/4/6). */
  operations: {
    availability: PlatformAvailability;
    fallback: FallbackService;
    actions: OrderActionsService;
    reserves: ReserveService;
    callbacks: CallbackService;
    totals: TotalsService;
  };
}

/** Seams for tests: a store wrapper (crash injection) and a clock. */
export interface PaymentOptions {
  store?: (storage: OrderStorage) => PaymentOrderStore;
  clock?: () => Date;
  /** Times the sender and alarm loops (tests drive them by hand). */
  scheduler?: Scheduler;
}

/** Payment as a list of features; each one mounts its routes in this order. */
export function startPayment(
  config: PaymentConfig,
  options: PaymentOptions = {},
): Promise<PaymentService> {
  return startFeatures(
    config,
    async (add) => {
      const ciphers = await add(sealingFeature);
      const { platform, availability } = await add(cardPlatformFeature);
      const monthly = await add(batchFeature, { ciphers });
      const { orders, actions, store, sendPolicy } = await add(orderFeature, {
        cipher: ciphers.payment_orders,
        platform,
        register: monthly.recipients,
        store: options.store,
      });
      const { reconciliation, store: reports } = await add(reconciliationFeature, {
        ciphers,
        orders: store,
      });
      const reserves = await add(reserveFeature);
      const fallback = await add(fallbackFeature, {
        store,
        platform,
        availability,
        orders,
        reserves,
        sendPolicy,
      });
      const callbacks = await add(callbacksFeature, { store, orders });
      const totals = await add(reportsFeature, { orders: store, reconciliations: reports });
      return {
        orders,
        ciphers,
        reconciliation,
        operations: { availability, fallback, actions, reserves, callbacks, totals },
      };
    },
    { clock: options.clock, scheduler: options.scheduler, openApi: openApiDocument },
  );
}
