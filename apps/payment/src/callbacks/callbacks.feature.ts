import { defineFeature } from '@jh/platform-service';
import type { PaymentOrderService } from '../order/order.service';
import type { PaymentOrderStore } from '../order/order.store';
import { CallbackService } from './callback.service';
import { callbacksEnv } from './callbacks.env';
import { mountCallbackRoutes } from './callbacks.http';

/** The card platform's status callbacks (R-PAY-5): applied once, in order, or not at all. */
export const callbacksFeature = defineFeature({
  name: 'callbacks',
  env: callbacksEnv,
  async start({ config, logger }, deps: { store: PaymentOrderStore; orders: PaymentOrderService }) {
    const callbacks = new CallbackService(
      deps.store,
      deps.orders,
      config.CARD_PLATFORM_CALLBACK_TOKEN,
      logger.child({ component: 'card-callbacks' }),
    );
    return { api: callbacks, mountHttp: (app) => mountCallbackRoutes(app, callbacks) };
  },
});
