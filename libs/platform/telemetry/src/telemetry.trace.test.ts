import { trace } from '@opentelemetry/api';
import { currentTraceContext, startTelemetry, tracing, withEventSpan } from './telemetry';

describe('telemetry', () => {
  it('is a no-op when disabled', async () => {
    const handle = startTelemetry({ serviceName: 'x', enabled: false });
    expect(handle.enabled).toBe(false);
    expect(currentTraceContext().traceparent).toBe('');
    await handle.shutdown();
  });

  it('exports spans and carries W3C trace context across an event hop', async () => {
    const exporter = new tracing.InMemorySpanExporter();
    const handle = startTelemetry({ serviceName: 'intake', enabled: true, exporter });
    let carried = { traceparent: '', tracestate: '' };
    await trace.getTracer('t').startActiveSpan('publish', async (span) => {
      carried = currentTraceContext();
      span.end();
    });
    expect(carried.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await withEventSpan('consume', carried, async () => undefined);
    const spans = exporter.getFinishedSpans();
    const publish = spans.find((s) => s.name === 'publish');
    const consume = spans.find((s) => s.name === 'consume');
    expect(consume?.spanContext().traceId).toBe(publish?.spanContext().traceId);
    await handle.shutdown();
  });
});
