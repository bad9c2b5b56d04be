import {
  developmentDefaults,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';
import { batchEnv } from './batch/batch.env';
import { callbacksEnv } from './callbacks/callbacks.env';
import { cardPlatformEnv } from './card-platform/card-platform.env';
import { orderEnv } from './order/order.env';
import { reconciliationEnv } from './reconciliation/reconciliation.env';
import { reserveEnv } from './reserve/reserve.env';

/** The service's settings: each feature declares its own keys; the app spreads them. */
export const paymentEnvSchema = serviceEnvSchema.extend({
  ...cardPlatformEnv,
  ...batchEnv,
  ...orderEnv,
  ...reconciliationEnv,
  ...reserveEnv,
  ...callbacksEnv,
});
export type PaymentConfig = z.infer<typeof paymentEnvSchema>;

export function loadPaymentConfig(env: Env = process.env): PaymentConfig {
  return loadConfig(paymentEnvSchema, env, {
    ...developmentDefaults('payment', 3007),
    CARD_PLATFORM_URL: '127.0.0.1:50070',
    CARD_PLATFORM_CALLBACK_TOKEN: 'development-callback-token',
  });
}
