import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type SpanContext,
} from '@opentelemetry/api';

export interface TelemetryOptions {
  serviceName: string;
  /** Off by default: nothing is exported unless explicitly enabled. */
  enabled: boolean;
  otlpEndpoint?: string;
  /** For tests: receive spans in memory instead of OTLP. */
  exporter?: tracing.SpanExporter;
}

export interface TelemetryHandle {
  enabled: boolean;
  shutdown(): Promise<void>;
}

let running: TelemetryHandle | undefined;
let prometheus: PrometheusExporter | undefined;

/**
 * Starts the OTel Node SDK once per process (a second call answers the running one). It patches
 * http, express, grpc-js and the MongoDB driver only if they are loaded after it: apps import
 * `@jh/platform-telemetry/register` first (ADR 0024).
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (!options.enabled) return running ?? { enabled: false, shutdown: async () => undefined };
  if (running) return running;
  const exporter =
    options.exporter ??
    new OTLPTraceExporter({
      url: `${(options.otlpEndpoint ?? 'http://127.0.0.1:4318').replace(/\/$/, '')}/v1/traces`,
    });
  // Metrics are read by Prometheus from the service's own GET /metrics (no server of its own).
  // No `otel_scope_*` labels: the alerts' series carry only the labels we put on them.
  const reader = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': options.serviceName }),
    metricReaders: [reader],
    spanProcessors: [
      options.exporter
        ? new tracing.SimpleSpanProcessor(exporter)
        : new tracing.BatchSpanProcessor(exporter),
    ],
    instrumentations: [
      new HttpInstrumentation(),
      new ExpressInstrumentation(),
      new GrpcInstrumentation(),
      // Node's fetch: the card platform's callbacks to payment, token and JWKS requests.
      new UndiciInstrumentation(),
      // Statements are reported with their values replaced (no personal data in attributes).
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  const handle: TelemetryHandle = {
    enabled: true,
    shutdown: async () => {
      if (running === handle) {
        running = undefined;
        prometheus = undefined;
      }
      await sdk.shutdown();
    },
  };
  running = handle;
  prometheus = reader;
  return handle;
}

/** Answers GET /metrics in the Prometheus text format; undefined while telemetry is off. */
export function metricsHandler():
  ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
  const reader = prometheus;
  return reader ? (req, res) => reader.getMetricsRequestHandler(req, res) : undefined;
}

/** The meter of the platform's own instruments (a no-op one while telemetry is off). */
export const platformMeter = () => metrics.getMeter('jh-platform');

/**
 * An observable gauge whose rows are read at most once per `everyMs`, whatever the scrape
 * interval: for figures that cost a query (a ledger sum, a past-due scan). Nothing is read while
 * telemetry is off.
 */
export function cachedGauge(
  name: string,
  description: string,
  options: { everyMs: number; clock: () => Date },
  read: () => Promise<{ value: number; attributes: Record<string, string> }[]>,
): void {
  let cached: { at: number; rows: Awaited<ReturnType<typeof read>> } | undefined;
  platformMeter()
    .createObservableGauge(name, { description })
    .addCallback(async (result) => {
      const now = options.clock().getTime();
      if (!cached || now - cached.at >= options.everyMs) cached = { at: now, rows: await read() };
      for (const row of cached.rows) result.observe(row.value, row.attributes);
    });
}

/** From the service's environment (OTEL_ENABLED, OTEL_EXPORTER_OTLP_ENDPOINT, SERVICE_NAME). */
export function startTelemetryFromEnv(env: NodeJS.ProcessEnv): TelemetryHandle {
  return startTelemetry({
    serviceName: env['SERVICE_NAME'] ?? 'jh-platform',
    enabled: /^(true|1)$/i.test(env['OTEL_ENABLED'] ?? ''),
    otlpEndpoint: env['OTEL_EXPORTER_OTLP_ENDPOINT'],
  });
}

/**
 * The context an aggregate keeps for the events later steps publish about it (ADR 0024): the
 * active span (the consumer span of the event that created it), else the event's own context.
 */
export function originOf(eventTraceparent: string): string {
  return currentTraceContext().traceparent || eventTraceparent;
}

/** Current W3C trace context, for the event envelope. */
export function currentTraceContext(): { traceparent: string; tracestate: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier['traceparent'] ?? '', tracestate: carrier['tracestate'] ?? '' };
}

/**
 * The context an event is created in (ADR 0024): a PRODUCER span `<type> create`, ended at once,
 * whose context the envelope carries. Its parent is the active span when that belongs to the
 * `origin` trace (or there is no origin), else `origin` — the trace of the application the event
 * is about, kept on its aggregate — with a link to the active span (e.g. the officer's request).
 * With telemetry off it answers `origin` (or nothing).
 */
