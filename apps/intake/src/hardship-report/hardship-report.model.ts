import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry } from '@jh/platform-mongo';
import type {
  HouseholdFlag,
  PersonSource,
  ReporterRole,
  SignalKind,
  SizeBand,
} from '@jh/domain-outreach';
import type { ScopeKeys } from '@jh/access-guard';

/** A person's report of a household (R-PD-1), stored with the HardshipSignal it published. */
export interface HardshipReportDoc {
  /** The signal id: derived from the reporter and the report id or idempotency key. */
  _id: string;
  /** `report:<user>:<reportId>`, `key:<user>:<Idempotency-Key>` or `auto:<id>`. */
  reportKey: string;
  source: PersonSource;
  kind: SignalKind;
  band: SizeBand;
  /** observation and contact are sealed at rest. */
  reporter: { role: ReporterRole; id: string; observation: string; contact: string };
  /** Sealed at rest (ID number, phone, address); `idNumberBidx` is the household's blind index. */
  subject: {
    name: string;
    idNumber: string;
    phone?: string;
    address?: string;
    regionCode: string;
    idNumberBidx?: string;
  };
  householdRef: string;
  streetCode: string;
  scope: ScopeKeys;
  flags: HouseholdFlag[];
  observedAt: Date;
  receivedAt: Date;
  /** Keyed digest of the request first sent under the report key. */
  requestHash: string;
  outbox: OutboxEntry[];
}

const hardshipReportSchema = new Schema<HardshipReportDoc>(
  {
    _id: { type: String, required: true },
    reportKey: { type: String, required: true },
    source: { type: String, required: true },
    kind: { type: String, required: true },
    band: { type: String, required: true },
    reporter: {
      role: { type: String, required: true },
      id: { type: String, required: true },
      observation: { type: String, required: true },
      contact: { type: String, required: true },
    },
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
    scope: { city: String, county: String, street: String },
    flags: { type: [String], default: [] },
    observedAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    requestHash: { type: String, required: true },
  },
  { collection: 'hardship_reports', versionKey: false, strict: 'throw' },
);
// A reporter's own list: one equality, newest first.
hardshipReportSchema.index({ 'reporter.id': 1, receivedAt: -1, _id: -1 });
hardshipReportSchema.plugin(outboxPlugin);

export function hardshipReportModel(connection: Connection): Model<HardshipReportDoc> {
  return connection.model<HardshipReportDoc>(
    'HardshipReport',
    hardshipReportSchema,
  ) as Model<HardshipReportDoc>;
}
