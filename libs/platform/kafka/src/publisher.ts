import type { Producer } from 'kafkajs';
import type { EventPayloads, EventType } from '@jh/contracts';
import { Partitioners, type KafkaHandle } from './client';
import { buildEvent, type EventMeta } from './envelope';

/**
 * Idempotent producer (broker de-duplicates retried batches); `acks: -1` so a publish
 * resolves only once every in-sync replica has it.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    private readonly handle: KafkaHandle,
    private readonly producerName: string,
  ) {
    this.producer = handle.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // No retry limit here: kafkajs keeps idempotence guarantees only with unlimited retries.
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.producer.disconnect();
    this.connected = false;
  }

  /** Publishes a typed event on the topic named by its type; resolves with the event id. */
  async publish<K extends EventType>(
    type: K,
    payload: EventPayloads[K],
    meta: EventMeta,
  ): Promise<string> {
    const built = buildEvent(type, payload, meta, this.producerName);
    await this.send(type, built.key, built.bytes);
    return built.eventId;
  }

  /** Sends already-encoded envelope bytes (outbox relay, DLQ replay). */
  async send(
    topicName: string,
    key: string,
    bytes: Buffer,
    headers?: Record<string, string>,
  ): Promise<void> {
    await this.connect();
    await this.producer.send({
      topic: this.handle.topic(topicName),
      acks: -1,
      messages: [{ key, value: bytes, headers }],
    });
  }

  /** Sends several encoded envelopes in one request (topic names get the prefix). */
  async sendMany(messages: { topicName: string; key: string; bytes: Buffer }[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, { key: string; value: Buffer }[]>();
    for (const m of messages) {
      const topic = this.handle.topic(m.topicName);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: m.key, value: m.bytes }]);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
    });
  }

  /** Sends to an already fully-qualified topic name (no prefix applied). */
  async sendRaw(
    topic: string,
    key: Buffer | string | null,
    value: Buffer | null,
    headers?: Record<string, string>,
  ) {
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
  }
}
