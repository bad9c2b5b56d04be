import { Schema, type Connection, type Model } from 'mongoose';

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
