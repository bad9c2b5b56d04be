// Due finding without a range scan (ADR 0016): every open order carries `dueSlot`, the minute it
// becomes due (never earlier than the minute it was written) times `slotShards` plus a shard of its
// `_id`. The sender reads slots by plain equality on that indexed field, walking forward from a
// cursor kept in its own document; the local engine answers such a query through SQLite's index
// (ADR 0013), MongoDB through its own.
import { Schema, type Connection, type Model } from 'mongoose';
import { openStatuses, type OrderStatus } from './order.model';

export const slotMs = 60_000;
/**
 * Shards per minute: a month of orders due at one instant is read as 4 smaller slots. Every idle
 * sender run asks (lookback + 1) × shards empty slots, so this stays small (ADR 0016).
 */
export const slotShards = 4;
/** The cursor stays this many minutes behind now, so writers with a slightly slow clock are seen. */
export const lookbackMinutes = 2;

export const minuteOf = (at: Date) => Math.floor(at.getTime() / slotMs);

/** FNV-1a of the id: stable across processes and versions. */
export function shardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % slotShards;
}

/** The slot of an open order written at `now` that may be acted on from `nextAttemptAt`. */
export function dueSlotOf(id: string, nextAttemptAt: Date, now: Date): number {
  return Math.max(minuteOf(nextAttemptAt), minuteOf(now)) * slotShards + shardOf(id);
}

export const slotsOfMinute = (minute: number) =>
  Array.from({ length: slotShards }, (_, i) => minute * slotShards + i);

export const isOpen = (s: OrderStatus) => openStatuses.includes(s);

interface CursorDoc {
  _id: string;
  /** Every minute before this one has been seen empty by a sender. */
  minute: number;
}

const cursorId = 'due-cursor';

export function dueCursorModel(conn: Connection): Model<CursorDoc> {
  return (
    (conn.models['PaymentSenderCursor'] as Model<CursorDoc> | undefined) ??
    conn.model<CursorDoc>(
      'PaymentSenderCursor',
      new Schema<CursorDoc>(
        { _id: { type: String, required: true }, minute: { type: Number, required: true } },
        { collection: 'payment_sender_state', versionKey: false },
      ),
    )
  );
}

/** The due cursor, read and moved by `_id` only. */
export class DueCursor {
  constructor(private readonly model: Model<CursorDoc>) {}

  async read(): Promise<number | undefined> {
    const doc = await this.model.findById(cursorId).lean<CursorDoc>().exec();
    return doc?.minute;
  }

  /** Makes sure the sender will look at `minute` again (before a bulk write of orders there). */
  async lower(minute: number): Promise<void> {
    await this.model.updateOne({ _id: cursorId }, { $min: { minute } }, { upsert: true }).exec();
  }

  /** Moves the cursor on, only if nobody moved or lowered it since it was read. */
  async advance(from: number, to: number): Promise<boolean> {
    const res = await this.model
      .updateOne({ _id: cursorId, minute: from }, { $set: { minute: to } })
      .exec();
    return res.modifiedCount === 1;
  }
}
