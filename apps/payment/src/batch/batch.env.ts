import { sendWindowEnv } from '../order/order.env';
import { paymentRegionEnv } from '../payment.access';

/** Monthly orders become sendable on the same window as the sender's own (R-PAY-2). */
export const batchEnv = { ...sendWindowEnv, ...paymentRegionEnv };
