import type { Logger } from '@jh/platform-logger';
import type { OutboxSource, PendingOutbox } from './outbox';
import type { EventPublisher } from './publisher';

export interface OutboxRelayOptions {
  source: OutboxSource;
  publisher: EventPublisher;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes embedded outbox entries, then marks them sent. A crash between the two re-publishes
 * the same event id on restart, which idempotent consumers absorb: at-least-once, never lost.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  /** One pass; returns how many entries were published. Overlapping calls share one pass. */
  flush(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const pending = await this.options.source.pending(this.options.batchSize ?? 200);
    const byDocument = new Map<string, PendingOutbox[]>();
    for (const item of pending) {
      byDocument.set(item.documentId, [...(byDocument.get(item.documentId) ?? []), item]);
    }
    // One Kafka request and one write per document: the engine's write path is the bottleneck.
    for (const [documentId, items] of byDocument) {
      await this.options.publisher.sendMany(
        items.map(({ entry }) => ({
          topicName: entry.topic,
          key: entry.key,
          bytes: entry.payload,
        })),
      );
      await this.options.source.markSent(documentId, items, new Date());
    }
    return pending.length;
  }

  /** Polls every `intervalMs` while idle, and back to back while there is a backlog. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.flush()
        .catch((e: unknown) => {
          this.options.logger.warn({ err: (e as Error).message }, 'outbox relay pass failed');
          return 0;
        })
        .then((sent) => {
          if (!this.stopped)
            this.timer = setTimeout(tick, sent > 0 ? 0 : (this.options.intervalMs ?? 500));
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