export function eventCreateContext(
  eventType: string,
  origin?: { traceparent: string; tracestate?: string },
): { traceparent: string; tracestate: string } {
  const active = trace.getActiveSpan()?.spanContext();
  const stored = origin?.traceparent
    ? trace.getSpanContext(
        propagation.extract(ROOT_CONTEXT, {
          traceparent: origin.traceparent,
          ...(origin.tracestate ? { tracestate: origin.tracestate } : {}),
        }),
      )
    : undefined;
  const activeValid = active && trace.isSpanContextValid(active) ? active : undefined;
  const storedValid = stored && trace.isSpanContextValid(stored) ? stored : undefined;
  const parentSpan =
    activeValid && (!storedValid || activeValid.traceId === storedValid.traceId)
      ? activeValid
      : storedValid;
  const parent = parentSpan ? trace.setSpanContext(ROOT_CONTEXT, parentSpan) : ROOT_CONTEXT;
  const links = activeValid && parentSpan !== activeValid ? [{ context: activeValid }] : [];
  const span = trace.getTracer('jh-platform').startSpan(
    `${eventType} create`,
    {
      kind: SpanKind.PRODUCER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'create',
        'messaging.operation.name': 'create',
        'messaging.destination.name': eventType,
      },
    },
    parent,
  );
  span.end();
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  if (!carrier['traceparent']) {
    return { traceparent: origin?.traceparent ?? '', tracestate: origin?.tracestate ?? '' };
  }
  return { traceparent: carrier['traceparent'], tracestate: carrier['tracestate'] ?? '' };
}

/**
 * Runs `fn` in an INTERNAL span in the trace of the first of `origins` (the applications a timer
 * acts for, e.g. a batch push), linked to the others, so calls it makes (gRPC) join that trace.
 */
export async function withOriginSpan<T>(
  name: string,
  origins: string[],
  fn: () => Promise<T>,
): Promise<T> {
  const contexts = origins
    .filter((o) => o !== '')
    .map((o) => trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: o })))
    .filter((c): c is SpanContext => !!c && trace.isSpanContextValid(c));
  const [first, ...rest] = contexts;
  const parent = first ? trace.setSpanContext(ROOT_CONTEXT, first) : context.active();
  return trace
    .getTracer('jh-platform')
    .startActiveSpan(name, { links: rest.map((c) => ({ context: c })) }, parent, async (span) => {
      try {
        return await fn();
      } catch (e) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).name });
        throw e;
      } finally {
        span.end();
      }
    });
}

/** Most links one send span keeps: a relay pass may carry a few hundred events. */
const MAX_SEND_LINKS = 128;

/**
 * Runs one Kafka send of created events (the outbox relay's pass) in a PRODUCER span `send` or
 * `send <topic>` (messaging conventions). It continues the events' trace when they share one, else
 * it links each event's creation context.
 */
export async function withSendSpan<T>(
  messages: { topic: string; traceparent: string }[],
  fn: () => Promise<T>,
): Promise<T> {
  const contexts = messages
    .filter((m) => m.traceparent !== '')
    .map((m) =>
      trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: m.traceparent })),
    )
    .filter((c): c is SpanContext => !!c && trace.isSpanContextValid(c));
  const [first] = contexts;
  const oneTrace = first !== undefined && contexts.every((c) => c.traceId === first.traceId);
  const parent = oneTrace ? trace.setSpanContext(ROOT_CONTEXT, first) : ROOT_CONTEXT;
  const topics = [...new Set(messages.map((m) => m.topic))];
  const attributes: Record<string, string | number> = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.batch.message_count': messages.length,
  };
  if (topics.length === 1) attributes['messaging.destination.name'] = topics[0] as string;
  const links = oneTrace ? [] : contexts.slice(0, MAX_SEND_LINKS).map((c) => ({ context: c }));
  return trace
    .getTracer('jh-platform')
    .startActiveSpan(
      topics.length === 1 ? `send ${topics[0]}` : 'send',
      { kind: SpanKind.PRODUCER, attributes, links },
      parent,
      async (span) => {
        try {
          return await fn();
        } catch (e) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).name });
          span.setAttribute('error.type', (e as Error).name);
          throw e;
        } finally {
          span.end();
        }
      },
    );
}

/** What a consumer span says of the message (OpenTelemetry messaging conventions; no payload). */
export interface ConsumedMessage {
  topic: string;
  group: string;
  partition: number;
  offset: string;
  eventId: string;
  eventType: string;
}

/**
 * Runs a consumer's handling of one message in a CONSUMER span `<topic> process` that continues
 * the trace its envelope carries (ADR 0024): what the handler writes or publishes joins it.
 */
export async function withConsumerSpan<T>(
  message: ConsumedMessage,
  carrier: { traceparent: string; tracestate: string },
  fn: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  });
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': message.topic,
    'messaging.destination.partition.id': String(message.partition),
    'messaging.consumer.group.name': message.group,
    'messaging.kafka.offset': Number(message.offset),
    'messaging.message.id': message.eventId,
    'jh.event.type': message.eventType,
  };
  const tracer = trace.getTracer('jh-platform');
  return tracer.startActiveSpan(
    `${message.topic} process`,
    { kind: SpanKind.CONSUMER, attributes },
    parent,
    async (span) => {
      try {
        return await fn();
      } catch (e) {
        // The exception's type only: handler messages may quote the event.
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).name });
        span.setAttribute('error.type', (e as Error).name);
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

/** Runs `fn` in a span that continues the trace carried by an event envelope. */
export async function withEventSpan<T>(
  name: string,
  carrier: { traceparent: string; tracestate: string },
  fn: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), {
    traceparent: carrier.traceparent,
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  });
  const tracer = trace.getTracer('jh-platform');
  return tracer.startActiveSpan(name, {}, parent, async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

export { tracing };
