import type { Consumer, IHeaders, KafkaMessage } from 'kafkajs';
import type { EventType } from '@jh/contracts';
import { isInfrastructureDown } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { ConsumerMembership, KafkaHandle, RegisteredConsumer } from './client';
import { withConsumerSpan } from '@jh/platform-telemetry';
import { decodeEvent, type DecodedEnvelope } from './envelope';
import { EventPublisher } from './publisher';
import { dlqTopicOf } from './dlq';

export interface ConsumedEvent extends DecodedEnvelope {
  topic: string;
  partition: number;
  offset: string;
  key: string;
}

/** Thrown by handlers for failures that retrying cannot fix; the message goes straight to the DLQ. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  initialDelayMs: 200,
  maxDelayMs: 5000,
};

export interface ConsumerOptions {
  handle: KafkaHandle;
  logger: Logger;
  /** Logical group name; the handle's prefix is applied. */
  group: string;
  types: EventType[];
  handler: (event: ConsumedEvent) => Promise<void>;
  retry?: Partial<RetryPolicy>;
  fromBeginning?: boolean;
  /** Partitions handled at the same time; each partition stays in offset order. Default 3. */
  partitionsConcurrently?: number;
}

export interface RunningConsumer {
  consumer: Consumer;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FETCH_WAIT_MS = 1000;
const HEARTBEAT_MS = 3000;
const HEARTBEAT_CHECK_MS = 1000;

/**
 * Consumer that commits only handled offsets: an offset is committed only once its message was
 * handled or parked on `<topic>.dlq`, so a crash re-delivers and never loses. Handlers must be
 * idempotent (they are: processed event ids are stored with the state they change).
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const log = options.logger.child({ consumerGroup: options.group });
  const groupId = options.handle.group(options.group);
  const consumer = options.handle.kafka.consumer({
    groupId,
    // Short enough that a crashed member's partitions move on quickly, long enough for GC pauses.
    sessionTimeout: 10000,
    heartbeatInterval: HEARTBEAT_MS,
    // An idle fetch returns after this long; disconnect waits for it (kafkajs' 5 s made every
    // stop, a rolling restart's and each test's, last up to 5 s per consumer).
    maxWaitTimeInMs: FETCH_WAIT_MS,
    retry: { retries: 10, initialRetryTime: 300 },
  });
  // Connects on the first parked message: most consumers never park one.
  const dlq = new EventPublisher(options.handle, groupId);
  await consumer.connect();
  const topics = options.types.map((type) => options.handle.topic(type));
  const registered: RegisteredConsumer = {
    groupId,
    topics,
    membership: { state: 'joining', partitions: 0, since: new Date() },
  };
  await consumer.subscribe({
    topics,
    fromBeginning: options.fromBeginning ?? true,
  });
  // Listed once subscribed: a consumer that failed to start is no member anyone waits for.
  (options.handle.consumers ??= []).push(registered);
  trackMembership(consumer, registered);

  const park = async (
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
    attempts: number,
  ) => {
    const headers: Record<string, string> = {
      ...stringHeaders(message.headers),
      'x-error-reason': reason.slice(0, 2000),
      'x-original-topic': topic,
      'x-original-partition': String(partition),
      'x-original-offset': message.offset,
      'x-consumer-group': groupId,
      'x-attempts': String(attempts),
      'x-failed-at': new Date().toISOString(),
    };
    await dlq.sendRaw(dlqTopicOf(topic), message.key, message.value, headers);
    log.warn({ topic, partition, offset: message.offset, reason }, 'message parked on DLQ');
  };

  /**
   * Handles one message to completion: handled, or parked on the DLQ. Never throws for handler
   * errors. Answers the audit record of a handled message, still being written.
   */
  const handleMessage = async (
    topic: string,
    partition: number,
    message: KafkaMessage,
    live: BatchLive,
  ): Promise<Handled> => {
    let decoded: DecodedEnvelope;
    try {
      if (!message.value) throw new Error('empty message value');
      decoded = decodeEvent(message.value);
    } catch (e) {
      await park(topic, partition, message, `DECODE_FAILED: ${(e as Error).message}`, 0);
      return {};
    }
    // The envelope's type names its topic: bytes of another event decode (unknown fields are
    // skipped) but would be handled as the wrong thing.
    if (options.handle.topic(decoded.envelope.type) !== topic) {
      await park(
        topic,
        partition,
        message,
        `TYPE_MISMATCH: ${decoded.envelope.type} on ${topic}`,
        0,
      );
      return {};
    }
    const event: ConsumedEvent = {
      envelope: decoded.envelope,
      event: decoded.event,
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? '',
    };
    const span = {
      topic,
      group: groupId,
      partition,
      offset: message.offset,
      eventId: decoded.envelope.eventId,
      eventType: decoded.envelope.type,
    };
    return withConsumerSpan(span, decoded.envelope, () => attempts(event, decoded, message, live));
  };

