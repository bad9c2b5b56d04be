// Sends one span the way a service does (@jh/platform-telemetry startTelemetry → OTLP/HTTP) and
// prints its ids as JSON. A process of its own, run by jaeger.int.test.ts through ts-run.mjs: the
// OTLP/HTTP exporter loads `http` with a dynamic import(), which jest's CommonJS sandbox refuses
// ("A dynamic import callback was invoked without --experimental-vm-modules").
//
//   node tools/run/ts-run.mjs tools/local-infra/jaeger/send-span.ts <otlp-endpoint> <service> <span>
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { startTelemetry } from '@jh/platform-telemetry';

async function main(): Promise<void> {
  const [otlpEndpoint, serviceName, spanName] = process.argv.slice(2);
  if (!otlpEndpoint || !serviceName || !spanName) {
    throw new Error('用法 / usage: send-span.ts <otlp-endpoint> <service> <span>');
  }
  // Export failures are only logged by the SDK: make them visible and fail the run.
  let exportError = '';
  diag.setLogger(
    {
      error: (message, ...args) => {
        exportError ||= `${message} ${args.map(String).join(' ')}`;
        process.stderr.write(`otel error: ${exportError}\n`);
      },
      warn: (message) => process.stderr.write(`otel warn: ${message}\n`),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  const handle = startTelemetry({ serviceName, enabled: true, otlpEndpoint });
  let sent = { traceId: '', spanId: '' };
  trace.getTracer('jaeger.int.test').startActiveSpan(spanName, (span) => {
    span.setAttribute('jh.test', 'jaeger');
    const { traceId, spanId } = span.spanContext();
    sent = { traceId, spanId };
    span.end();
  });
  // Flushes the batch processor: the export to Jaeger happens here.
  await handle.shutdown();
  if (exportError) throw new Error(`OTLP export failed: ${exportError}`);
  process.stdout.write(`${JSON.stringify(sent)}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});
