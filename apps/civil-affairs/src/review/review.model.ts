import { Schema, type Connection, type Model } from 'mongoose';
import type { SlaClock } from '@jh/domain-sla';
import { outboxEntrySchema, type OutboxEntry } from '@jh/platform-mongo';

/**
 * accepted (受理 done by the intake owner) → under_check (初审 done; 核对 and 入户调查 pending)
 * → awaiting_confirmation → approved | rejected; withdrawn from any open state.
 */
export type ReviewStatus =
  'accepted' | 'under_check' | 'awaiting_confirmation' | 'approved' | 'rejected' | 'withdrawn';
export const OPEN_REVIEW_STATUSES: readonly ReviewStatus[] = [
  'accepted',
  'under_check',
  'awaiting_confirmation',
];
export type ReviewAction =
  | 'opened'
  | 'first_review'
  | 'economic_check'
  | 'home_visit'
  | 'routed'
  | 'approved'
  | 'rejected'
  | 'withdrawn';
export type ApproverLevel = 'street' | 'county' | 'city';

export interface AuditEntry {
  at: Date;
  byUserId: string;
  action: ReviewAction;
  fromStatus: ReviewStatus | null;
  toStatus: ReviewStatus;
  reason: string;
}

export interface InstalmentDoc {
  number: number;
  amountFen: number;
  dueAt: Date;
  idempotencyKey: string;
}

export interface ReviewDoc {
  /** `${caseId}:${item}`: one review per case and item, a second open hits the unique _id. */
  _id: string;
  caseId: string;
  applicationId: string;
  /** Catalogue code: dibao | dibian | tekun | temporary. */
  item: string;
  applicantName: string;
  regionCode: string;
  status: ReviewStatus;
  /** R-AP-1: who did 受理 / 初审 / 审核确认. */
  actors: { intake: string; firstReview: string | null; confirmation: string | null };
  economicCheck: {
    startedAt: Date;
    completedAt: Date;
    note: string;
    byUserId: string;
    recordedAt: Date;
  } | null;
  homeVisit: { visitedAt: Date; note: string; byUserId: string; recordedAt: Date } | null;
  /** R-AP-2 / R-AP-4 confirmation or approval clock (serialised SlaClock). */
  clock: SlaClock;
  /** R-AP-5: the level an approval was routed to after a lower-level approver was refused. */
  routedTo: { level: string; reason: string; ruleId: string; amountFen: number; at: Date } | null;
  approval: {
    approvalId: string;
    level: string;
    amountFen: number;
    approverId: string;
    approvedAt: Date;
    instalments: InstalmentDoc[];
  } | null;
  decisionReason: string;
  audit: AuditEntry[];
  openedAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: every write is `updateOne({_id, version}, …)`. */
  version: number;
  outbox: OutboxEntry[];
}

const auditSchema = new Schema<AuditEntry>(
  {
    at: { type: Date, required: true },
    byUserId: { type: String, required: true },
    action: { type: String, required: true },
    fromStatus: { type: String, default: null },
    toStatus: { type: String, required: true },
    reason: { type: String, default: '' },
  },
  { _id: false },
);

const reviewSchema = new Schema<ReviewDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    applicationId: { type: String, required: true },
    item: { type: String, required: true },
    applicantName: { type: String, default: '' },
    regionCode: { type: String, default: '' },
    status: { type: String, required: true },
    actors: {
      intake: { type: String, required: true },
      firstReview: { type: String, default: null },
      confirmation: { type: String, default: null },
    },
    economicCheck: { type: Schema.Types.Mixed, default: null },
    homeVisit: { type: Schema.Types.Mixed, default: null },
    clock: { type: Schema.Types.Mixed, required: true },
    routedTo: { type: Schema.Types.Mixed, default: null },
    approval: { type: Schema.Types.Mixed, default: null },
    decisionReason: { type: String, default: '' },
    audit: { type: [auditSchema], default: [] },
    openedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    outbox: { type: [outboxEntrySchema], default: [] },
  },
  { collection: 'reviews', versionKey: false, strict: 'throw' },
);
reviewSchema.index({ 'outbox.sentAt': 1 });
reviewSchema.index({ caseId: 1 });

export function reviewModels(connection: Connection) {
  return {
    Review: connection.model<ReviewDoc>('Review', reviewSchema) as Model<ReviewDoc>,
  };
}
export type ReviewModels = ReturnType<typeof reviewModels>;
