// Standalone "一键达" citizen-card platform simulator for local runs:
//   node tools/run/ts-run.mjs apps/card-platform/src/main.ts [port]   (or: nx serve card-platform)
// State is in memory; faults are injected from tests through the module API.
// First: traces of the gRPC calls it serves join the payment's (OTEL_ENABLED, ADR 0024).
import '@jh/platform-telemetry/register';
import { CardPlatformSimulator, httpCallbackSender } from '@jh/platform-card-simulator';

const port = Number(process.argv[2] ?? process.env['CARD_SIMULATOR_PORT'] ?? 50070);
const simulator = new CardPlatformSimulator();
// Results are also pushed to payment's callback endpoint, as the real platform does.
const callbackUrl =
  process.env['CARD_SIMULATOR_CALLBACK_URL'] ?? 'http://127.0.0.1:3007/card-platform/callbacks';
const callbackToken = process.env['CARD_PLATFORM_CALLBACK_TOKEN'] ?? 'development-callback-token';
simulator.onCallback(
  httpCallbackSender(callbackUrl, callbackToken, (e) =>
    process.stderr.write(`callback to ${callbackUrl} failed: ${String(e)}\n`),
  ),
);
void simulator.start(port, process.env['GRPC_HOST'] ?? '127.0.0.1').then((server) => {
  process.stdout.write(`card-platform simulator listening on ${server.port}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
