import { randomUUID } from 'node:crypto';
import {
  EventEnvelope,
  decodeEventPayload,
  getEventCodec,
  type DecodedEvent,
  type EventPayloads,
  type EventType,
} from '@jh/contracts';
import { eventCreateContext } from '@jh/platform-telemetry';
import { eventCipher } from './event-sealing';
import type { OutboxEntry } from './outbox';

export interface EventMeta {
  /** Partition key; the application id keeps one application's events in order. */
  key: string;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  tracestate?: string;
  eventId?: string;
  occurredAt?: Date;
}

export interface BuiltEvent {
  eventId: string;
  type: EventType;
  key: string;
  bytes: Buffer;
  /** The W3C context the envelope carries ('' when telemetry is off). */
  traceparent: string;
}

/** Wraps a typed payload in the protobuf envelope; its personal fields are sealed first. */
export function buildEvent<K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  meta: EventMeta,
  producer: string,
): BuiltEvent {
  const codec = getEventCodec(type);
  const eventId = meta.eventId ?? randomUUID();
  // A `create` span under the request/consumer span, or under the application's stored trace
  // (`meta.traceparent`) when the active span belongs to another one (ADR 0024).
  const carried = eventCreateContext(
    type,
    meta.traceparent ? { traceparent: meta.traceparent, tracestate: meta.tracestate } : undefined,
  );
  const envelope: EventEnvelope = {
    eventId,
    type,
    occurredAt: meta.occurredAt ?? new Date(),
    producer,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? '',
    traceparent: carried.traceparent,
    tracestate: carried.tracestate,
    payloadType: codec.payloadType,
    payload: Buffer.from(codec.encode(eventCipher().sealPayload(payload))),
  };
  return {
    eventId,
    type,
    key: meta.key,
    bytes: Buffer.from(EventEnvelope.encode(envelope).finish()),
    traceparent: envelope.traceparent,
  };
}

export interface DecodedEnvelope {
  envelope: EventEnvelope;
  event: DecodedEvent;
}

/**
 * Decodes envelope and payload and opens the sealed personal fields; throws on bytes that are not
 * a known event or on a tampered field (poison either way).
 */
export function decodeEvent(bytes: Uint8Array): DecodedEnvelope {
  const envelope = EventEnvelope.decode(bytes);
  if (!envelope.eventId || !envelope.type) throw new Error('envelope lacks event id or type');
  const event = decodeEventPayload(envelope);
  return {
    envelope,
    event: { ...event, payload: eventCipher().openPayload(event.payload) } as DecodedEvent,
  };
}

/**
 * Builds an event and returns it as an embedded-outbox entry, to be stored in the same
 * single-document write as the state change it announces (ADR 0004).
 */
export function outboxEvent<K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  meta: EventMeta & { occurredAt: Date },
  producer: string,
): OutboxEntry {
  const event = buildEvent(type, payload, meta, producer);
  return {
    eventId: event.eventId,
    topic: event.type,
    key: event.key,
    type: event.type,
    payload: event.bytes,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? '',
    traceparent: event.traceparent,
    occurredAt: meta.occurredAt,
    sentAt: null,
  };
}
