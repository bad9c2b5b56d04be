// First: the SDK must start before http, express, grpc-js and the MongoDB driver load (ADR 0024).
import '@jh/platform-telemetry/register';
import { runMain } from '@jh/platform-service';
import { startCivilAffairs } from './app';
import { loadCivilAffairsConfig } from './env';

runMain(() => startCivilAffairs(loadCivilAffairsConfig()));
