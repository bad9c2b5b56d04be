import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry } from '@jh/platform-mongo';
import type {
  ApplicationStatusCode,
  ChannelCode,
  ItemCode,
  RelationCode,
} from './application.input';
import type { CaseFacts, ProgressStage } from '../progress/progress.facts';
import type { ApplicationScope } from './application.access';

export interface OwnerRef {
  userId: string;
  regionCode: string;
}

/** One change of the 首问负责 owner (R-JH-5): who handed it to whom, when and why. */
export interface OwnerChange {
  fromUserId: string;
  toUserId: string;
  byUserId: string;
  reason: string;
  at: Date;
}

/** A paper accepted as missing (容缺受理, R-JH-6) that has since been supplied. */
export interface SuppliedDocument {
  name: string;
  suppliedAt: Date;
  suppliedBy: string;
  note: string;
}

/** One line of where the application went, from the event that said so (R-JH-1, R-JH-5). */
export interface ProgressHistoryEntry {
  at: Date;
  /** Chinese, no personal data. */
  text: string;
  eventType: string;
  eventId: string;
}

/** Derived from the other services' events; `version` guards the read-modify-write. */
export interface ApplicationProgress {
  stage: ProgressStage;
  facts: CaseFacts;
  history: ProgressHistoryEntry[];
  /** Ids of the events already applied: a redelivery changes nothing. */
  processedEventIds: string[];
  version: number;
}

export interface ApplicationDoc {
  _id: string;
  applicationNo: string;
  status: ApplicationStatusCode;
  applicant: {
    name: string;
    idNumber: string;
    phone?: string;
    address?: string;
    regionCode: string;
    citizenCardNo?: string;
    /** Blind indexes written by the store's cipher (issue 14): equality search without the value. */
    idNumberBidx?: string;
    citizenCardNoBidx?: string;
  };
  householdMembers: {
    name: string;
    relation: RelationCode;
    idNumber: string;
    idNumberBidx?: string;
  }[];
  items: ItemCode[];
  channel: ChannelCode;
  hardshipDescription: string;
  declarationSigned: boolean;
  /**
   * The applicant's region as one key per level (R-OV-2), so a scoped list is one indexed
   * equality; derived from `applicant.regionCode` on insert (older documents: one migration).
   */
  scope: ApplicationScope;
  owner: OwnerRef;
  ownerHistory: OwnerChange[];
  /** Papers accepted at intake as "to follow"; never changes after creation. */
  missingDocuments: string[];
  /** Of those, the ones still outstanding. */
  outstandingDocuments: string[];
  suppliedDocuments: SuppliedDocument[];
  /** `key:<caller user id>:<Idempotency-Key>`, or `auto:<id>` when none was sent. */
  idempotencyKey: string;
  /**
   * Keyed digest (HMAC) of the canonical request (actor + parsed body) the key was first used
   * with; older applications: an unkeyed SHA-256. Sealed at rest either way.
   */
  requestHash: string;
  submittedAt: Date;
  /** Absent on applications stored before progress was followed. */
  progress?: ApplicationProgress;
  outbox: OutboxEntry[];
}

const ownerSchema = new Schema<OwnerRef>(
  { userId: { type: String, required: true }, regionCode: { type: String, default: '' } },
  { _id: false },
);

const applicationSchema = new Schema<ApplicationDoc>(
  {
    _id: { type: String, required: true },
    applicationNo: { type: String, required: true, unique: true },
    status: { type: String, required: true },
    applicant: {
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      phone: String,
      address: String,
      regionCode: { type: String, required: true },
      citizenCardNo: String,
      idNumberBidx: String,
      citizenCardNoBidx: String,
    },
    householdMembers: {
      type: [
        new Schema(
          {
            name: { type: String, required: true },
            relation: { type: String, required: true },
            idNumber: { type: String, required: true },
            idNumberBidx: String,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    items: { type: [String], required: true },
    channel: { type: String, required: true },
    hardshipDescription: { type: String, default: '' },
    declarationSigned: { type: Boolean, required: true },
    scope: {
      city: { type: String, default: '' },
      county: { type: String, default: '' },
      street: { type: String, default: '' },
    },
    owner: { type: ownerSchema, required: true },
    ownerHistory: {
      type: [
        new Schema<OwnerChange>(
          {
            fromUserId: { type: String, default: '' },
            toUserId: { type: String, required: true },
            byUserId: { type: String, required: true },
            reason: { type: String, required: true },
            at: { type: Date, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    missingDocuments: { type: [String], default: [] },
    outstandingDocuments: { type: [String], default: [] },
    suppliedDocuments: {
      type: [
        new Schema<SuppliedDocument>(
          {
            name: { type: String, required: true },
            suppliedAt: { type: Date, required: true },
            suppliedBy: { type: String, required: true },
            note: { type: String, default: '' },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    idempotencyKey: { type: String, required: true, unique: true },
    requestHash: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    progress: { type: Schema.Types.Mixed, required: false },
  },
  { collection: 'applications', versionKey: false, strict: 'throw' },
);
applicationSchema.plugin(outboxPlugin);
// Lists are newest first; the sequential number breaks same-millisecond ties deterministically.
applicationSchema.index({ submittedAt: -1, applicationNo: -1 });
applicationSchema.index({ 'owner.userId': 1, submittedAt: -1 });
// A scoped list (R-OV-2) is one equality on the key of the reader's level, then newest first.
for (const level of ['city', 'county', 'street']) {
  applicationSchema.index({ [`scope.${level}`]: 1, submittedAt: -1, applicationNo: -1 });
}

// Search by ID number (issue 14): equality on the keyed blind index, never on the sealed value.
applicationSchema.index({ 'applicant.idNumberBidx': 1 });
applicationSchema.index({ 'householdMembers.idNumberBidx': 1 });

interface CounterDoc {
  _id: string;
  seq: number;
}
const counterSchema = new Schema<CounterDoc>(
  { _id: String, seq: Number },
  { collection: 'counters', versionKey: false },
);

export function applicationModels(connection: Connection) {
  return {
    Application: connection.model<ApplicationDoc>(
      'Application',
      applicationSchema,
    ) as Model<ApplicationDoc>,
    Counter: connection.model<CounterDoc>('Counter', counterSchema) as Model<CounterDoc>,
  };
}
export type ApplicationModels = ReturnType<typeof applicationModels>;
