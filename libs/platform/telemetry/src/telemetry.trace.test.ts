import { SpanKind, trace } from '@opentelemetry/api';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  currentTraceContext,
  startTelemetry,
  tracing,
  withEventSpan,
  withSendSpan,
} from './telemetry';

describe('telemetry', () => {
  it('is a no-op when disabled', async () => {
    const handle = startTelemetry({ serviceName: 'x', enabled: false });
    expect(handle.enabled).toBe(false);
    expect(currentTraceContext().traceparent).toBe('');
    await handle.shutdown();
  });

  describe('when enabled', () => {
    // One SDK per process: the OpenTelemetry API registers its global providers once.
    const exporter = new tracing.InMemorySpanExporter();
    let handle: ReturnType<typeof startTelemetry>;
    beforeAll(() => {
      handle = startTelemetry({ serviceName: 'intake', enabled: true, exporter });
    });
    afterEach(() => exporter.reset());
    afterAll(() => handle.shutdown());

    it('exports spans and carries W3C trace context across an event hop', async () => {
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
    });

    it('sends one relay pass in a PRODUCER span: a child of one trace, links across several', async () => {
      const contextOf = (name: string) =>
        trace.getTracer('t').startActiveSpan(name, (span) => {
          const carried = currentTraceContext().traceparent;
          span.end();
          return carried;
        });
      const a = contextOf('a');
      const b = contextOf('b');
      await withSendSpan(
        [
          { topic: 'p-case.opened', traceparent: a },
          { topic: 'p-case.opened', traceparent: a },
        ],
        async () => undefined,
      );
      await withSendSpan(
        [
          { topic: 'p-case.opened', traceparent: a },
          { topic: 'p-part.dispatched', traceparent: b },
        ],
        async () => undefined,
      );
      const spans = exporter.getFinishedSpans();
      const traceOf = (name: string) => spans.find((s) => s.name === name)?.spanContext();
      const single = spans.find((s) => s.name === 'send p-case.opened');
      expect(single?.kind).toBe(SpanKind.PRODUCER);
      expect(single?.spanContext().traceId).toBe(traceOf('a')?.traceId);
      expect(single?.parentSpanContext?.spanId).toBe(traceOf('a')?.spanId);
      expect(single?.attributes['messaging.batch.message_count']).toBe(2);
      const mixed = spans.find((s) => s.name === 'send');
      expect(mixed?.parentSpanContext).toBeUndefined();
      expect(mixed?.links.map((l) => l.context.spanId)).toEqual([
        traceOf('a')?.spanId,
        traceOf('b')?.spanId,
      ]);
    });

    it("carries the trace on Node's fetch (the card platform's callbacks)", async () => {
      let received: IncomingHttpHeaders = {};
      const server = createServer((req, res) => {
        received = req.headers;
        res.end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const { port } = server.address() as AddressInfo;
        const traceId = await trace.getTracer('t').startActiveSpan('callback', async (span) => {
          await (await fetch(`http://127.0.0.1:${port}/card-platform/callbacks`)).text();
          span.end();
          return span.spanContext().traceId;
        });
        expect(String(received['traceparent'])).toContain(traceId);
        const client = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CLIENT);
        expect(client?.spanContext().traceId).toBe(traceId);
      } finally {
        server.close();
      }
    });
  });
});
