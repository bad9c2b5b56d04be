// Imported first by every app's main.ts: the SDK patches http, express, grpc-js and the MongoDB
// driver only when they are loaded after it starts (ADR 0024). Off unless OTEL_ENABLED is true.
import { startTelemetryFromEnv } from './telemetry';

startTelemetryFromEnv(process.env);
