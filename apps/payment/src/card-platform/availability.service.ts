import { isAppError } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { CardPlatform } from './adapter';
import type { PlatformStatusStore } from './availability.store';

/** Successes are written at most this often while the platform is known to be up (hot path). */
const OK_WRITE_EVERY_MS = 10_000;

export interface PlatformAvailabilityView {
  consecutiveFailures: number;
  downSince: Date | null;
  downForMs: number;
  lastFailureAt: Date | null;
  lastError: string | null;
  lastOkAt: Date | null;
  fallbackAfterMs: number;
  /** R-PAY-3: down longer than the configured time, so due orders may go to the street. */
  fallbackAllowed: boolean;
}

/** Records every platform call's outcome; transient failures (timeout, UNAVAILABLE) mark it down. */
export class PlatformAvailability {
  private knownUp = false;
  private lastOkWrite = 0;

  constructor(
    private readonly store: PlatformStatusStore,
    private readonly fallbackAfterMs: number,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async recordOk(): Promise<void> {
    const now = this.clock();
    if (this.knownUp && now.getTime() - this.lastOkWrite < OK_WRITE_EVERY_MS) return;
    await this.store.recordOk(now);
    this.knownUp = true;
    this.lastOkWrite = now.getTime();
  }

  async recordFailure(code: string): Promise<void> {
    const now = this.clock();
    this.knownUp = false;
    await this.store.recordFailure(now, code);
  }

  async status(): Promise<PlatformAvailabilityView> {
    const doc = await this.store.get();
    const now = this.clock().getTime();
    const downSince = doc?.downSince ?? null;
    const downForMs = downSince ? Math.max(0, now - downSince.getTime()) : 0;
    return {
      consecutiveFailures: doc?.consecutiveFailures ?? 0,
      downSince,
      downForMs,
      lastFailureAt: doc?.lastFailureAt ?? null,
      lastError: doc?.lastError ?? null,
      lastOkAt: doc?.lastOkAt ?? null,
      fallbackAfterMs: this.fallbackAfterMs,
      fallbackAllowed: downSince !== null && downForMs >= this.fallbackAfterMs,
    };
  }

  /** Wraps the adapter so every call (push, query, statement) is recorded. */
  track(platform: CardPlatform): CardPlatform {
    const observe = async <T>(call: () => Promise<T>): Promise<T> => {
      let result: T;
      try {
        result = await call();
      } catch (e) {
        if (isAppError(e) && e.kind === 'unavailable') {
          await this.recordFailure(e.code).catch((err: unknown) =>
            this.logger.warn({ err }, 'could not record platform failure'),
          );
        }
        throw e;
      }
      await this.recordOk().catch((err: unknown) =>
        this.logger.warn({ err }, 'could not record platform success'),
      );
      return result;
    };
    return {
      push: (p) => observe(() => platform.push(p)),
      pushBatch: (ps) => observe(() => platform.pushBatch(ps)),
      query: (key) => observe(() => platform.query(key)),
      statement: (date) => observe(() => platform.statement(date)),
      close: () => platform.close(),
    };
  }
}
