import type { Logger } from '@jh/platform-logger';
import { withSendSpan } from '@jh/platform-telemetry';
import type { OutboxSource, PendingOutbox } from './outbox';
import type { EventPublisher } from './publisher';

export interface OutboxRelayOptions {
  source: OutboxSource;
  publisher: EventPublisher;
  logger: Logger;
  /** Documents per pass. */
  batchSize?: number;
  /** Stamps `sentAt`. */
  clock?: () => Date;
}

/** What /ready says of a relay; kept in memory, so reading it costs no query. */
export interface OutboxRelayStatus {
  /** Documents kicked and waiting for the next pass. */
  queued: number;
  lastSentAt?: Date;
  /** How long the entries of the last published pass had waited since they were written. */
  lastLagSeconds?: number;
  /** Set while passes fail (Kafka or the database unreachable); cleared by the next good pass. */
  failingSince?: Date;
  lastError?: string;
}

/**
 * Publishes embedded outbox entries, then marks them sent (ADR 0014). A write that adds entries
 * kicks the relay with the document's `_id` and a pass publishes it at once; `sweep()` finds, through
 * an index, what a crash left behind. A crash between publish and mark re-publishes the same event
 * id, which idempotent consumers absorb: at-least-once, never lost.
 */
export class OutboxRelay {
  private readonly noted = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();
  private scheduled = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  private readonly health: Omit<OutboxRelayStatus, 'queued'> = {};

  constructor(private readonly options: OutboxRelayOptions) {}

  /** Subscribes to the source's writes (when it reports them) and runs a first sweep. */
  start(): void {
    this.unsubscribe = this.options.source.onWrite?.((id) =>
      id === undefined ? this.sweepInBackground() : this.kick(id),
    );
    this.sweepInBackground();
  }

  /** A write gave this document outbox entries: publish them in the next pass. */
  kick(documentId: string): void {
    if (this.stopped) return;
    this.noted.add(documentId);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped) return;
      this.exclusive(() => this.passNoted()).then(
        () => {
          if (this.noted.size > 0) this.kick(this.noted.values().next().value as string);
        },
        // The ids stay noted: the next kick or sweep retries them.
        (e: unknown) => this.warn('outbox relay pass failed', e),
      );
    });
  }

  /** Safety net: publishes what the source's pending index holds, batch after batch. */
  async sweep(): Promise<number> {
    let total = 0;
    const size = this.batchSize();
    for (;;) {
      const sent = await this.exclusive(async () => {
        const pending = await this.options.source.pending(size);
        await this.publish(pending);
        return { entries: pending.length, documents: new Set(pending.map((p) => p.documentId)) };
      });
      total += sent.entries;
      if (sent.documents.size < size || this.stopped) return total;
    }
  }

  /** Noted documents and the sweep, now; resolves with how many entries were published. */
  async flush(): Promise<number> {
    const noted = await this.exclusive(() => this.passNoted());
    return noted + (await this.sweep());
  }

  status(): OutboxRelayStatus {
    return { queued: this.noted.size, ...this.health };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.chain.catch(() => undefined);
  }

  private batchSize(): number {
    return this.options.batchSize ?? 200;
  }

  /** Passes never overlap, so two never publish the same document at once. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = async () => {
      try {
        const result = await fn();
        this.health.failingSince = undefined;
        this.health.lastError = undefined;
        return result;
      } catch (e) {
        this.health.failingSince ??= this.now();
        this.health.lastError = (e as Error).name;
        throw e;
      }
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async passNoted(): Promise<number> {
    const ids = [...this.noted].slice(0, this.batchSize());
    // Taken out before reading: a kick during the pass notes the id again for the next one.
    for (const id of ids) this.noted.delete(id);
    try {
      const pending = await this.options.source.pendingOf(ids);
      await this.publish(pending);
      return pending.length;
    } catch (e) {
      for (const id of ids) this.noted.add(id);
      throw e;
    }
  }

  /** One Kafka request for the whole pass, then the marks in as few writes as the source allows. */
  private async publish(pending: PendingOutbox[]): Promise<void> {
    if (pending.length === 0) return;
    await withSendSpan(
      pending.map(({ entry }) => ({
        topic: this.options.publisher.topicOf(entry.topic),
        traceparent: entry.traceparent,
      })),
      () =>
        this.options.publisher.sendMany(
          pending.map(({ entry }) => ({
            topicName: entry.topic,
            key: entry.key,
            bytes: entry.payload,
          })),
        ),
    );
    const byDocument = new Map<string, PendingOutbox[]>();
    for (const item of pending) {
      const list = byDocument.get(item.documentId);
      if (list) list.push(item);
      else byDocument.set(item.documentId, [item]);
    }
    const at = this.now();
    const oldest = Math.min(...pending.map((p) => p.entry.occurredAt.getTime()));
    this.health.lastSentAt = at;
    this.health.lastLagSeconds = Math.max(0, (at.getTime() - oldest) / 1000);
    const { source } = this.options;
    if (source.markSentMany) {
      await source.markSentMany(
        [...byDocument].map(([documentId, entries]) => ({ documentId, entries })),
        at,
      );
    } else {
      await Promise.all([...byDocument].map(([id, items]) => source.markSent(id, items, at)));
    }
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }

  private sweepInBackground(): void {
    this.sweep().catch((e: unknown) => this.warn('outbox sweep failed', e));
  }

  private warn(message: string, e: unknown): void {
    this.options.logger.warn({ err: (e as Error).message }, message);
  }
}
