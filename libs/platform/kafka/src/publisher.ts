import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { EventPayloads, EventType } from '@jh/contracts';
import { Partitioners, type KafkaHandle } from './client';
import { buildEvent, type EventMeta } from './envelope';

/** Batching of concurrent sends into one produce request (ADR 0015). */
export interface PublisherOptions {
  /** Most messages in one produce request; default 1000. */
  maxBatchMessages?: number;
  /**
   * Most bytes (keys, values, headers, plus a per-record allowance) in one request; default
   * 512 KiB, well under the broker's 1 MiB `message.max.bytes` for a partition's record batch.
   * One caller's messages are never split; a bigger caller goes in a request of its own.
   */
  maxBatchBytes?: number;
  /**
   * How long the first send waits for others when no request is in flight; 0 (default) waits
   * only until the current turn of the event loop ends. While a request is in flight, sends
   * queue anyway and go together in the next request.
   */
  lingerMs?: number;
}

interface Pending {
  records: { topic: string; message: Message }[];
  bytes: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Record framing, offset/timestamp deltas and varints, per message (an upper estimate). */
const RECORD_OVERHEAD = 64;

function sizeOf(message: Message): number {
  let n = RECORD_OVERHEAD + (message.value?.length ?? 0) + (message.key?.length ?? 0);
  for (const [k, v] of Object.entries(message.headers ?? {}))
    n += k.length + (typeof v === 'string' || Buffer.isBuffer(v) ? v.length : 0);
  return n;
}

/**
 * Idempotent producer (broker de-duplicates retried batches); `acks: -1` so a send resolves only
 * once every in-sync replica has it. Concurrent sends are coalesced into one `sendBatch`, one
 * request in flight at a time: every caller resolves or rejects with its whole request, so a
 * resolved send is durably in Kafka, and sends keep their call order (per key, per partition).
 */
export class EventPublisher {
  private readonly producer: Producer;
  private readonly maxBatchMessages: number;
  private readonly maxBatchBytes: number;
  private readonly lingerMs: number;
  private connecting: Promise<void> | undefined;
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private scheduled = false;
  /** Requests attempted and messages acknowledged so far (observability; tests check coalescing). */
  readonly stats = { requests: 0, messages: 0 };

  constructor(
    private readonly handle: KafkaHandle,
    private readonly producerName: string,
    options: PublisherOptions = {},
  ) {
    this.maxBatchMessages = options.maxBatchMessages ?? 1000;
    this.maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
    this.lingerMs = options.lingerMs ?? 0;
    this.producer = handle.kafka.producer({
      idempotent: true,
      // One request at a time keeps per-partition order through retries; batching gives the
      // throughput that more requests in flight would.
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // No retry limit here: kafkajs keeps idempotence guarantees only with unlimited retries.
    });
  }

  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((e: unknown) => {
      this.connecting = undefined;
      throw e;
    });
    return this.connecting;
  }

  /** Sends what is queued, then disconnects; a later send connects again. */
  async disconnect(): Promise<void> {
    while (this.draining || this.queue.length > 0) {
      if (!this.draining) this.startDrain();
      await this.draining;
    }
    if (!this.connecting) return;
    const connected = this.connecting.then(
      () => true,
      () => false,
    );
    this.connecting = undefined;
    if (await connected) await this.producer.disconnect();
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
  send(
    topicName: string,
    key: string,
    bytes: Buffer,
    headers?: Record<string, string>,
  ): Promise<void> {
    return this.enqueue([
      { topic: this.handle.topic(topicName), message: { key, value: bytes, headers } },
    ]);
  }

  /** The topic a logical name is sent to (the handle's prefix applied). */
  topicOf(topicName: string): string {
    return this.handle.topic(topicName);
  }

  /** Sends several encoded envelopes in one request (topic names get the prefix). */
  sendMany(messages: { topicName: string; key: string; bytes: Buffer }[]): Promise<void> {
    return this.enqueue(
      messages.map((m) => ({
        topic: this.handle.topic(m.topicName),
        message: { key: m.key, value: m.bytes },
      })),
    );
  }

  /** Sends to an already fully-qualified topic name (no prefix applied). */
  sendRaw(
    topic: string,
    key: Buffer | string | null,
    value: Buffer | null,
    headers?: Record<string, string>,
  ): Promise<void> {
    return this.enqueue([{ topic, message: { key, value, headers } }]);
  }

  private enqueue(records: Pending['records']): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    let bytes = 0;
    for (const r of records) bytes += sizeOf(r.message);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, bytes, resolve, reject });
      if (this.draining || this.scheduled) return;
      this.scheduled = true;
      const start = () => {
        this.scheduled = false;
        if (!this.draining) this.startDrain();
      };
      if (this.lingerMs > 0) setTimeout(start, this.lingerMs);
      else setImmediate(start);
    });
  }

  private startDrain(): void {
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // A send queued after the loop's last check but before this callback.
      if (this.queue.length > 0) this.startDrain();
    });
  }

  /** Sends queued callers in call order, one request at a time, until the queue is empty. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      const topicMessages = byTopic(batch);
      try {
        await this.connect();
        this.stats.requests++;
        await this.producer.sendBatch({ acks: -1, topicMessages });
        for (const t of topicMessages) this.stats.messages += t.messages.length;
      } catch (e) {
        for (const p of batch) p.reject(e);
        continue;
      }
      for (const p of batch) p.resolve();
    }
  }

  /** The longest queue prefix within the limits; always at least one caller. */
  private take(): Pending[] {
    let count = 0;
    let bytes = 0;
    let n = 0;
    for (const p of this.queue) {
      if (
        n > 0 &&
        (count + p.records.length > this.maxBatchMessages || bytes + p.bytes > this.maxBatchBytes)
      )
        break;
      count += p.records.length;
      bytes += p.bytes;
      n++;
    }
    return this.queue.splice(0, n);
  }
}

/** Groups records by topic; order within a topic (and so within a partition) is call order. */
function byTopic(batch: Pending[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const p of batch)
    for (const r of p.records) {
      const list = topics.get(r.topic);
      if (list) list.push(r.message);
      else topics.set(r.topic, [r.message]);
    }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
