// First: the SDK must start before http, express, grpc-js and the MongoDB driver load (ADR 0024).
import '@jh/platform-telemetry/register';
import { runMain } from '@jh/platform-service';
import { startPayment } from './app';
import { loadPaymentConfig } from './env';

runMain(() => startPayment(loadPaymentConfig()));
