import { Schema, type Connection, type Model } from 'mongoose';
import {
  auditEntrySchema,
  outboxPlugin,
  type OutboxEntry,
  type StatusAuditEntry,
} from '@jh/platform-mongo';
import { scopeFields } from '@jh/domain-access';
import type { PartScope } from './part.access';

export const partStatuses = [
  'pending',
  'accepted',
  'reported',
  'transfer_requested',
  'cancelled',
] as const;
export type PartStatus = (typeof partStatuses)[number];

/** Parts the department still has to act on; overdue / at-risk only ever apply to these. */
export const openStatuses: readonly PartStatus[] = ['pending', 'accepted', 'transfer_requested'];

export const outcomes = ['granted', 'rejected', 'not_applicable', 'referred'] as const;
export type Outcome = (typeof outcomes)[number];

export const cancelReasons = ['transferred', 'withdrawn', 'unspecified'] as const;
export type CancelReason = (typeof cancelReasons)[number];

/** One SLA clock of a part (R-JH-3): due date set by civil affairs, warning start derived here. */
export interface PartClock {
  startedAt: Date;
  dueAt: Date;
  atRiskFrom: Date;
}

export type PartAction =
  'dispatched' | 'accepted' | 'reported' | 'transfer_requested' | 'cancelled';

/**
 * Append-only trail of every state change (R-OV-1): `byUserId` is the officer, or the producing
 * service for consumed events; `reason` the officer's note, transfer reason or cancellation note.
 */
export interface PartAudit extends StatusAuditEntry<PartAction, PartStatus> {
  /** Event that caused the change, for consumed events. */
  eventId: string;
}

export interface PartReport {
  outcome: Outcome;
  amountFen: number;
  note: string;
  officerId: string;
  reportedAt: Date;
  /** Department-specific household figures (e.g. employment target), when the department asks for them. */
  figures?: Record<string, number>;
  targetMet?: boolean;
}

export interface PartDoc {
  /** The part id from PartDispatched: a redelivery hits the unique `_id` (R-JH idempotency). */
  _id: string;
  caseId: string;
  applicationId: string;
  /** The number the applicant holds (JH-2026-000123); '' for parts dispatched before it was sent. */
  applicationNumber?: string;
  department: string;
  /**
   * The case's region (GB/T 2260), which decides who sees the part (R-OV-2); '' when neither the
   * dispatch nor the service's DEPT_REGION_CODE names one (then only services read it).
   */
  regionCode: string;
  /** {@link regionCode} as one key per level, so a scoped worklist is one indexed equality. */
  scope: PartScope;
  /** AssistanceItem enum values. */
  items: number[];
  status: PartStatus;
  /** True while only a PartCancelled has arrived (it overtook its PartDispatched). */
  placeholder: boolean;
  dispatchedAt: Date;
  dispatchEventId: string;
  /** W3C context of the application's trace at receipt ('' for older parts), ADR 0024. */
  traceparent?: string;
  reportClock: PartClock;
  handlingClock: PartClock;
  /** Earliest of the two due dates / warning starts: the sort and filter keys of the worklist. */
  nextDueAt: Date;
  atRiskFrom: Date;
  /** Current owner (首问负责, R-JH-5): the officer who accepted the part. */
  owner: { userId: string; name: string } | null;
  acceptedAt: Date | null;
  report: PartReport | null;
  transferRequest: {
    suggestedDepartment: string;
    reason: string;
    officerId: string;
    requestedAt: Date;
  } | null;
  cancellation: {
    reason: CancelReason;
    note: string;
    replacementPartId: string;
    cancelledAt: Date;
  } | null;
  audit: PartAudit[];
  outbox: OutboxEntry[];
}

const clockSchema = new Schema<PartClock>(
  { startedAt: Date, dueAt: Date, atRiskFrom: Date },
  { _id: false },
);

const auditSchema = auditEntrySchema<PartAudit>({
  fromStatus: { type: String, default: null },
  toStatus: { type: String, required: true },
  eventId: { type: String, default: '' },
});

const partSchema = new Schema<PartDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, default: '' },
    applicationId: { type: String, default: '' },
    applicationNumber: { type: String, default: '' },
    department: { type: String, required: true },
    regionCode: { type: String, default: '' },
    scope: { type: new Schema({ city: String, county: String, street: String }, { _id: false }) },
    items: { type: [Number], default: [] },
    status: { type: String, required: true, enum: partStatuses },
    placeholder: { type: Boolean, default: false },
    dispatchedAt: Date,
    dispatchEventId: { type: String, default: '' },
    traceparent: { type: String, default: '' },
    reportClock: clockSchema,
    handlingClock: clockSchema,
    nextDueAt: Date,
    atRiskFrom: Date,
    owner: { type: new Schema({ userId: String, name: String }, { _id: false }), default: null },
    acceptedAt: { type: Date, default: null },
    report: { type: Schema.Types.Mixed, default: null },
    transferRequest: { type: Schema.Types.Mixed, default: null },
    cancellation: { type: Schema.Types.Mixed, default: null },
    audit: { type: [auditSchema], default: [] },
  },
  { collection: 'parts', versionKey: false, strict: 'throw' },
);
partSchema.index({ status: 1, nextDueAt: 1 });
// Officers look a part up by the number the applicant holds: one indexed equality.
partSchema.index({ applicationNumber: 1 });
// A scoped worklist (R-OV-2): per status, one equality on the reader's level, nearest due first.
for (const level of scopeFields)
  partSchema.index({ [`scope.${level}`]: 1, status: 1, nextDueAt: 1 });
partSchema.plugin(outboxPlugin);

export function partModel(connection: Connection): Model<PartDoc> {
  return connection.model<PartDoc>('Part', partSchema) as Model<PartDoc>;
}
