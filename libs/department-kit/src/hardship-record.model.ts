import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry } from '@jh/platform-mongo';
import { scopeFields } from '@jh/domain-access';
import type { HouseholdFlag, SignalKind, SizeBand } from '@jh/domain-outreach';
import type { PartScope } from './part.access';

/**
 * A department's own record that reached a signal band (R-PD-1), kept for the officer's history
 * with the HardshipSignal it published (outbox, same write). Below the threshold nothing is kept.
 */
export interface HardshipRecordDoc {
  /** The signal id, `<department>:<recordId>`: a re-sent record hits the unique `_id`. */
  _id: string;
  department: string;
  recordId: string;
  kind: SignalKind;
  band: SizeBand;
  /** Sealed at rest (ID number, phone, address); `idNumberBidx` is the household's blind index. */
  subject: {
    name: string;
    idNumber: string;
    phone?: string;
    address?: string;
    regionCode: string;
    idNumberBidx?: string;
  };
  /** Blind index of the household head's ID number, as published. */
  householdRef: string;
  streetCode: string;
  /** The street, which decides who sees the record (R-OV-2). */
  regionCode: string;
  scope: PartScope;
  observedAt: Date;
  flags: HouseholdFlag[];
  /** Only the figures the band was computed from. */
  figures: Record<string, number>;
  officerId: string;
  receivedAt: Date;
  /** Keyed digest of the record as first sent: a re-send with other content is refused. */
  requestHash: string;
  outbox: OutboxEntry[];
}

const hardshipRecordSchema = new Schema<HardshipRecordDoc>(
  {
    _id: { type: String, required: true },
    department: { type: String, required: true },
    recordId: { type: String, required: true },
    kind: { type: String, required: true },
    band: { type: String, required: true },
    subject: {
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      phone: String,
      address: String,
      regionCode: { type: String, required: true },
      idNumberBidx: String,
    },
    householdRef: { type: String, required: true },
    streetCode: { type: String, required: true },
    regionCode: { type: String, required: true },
    scope: { type: new Schema({ city: String, county: String, street: String }, { _id: false }) },
    observedAt: { type: Date, required: true },
    flags: { type: [String], default: [] },
    figures: { type: Schema.Types.Mixed, default: {} },
    officerId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    requestHash: { type: String, required: true },
  },
  { collection: 'hardship_records', versionKey: false, strict: 'throw', minimize: false },
);
// The officer's history: one equality on the reader's level, newest first (R-OV-2, ADR 0013).
for (const level of scopeFields)
  hardshipRecordSchema.index({ [`scope.${level}`]: 1, receivedAt: -1, _id: -1 });
hardshipRecordSchema.index({ receivedAt: -1, _id: -1 });
hardshipRecordSchema.plugin(outboxPlugin);

export function hardshipRecordModel(connection: Connection): Model<HardshipRecordDoc> {
  return connection.model<HardshipRecordDoc>(
    'HardshipRecord',
    hardshipRecordSchema,
  ) as Model<HardshipRecordDoc>;
}
