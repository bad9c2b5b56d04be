import { Writable } from 'node:stream';
import { SpanKind, trace } from '@opentelemetry/api';
import { Topics } from '@jh/contracts';
import { createLogger } from '@jh/platform-logger';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import { ensureTopics } from './client';
import { startConsumer, type RunningConsumer } from './consumer';
import { buildEvent } from './envelope';
import { EventPublisher } from './publisher';
import { submitted, testKafka, waitUntil } from './test-fixtures';

jest.setTimeout(90_000);

// ADR 0024 on the real broker: an event built inside a span carries its context; the consumer
// continues that trace in a CONSUMER span, and what the handler logs names the trace.
const exporter = new tracing.InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: 'trace-test', enabled: true, exporter });
const lines: string[] = [];
const logger = createLogger({
  name: 'trace-test',
  level: 'info',
  destination: new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  }),
});
const handle = testKafka('trace', createLogger({ name: 'test' }));
const topic = handle.topic(Topics.applicationSubmitted);
const publisher = new EventPublisher(handle, 'test-producer');
let running: RunningConsumer | undefined;

/** A finished span (export may wait for the resource's async attributes). */
async function finished(
  match: (s: tracing.ReadableSpan) => boolean,
): Promise<tracing.ReadableSpan> {
  let found: tracing.ReadableSpan | undefined;
  await waitUntil(() => (found = exporter.getFinishedSpans().find(match)) !== undefined, 'a span');
  return found!;
}

beforeAll(async () => {
  await ensureTopics(handle, [topic]);
  await publisher.connect();
});

afterAll(async () => {
  await running?.stop();
  await publisher.disconnect();
  await telemetry.shutdown();
});

it('a consumed event continues the trace of the request that built it, and its log lines name that trace', async () => {
  const handledIn: string[] = [];
  running = await startConsumer({
    handle,
    logger,
    group: 'traced',
    types: [Topics.applicationSubmitted],
    handler: async (event) => {
      handledIn.push(trace.getActiveSpan()?.spanContext().traceId ?? '');
      logger.info({ eventId: event.envelope.eventId }, 'handled in a span');
    },
  });
  const request = await trace.getTracer('test').startActiveSpan('POST /applications', (span) => {
    const built = buildEvent(
      Topics.applicationSubmitted,
      submitted('trace-1'),
      { key: 'trace-1', correlationId: 'trace-1' },
      'test',
    );
    span.end();
    return { built, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
  });
  // The envelope carries the PRODUCER `create` span, child of the request span.
  const create = await finished((s) => s.name === `${Topics.applicationSubmitted} create`);
  expect(create.kind).toBe(SpanKind.PRODUCER);
  expect(create.parentSpanContext?.spanId).toBe(request.spanId);
  expect(request.built.traceparent).toBe(`00-${request.traceId}-${create.spanContext().spanId}-01`);
  await publisher.send(Topics.applicationSubmitted, request.built.key, request.built.bytes);
  await waitUntil(() => handledIn.length === 1, 'the event handled');

  expect(handledIn).toEqual([request.traceId]);
  const consumer = await finished((s) => s.name === `${topic} process`);
  expect(consumer!.spanContext().traceId).toBe(request.traceId);
  expect(consumer!.parentSpanContext?.spanId).toBe(create.spanContext().spanId);
  expect(consumer!.attributes).toMatchObject({
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.message.id': request.built.eventId,
  });
  const line = lines
    .map((l) => JSON.parse(l) as Record<string, string>)
    .find((l) => l.msg === 'handled in a span');
  expect(line).toMatchObject({
    trace_id: request.traceId,
    span_id: consumer!.spanContext().spanId,
  });
});

it('an event built outside any span starts a trace at its create span, which its consumer continues', async () => {
  const built = buildEvent(
    Topics.applicationSubmitted,
    submitted('trace-2'),
    { key: 'trace-2', correlationId: 'trace-2' },
    'test',
  );
  const create = await finished((s) => s.spanContext().spanId === built.traceparent.split('-')[2]);
  expect(create.parentSpanContext).toBeUndefined();
  await publisher.send(Topics.applicationSubmitted, built.key, built.bytes);
  const span = await finished((s) => s.attributes['messaging.message.id'] === built.eventId);
  expect(span.parentSpanContext?.spanId).toBe(create.spanContext().spanId);
});

it('an event about an application built in another trace (an officer’s request) joins the application’s trace, linked to the request', async () => {
  const origin = await trace.getTracer('test').startActiveSpan('part received', (span) => {
    span.end();
    return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
  });
  const officer = await trace
    .getTracer('test')
    .startActiveSpan('POST /parts/:id/report', (span) => {
      const built = buildEvent(
        Topics.applicationSubmitted,
        submitted('trace-3'),
        {
          key: 'trace-3',
          correlationId: 'trace-3',
          traceparent: `00-${origin.traceId}-${origin.spanId}-01`,
        },
        'test',
      );
      span.end();
      return { built, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
    });
  expect(officer.traceId).not.toBe(origin.traceId);
  expect(officer.built.traceparent.split('-')[1]).toBe(origin.traceId);
  const create = await finished(
    (s) => s.spanContext().spanId === officer.built.traceparent.split('-')[2],
  );
  expect(create.parentSpanContext?.spanId).toBe(origin.spanId);
  expect(create.links.map((l) => l.context.spanId)).toEqual([officer.spanId]);
});
