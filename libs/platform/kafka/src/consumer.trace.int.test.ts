import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
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
  expect(request.built.traceparent).toBe(`00-${request.traceId}-${request.spanId}-01`);
  await publisher.send(Topics.applicationSubmitted, request.built.key, request.built.bytes);
  await waitUntil(() => handledIn.length === 1, 'the event handled');

  expect(handledIn).toEqual([request.traceId]);
  const consumer = exporter.getFinishedSpans().find((s) => s.name === `${topic} process`);
  expect(consumer).toBeDefined();
  expect(consumer!.spanContext().traceId).toBe(request.traceId);
  expect(consumer!.parentSpanContext?.spanId).toBe(request.spanId);
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

it('an event built outside any span carries no context, and is still handled in a span of its own', async () => {
  const built = buildEvent(
    Topics.applicationSubmitted,
    submitted('trace-2'),
    { key: 'trace-2', correlationId: 'trace-2' },
    'test',
  );
  expect(built.traceparent).toBe('');
  exporter.reset();
  await publisher.send(Topics.applicationSubmitted, built.key, built.bytes);
  await waitUntil(
    () =>
      exporter
        .getFinishedSpans()
        .some((s) => s.attributes['messaging.message.id'] === built.eventId),
    'the span of the second event',
  );
  const span = exporter
    .getFinishedSpans()
    .find((s) => s.attributes['messaging.message.id'] === built.eventId)!;
  expect(span.parentSpanContext).toBeUndefined();
});
