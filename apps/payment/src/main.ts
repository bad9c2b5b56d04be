import { runMain } from '@jh/platform-service';
import { startPayment } from './app';
import { loadPaymentConfig } from './env';

runMain(() => startPayment(loadPaymentConfig()));
