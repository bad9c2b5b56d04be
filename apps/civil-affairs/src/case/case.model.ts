import { indexScope, scopeField, type ScopeKeys } from '../access';
import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry } from '@jh/platform-mongo';

export type PartStatus = 'dispatched' | 'accepted' | 'reported' | 'cancelled';
export type CaseStatus =
  | 'dispatched'
  | 'partially_reported'
  | 'completed'
  /** Only civil affairs' own items: no department part. */
  | 'civil_affairs_only';
export type ClockCode = 'report' | 'handling';
export type ReferralKind = 'charity' | 'social_work';

export interface PartClock {
  dueAt: Date;
  atRiskAt: Date;
  /** Overdue by more than the configured working days from here on: 通报 level. */
  noticeAt: Date;
}

export interface PartDoc {
  partId: string;
  department: string;
  items: string[];
  status: PartStatus;
  dispatchedAt: Date;
  handlingWorkingDays: number;
  report: PartClock;
  handling: PartClock;
  /** R-JH-5: the department until an officer accepts, then that officer. */
  currentOwner: { department: string; officerId: string | null };
  acceptedAt: Date | null;
  result: {
    outcome: string;
    amountFen: number;
    note: string;
    officerId: string;
    reportedAt: Date;
  } | null;
  transferRequest: {
    suggestedDepartment: string;
    reason: string;
    officerId: string;
    requestedAt: Date;
  } | null;
  cancellation: {
    reason: 'transferred' | 'withdrawn';
    note: string;
    replacementPartId: string;
    cancelledAt: Date;
  } | null;
  replacesPartId: string | null;
  /** Escalations already published, e.g. "report:coordinator" (once per clock and level). */
  escalations: string[];
  /** 督办 by a coordinator (R-JH-4); absent on parts stored before it existed. */
  supervisions?: SupervisionDoc[];
}

export type SupervisionAction = 'remind' | 'escalate';

export interface SupervisionDoc {
  supervisionId: string;
  action: SupervisionAction;
  note: string;
  /** The clock it concerned: the earliest overdue, else at-risk, else running one. */
  clock: ClockCode;
  byUserId: string;
  at: Date;
  /** The PartOverdue it published: the timeline finds who acted by it. */
  eventId: string;
  /** `<user id>:<Idempotency-Key>` when the request carried one. */
  idempotencyKey: string | null;
}

export interface ReferralDoc {
  referralId: string;
  organisation: string;
  kind: ReferralKind;
  reason: string;
  byUserId: string;
  at: Date;
}

export interface CaseDoc {
  /** = application id, so a redelivered ApplicationSubmitted hits the unique _id. */
  _id: string;
  applicationId: string;
  applicationNumber: string;
  applicantName: string;
  /** Identity for the approval's recipient and R-AP-6 / R-AP-8; never in views unmasked. */
  applicantIdNumber: string;
  /** Citizen card (市民卡) the approval pays to (R-PAY-1). */
  applicantCitizenCardNo: string;
  /** Household members' ID numbers, for the relatives-of-staff check (R-AP-8). */
  householdIdNumbers: string[];
  /** Blind indexes of the sealed applicant ID and card numbers (written by the cipher). */
  applicantIdNumberBidx?: string;
  applicantCitizenCardNoBidx?: string;
  /** The applicant's region (GB/T 2260): the case's region for access (R-OV-2). */
  regionCode: string;
  /** Scope keys of `regionCode`: lists and figures filter by one of them (indexed equality). */
  scope: ScopeKeys;
  items: string[];
  /** Items civil affairs handles itself (低保, 特困 …). */
  ownItems: string[];
  /** 首问负责 (R-JH-5): the first-receiving owner from intake. */
  owner: { userId: string; regionCode: string };
  status: CaseStatus;
  parts: PartDoc[];
  referrals: ReferralDoc[];
  /** Derived on every write, for queries. */
  departments: string[];
  earliestOpenDueAt: Date | null;
  earliestOpenAtRiskAt: Date | null;
  nextSlaCheckAt: Date | null;
  /** Some part is still open: the equality key of the coordinator's at-risk / overdue lists. */
  hasOpenParts: boolean;
  /** Shanghai months (YYYY-MM) of the parts' report-back due dates: the 通报's equality key. */
  reportDueMonths: string[];
  /** UTC hour (YYYY-MM-DDTHH) of `nextSlaCheckAt`: the SLA scan walks these buckets (ADR 0017). */
  slaBucket: string | null;
  openedAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: every write is `updateOne({_id, version}, …)`. */
  version: number;
  processedEventIds: string[];
  /** W3C context of the application's trace when the case opened ('' for older cases), ADR 0024. */
  traceparent?: string;
  outbox: OutboxEntry[];
}

const clockSchema = new Schema<PartClock>(
  {
    dueAt: { type: Date, required: true },
    atRiskAt: { type: Date, required: true },
    noticeAt: { type: Date, required: true },
  },
  { _id: false },
);

