import { Schema, type Connection, type Model } from 'mongoose';
import { isAppError } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { CardPlatform } from './adapter';

/** One small status document: how long the card platform has been unreachable (R-PAY-3). */
export interface PlatformStatusDoc {
  _id: string;
  consecutiveFailures: number;
  /** First failure of the current unbroken run of failures; null while the platform answers. */
  downSince: Date | null;
  lastFailureAt?: Date;
  lastError?: string;
  lastOkAt?: Date;
}

const statusSchema = new Schema<PlatformStatusDoc>(
  {
    _id: { type: String, required: true },
    consecutiveFailures: { type: Number, default: 0 },
    downSince: { type: Date, default: null },
    lastFailureAt: { type: Date, required: false },
    lastError: { type: String, required: false },
    lastOkAt: { type: Date, required: false },
  },
  { collection: 'payment_platform_status', versionKey: false },
);

export function platformStatusModel(conn: Connection): Model<PlatformStatusDoc> {
  return (
    (conn.models['PlatformStatus'] as Model<PlatformStatusDoc> | undefined) ??
    conn.model<PlatformStatusDoc>('PlatformStatus', statusSchema)
  );
}

const STATUS_ID = 'card-platform';
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
    private readonly model: Model<PlatformStatusDoc>,
    private readonly fallbackAfterMs: number,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async recordOk(): Promise<void> {
    const now = this.clock();
    if (this.knownUp && now.getTime() - this.lastOkWrite < OK_WRITE_EVERY_MS) return;
    await this.model
      .updateOne(
        { _id: STATUS_ID },
        { $set: { consecutiveFailures: 0, downSince: null, lastOkAt: now } },
        { upsert: true },
      )
      .exec();
    this.knownUp = true;
    this.lastOkWrite = now.getTime();
  }

  async recordFailure(code: string): Promise<void> {
    const now = this.clock();
    this.knownUp = false;
    await this.model
      .updateOne(
        { _id: STATUS_ID },
        { $inc: { consecutiveFailures: 1 }, $set: { lastFailureAt: now, lastError: code } },
        { upsert: true },
      )
      .exec();
    // Separate conditional write: the start of a run of failures is kept, later ones leave it.
    await this.model
      .updateOne({ _id: STATUS_ID, downSince: null }, { $set: { downSince: now } })
      .exec();
  }

  async status(): Promise<PlatformAvailabilityView> {
    const doc = await this.model.findById(STATUS_ID).lean<PlatformStatusDoc>().exec();
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
      query: (key) => observe(() => platform.query(key)),
      statement: (date) => observe(() => platform.statement(date)),
      close: () => platform.close(),
    };
  }
}
