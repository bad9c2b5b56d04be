import { Schema, type Connection, type Model } from 'mongoose';

/** 拨付 in (+) or a first-aid / pre-allocation payout out (−) of a street's reserve (R-PAY-4). */
export const reserveEntryKinds = ['deposit', 'first_aid_debit'] as const;
export type ReserveEntryKind = (typeof reserveEntryKinds)[number];

/**
 * One append-only ledger movement. `_id` is derived from what caused it (`deposit:<street>:<ref>`,
 * `first_aid:<orderId>`), so a redelivered movement hits the unique id and is not booked twice.
 */
export interface ReserveEntryDoc {
  _id: string;
  streetCode: string;
  /** Scope keys of the street (R-OV-2): the county's balances by one indexed equality. */
  scope?: { city: string; county: string; street: string };
  kind: ReserveEntryKind;
  /** Signed fen: deposits positive, debits negative. */
  amountFen: number;
  /** 拨付文号 for deposits, the payment order id for debits. */
  ref: string;
  orderId?: string;
  reason: string;
  by: string;
  at: Date;
}

const entrySchema = new Schema<ReserveEntryDoc>(
  {
    _id: { type: String, required: true },
    streetCode: { type: String, required: true },
    scope: {
      type: new Schema({ city: String, county: String, street: String }, { _id: false }),
      required: false,
    },
    kind: { type: String, enum: reserveEntryKinds, required: true },
    amountFen: { type: Number, required: true },
    ref: { type: String, required: true },
    orderId: { type: String, required: false },
    reason: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'payment_reserve_entries', versionKey: false },
);
entrySchema.index({ streetCode: 1, at: 1 });
entrySchema.index({ 'scope.county': 1 });
entrySchema.index({ 'scope.street': 1 });

export function reserveEntryModel(conn: Connection): Model<ReserveEntryDoc> {
  return (
    (conn.models['ReserveEntry'] as Model<ReserveEntryDoc> | undefined) ??
    conn.model<ReserveEntryDoc>('ReserveEntry', entrySchema)
  );
}
