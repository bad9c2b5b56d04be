import type { Model } from 'mongoose';
import type { PlatformStatusDoc } from './availability.model';

const STATUS_ID = 'card-platform';

/** The one card-platform status document (R-PAY-3). */
export interface PlatformStatusStore {
  get(): Promise<PlatformStatusDoc | undefined>;
  /** The platform answered: the run of failures (if any) ends. */
  recordOk(at: Date): Promise<void>;
  /** A transient failure: counted; the first of an unbroken run sets `downSince`. */
  recordFailure(at: Date, code: string): Promise<void>;
}

export class MongoPlatformStatusStore implements PlatformStatusStore {
  constructor(private readonly model: Model<PlatformStatusDoc>) {}

  async get(): Promise<PlatformStatusDoc | undefined> {
    return (await this.model.findById(STATUS_ID).lean<PlatformStatusDoc>().exec()) ?? undefined;
  }

  async recordOk(at: Date): Promise<void> {
    await this.model
      .updateOne(
        { _id: STATUS_ID },
        { $set: { consecutiveFailures: 0, downSince: null, lastOkAt: at } },
        { upsert: true },
      )
      .exec();
  }

  async recordFailure(at: Date, code: string): Promise<void> {
    await this.model
      .updateOne(
        { _id: STATUS_ID },
        { $inc: { consecutiveFailures: 1 }, $set: { lastFailureAt: at, lastError: code } },
        { upsert: true },
      )
      .exec();
    // Separate conditional write: the start of a run of failures is kept, later ones leave it.
    await this.model
      .updateOne({ _id: STATUS_ID, downSince: null }, { $set: { downSince: at } })
      .exec();
  }
}