  /** The handler with retries, then the DLQ; inside the message's consumer span. */
  const attempts = async (
    event: ConsumedEvent,
    decoded: DecodedEnvelope,
    message: KafkaMessage,
    live: BatchLive,
  ): Promise<Handled> => {
    const { topic, partition } = event;
    let delay = retry.initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handler(event);
        // Not awaited here: the batch waits for its records once, before its offsets resolve.
        const recorded = options.handle.onHandled?.({
          group: options.group,
          type: decoded.envelope.type,
          eventId: decoded.envelope.eventId,
          key: event.key,
          correlationId: decoded.envelope.correlationId,
        });
        recorded?.catch(() => undefined);
        // Wrapped: an async function returning the promise itself would wait for it.
        return { recorded };
      } catch (e) {
        const err = e as Error;
        const waiting = !isPermanent(err) && isInfrastructureDown(err);
        if (!waiting && (isPermanent(err) || attempt >= retry.attempts)) {
          await park(topic, partition, message, `${err.name}: ${err.message}`, attempt);
          return {};
        }
        // A database or broker that is down is no fault of the message: wait for it as long as
        // this consumer owns the partition (a DLQ entry would lose the event for good).
        if (waiting && !live.alive()) return { abandoned: true };
        log.warn(
          { topic, offset: message.offset, attempt, err: err.message, waiting },
          waiting ? 'infrastructure unavailable, waiting to retry' : 'handler failed, retrying',
        );
        await sleep(delay);
        if (waiting) await live.heartbeat().catch(() => undefined);
        delay = Math.min(delay * 2, retry.maxDelayMs);
      }
    }
  };

  // kafkajs sends a heartbeat only when one is due, but awaiting it per message costs; ask for
  // one at most every HEARTBEAT_CHECK_MS (shared by all partitions of this consumer).
  let nextBeat = 0;

  // Partitions run concurrently, each batch in offset order. An offset is resolved only once its
  // message was handled or parked; kafkajs commits the resolved offsets after every batch, and
  // also when a batch ends early (rebalance, stop, error). Nothing later than an unhandled message
  // is committed; a crash re-delivers at most the uncommitted tail, which idempotent handlers absorb.
  await consumer.run({
    autoCommit: true,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConcurrently ?? 3,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      // Handled offsets resolve once their audit records are stored (one wait per batch, not per
      // message); a failed record leaves them unresolved, so the batch is delivered again.
      const handled: { offset: string; recorded?: Promise<void> }[] = [];
      const settle = async () => {
        await Promise.all(handled.map((h) => h.recorded));
        for (const h of handled.splice(0)) resolveOffset(h.offset);
      };
      const live: BatchLive = { alive: () => isRunning() && !isStale(), heartbeat };
      for (const message of batch.messages) {
        if (!live.alive()) break;
        const { recorded, abandoned } = await handleMessage(
          batch.topic,
          batch.partition,
          message,
          live,
        );
        // Stopped or revoked while waiting: unresolved, so it is delivered again.
        if (abandoned) break;
        handled.push({ offset: message.offset, recorded });
        const now = Date.now();
        if (now >= nextBeat) {
          nextBeat = now + HEARTBEAT_CHECK_MS;
          await settle();
          await heartbeat();
        }
      }
      await settle();
    },
  });

  return {
    consumer,
    async stop() {
      await consumer.disconnect();
      await dlq.disconnect();
      const all = options.handle.consumers ?? [];
      const at = all.indexOf(registered);
      if (at >= 0) all.splice(at, 1);
    },
  };
}

/** Keeps `registered.membership` up to date from the consumer's group events. */
function trackMembership(consumer: Consumer, registered: RegisteredConsumer): void {
  const set = (membership: Omit<ConsumerMembership, 'since'>) => {
    registered.membership = { ...membership, since: new Date() };
  };
  const { events } = consumer;
  consumer.on(events.GROUP_JOIN, ({ payload }) =>
    set({
      state: 'joined',
      memberId: payload.memberId,
      partitions: Object.values(payload.memberAssignment).reduce((n, p) => n + p.length, 0),
    }),
  );
  consumer.on(events.REBALANCING, () => set({ ...registered.membership, state: 'rebalancing' }));
  consumer.on(events.CRASH, ({ payload }) =>
    set({
      state: payload.restart ? 'joining' : 'crashed',
      partitions: 0,
      error: payload.error.name,
    }),
  );
  consumer.on(events.STOP, () => set({ state: 'stopped', partitions: 0 }));
}

/** How a message ended: handled (its audit record still being written), parked, or abandoned. */
interface Handled {
  recorded?: Promise<void>;
  /** Left unhandled because the consumer stopped or lost the partition while waiting. */
  abandoned?: boolean;
}

interface BatchLive {
  /** The consumer runs and still owns the batch's partition. */
  alive: () => boolean;
  heartbeat: () => Promise<void>;
}

/**
 * Failures a retry cannot fix: ours, and the data-shape errors of the libraries handlers use
 * (mongoose's ValidationError/CastError, zod's ZodError) — an event that fails them fails again.
 */
const PERMANENT_NAMES = new Set(['PermanentError', 'ValidationError', 'CastError', 'ZodError']);
const isPermanent = (e: Error) => e instanceof PermanentError || PERMANENT_NAMES.has(e.name);

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}
