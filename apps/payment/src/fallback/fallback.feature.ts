import { defineFeature } from '@jh/platform-service';
import type { CardPlatform } from '../card-platform/adapter';
import type { PlatformAvailability } from '../card-platform/availability.service';
import type { PaymentOrderService } from '../order/order.service';
import type { PaymentOrderStore } from '../order/order.store';
import type { ReserveService } from '../reserve/reserve.service';
import { mountFallbackRoutes } from './fallback.http';
import { paymentGuard } from '../payment.access';
import { FallbackService, type FallbackPolicy } from './fallback.service';

export interface FallbackDeps {
  store: PaymentOrderStore;
  platform: CardPlatform;
  availability: PlatformAvailability;
  orders: PaymentOrderService;
  reserves: ReserveService;
  /** The sender's window and lease: a switched order must be one the sender would push now. */
  sendPolicy: FallbackPolicy;
}

/** R-PAY-3: orders go to the street (预拨街道) while the card platform is down too long. */
export const fallbackFeature = defineFeature({
  name: 'fallback',
  env: {},
  async start({ logger, verifier, clock, vault }, deps: FallbackDeps) {
    const fallback = new FallbackService(
      deps.store,
      deps.platform,
      deps.availability,
      deps.orders,
      deps.reserves,
      deps.sendPolicy,
      logger.child({ component: 'fallback' }),
      clock,
    );
    // A crash between a first-aid pre-allocation and its reserve debit is repaired at start-up.
    await fallback.bookReserveDebits();
    const guard = paymentGuard('order', logger);
    return {
      api: fallback,
      mountHttp: (app) =>
        mountFallbackRoutes(app, {
          verifier,
          fallback,
          orders: deps.orders,
          guard,
          personRef: (idNumber) => vault.blindIndex('id-number', idNumber),
        }),
    };
  },
});