const supervisionSchema = new Schema<SupervisionDoc>(
  {
    supervisionId: { type: String, required: true },
    action: { type: String, required: true },
    note: { type: String, default: '' },
    clock: { type: String, required: true },
    byUserId: { type: String, required: true },
    at: { type: Date, required: true },
    eventId: { type: String, required: true },
    idempotencyKey: { type: String, default: null },
  },
  { _id: false },
);

const partSchema = new Schema<PartDoc>(
  {
    partId: { type: String, required: true },
    department: { type: String, required: true },
    items: { type: [String], default: [] },
    status: { type: String, required: true },
    dispatchedAt: { type: Date, required: true },
    handlingWorkingDays: { type: Number, required: true },
    report: { type: clockSchema, required: true },
    handling: { type: clockSchema, required: true },
    currentOwner: {
      department: { type: String, required: true },
      officerId: { type: String, default: null },
    },
    acceptedAt: { type: Date, default: null },
    result: {
      type: new Schema(
        {
          outcome: String,
          amountFen: Number,
          note: String,
          officerId: String,
          reportedAt: Date,
        },
        { _id: false },
      ),
      default: null,
    },
    transferRequest: {
      type: new Schema(
        { suggestedDepartment: String, reason: String, officerId: String, requestedAt: Date },
        { _id: false },
      ),
      default: null,
    },
    cancellation: {
      type: new Schema(
        { reason: String, note: String, replacementPartId: String, cancelledAt: Date },
        { _id: false },
      ),
      default: null,
    },
    replacesPartId: { type: String, default: null },
    escalations: { type: [String], default: [] },
    supervisions: { type: [supervisionSchema], default: undefined },
  },
  { _id: false },
);

const referralSchema = new Schema<ReferralDoc>(
  {
    referralId: { type: String, required: true },
    organisation: { type: String, required: true },
    kind: { type: String, required: true },
    reason: { type: String, required: true },
    byUserId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const caseSchema = new Schema<CaseDoc>(
  {
    _id: { type: String, required: true },
    applicationId: { type: String, required: true },
    applicationNumber: { type: String, default: '' },
    applicantName: { type: String, default: '' },
    applicantIdNumber: { type: String, default: '' },
    applicantCitizenCardNo: { type: String, default: '' },
    householdIdNumbers: { type: [String], default: [] },
    // Blind indexes written beside the sealed values (issue 14).
    applicantIdNumberBidx: { type: String },
    applicantCitizenCardNoBidx: { type: String },
    regionCode: { type: String, default: '' },
    scope: scopeField,
    items: { type: [String], default: [] },
    ownItems: { type: [String], default: [] },
    owner: { userId: { type: String, default: '' }, regionCode: { type: String, default: '' } },
    status: { type: String, required: true },
    parts: { type: [partSchema], default: [] },
    referrals: { type: [referralSchema], default: [] },
    departments: { type: [String], default: [] },
    earliestOpenDueAt: { type: Date, default: null },
    earliestOpenAtRiskAt: { type: Date, default: null },
    nextSlaCheckAt: { type: Date, default: null },
    hasOpenParts: { type: Boolean, default: false },
    reportDueMonths: { type: [String], default: [] },
    slaBucket: { type: String, default: null },
    openedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    processedEventIds: { type: [String], default: [] },
    traceparent: { type: String, default: '' },
  },
  { collection: 'cases', versionKey: false, strict: 'throw' },
);
caseSchema.plugin(outboxPlugin);
// Each list / scan starts with an equality on the first key (the local engine searches only
// that through its index, ADR 0013/0017); MongoDB uses the whole compound key.
caseSchema.index({ slaBucket: 1 });
caseSchema.index({ hasOpenParts: 1, earliestOpenAtRiskAt: 1 });
caseSchema.index({ reportDueMonths: 1 });
caseSchema.index({ openedAt: -1 });
// The board's search by application number (exact, `GET /cases?q=`).
caseSchema.index({ applicationNumber: 1 });
indexScope(caseSchema);

/** How far the SLA scan has walked: every bucket up to `doneThrough` was handled. */
export interface SlaCursorDoc {
  _id: string;
  doneThrough: string;
  updatedAt: Date;
}

const slaCursorSchema = new Schema<SlaCursorDoc>(
  {
    _id: { type: String, required: true },
    doneThrough: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'sla_cursors', versionKey: false, strict: 'throw' },
);

export function caseModels(connection: Connection) {
  return {
    Case: connection.model<CaseDoc>('Case', caseSchema) as Model<CaseDoc>,
    SlaCursor: connection.model<SlaCursorDoc>('SlaCursor', slaCursorSchema) as Model<SlaCursorDoc>,
  };
}
export type CaseModels = ReturnType<typeof caseModels>;
