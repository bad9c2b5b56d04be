import { indexScope, scopeField, type ScopeKeys } from '../access';
import { Schema, type Connection, type Model } from 'mongoose';
import type { SlaClock } from '@jh/domain-sla';
import {
  outboxPlugin,
  statusAuditSchema,
  type OutboxEntry,
  type StatusAuditEntry,
} from '@jh/platform-mongo';

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
  | 'withdrawn'
  | 'self_care_assessed'
  | 'democratic_review'
  | 'fast_aid'
  | 'paperwork_completed'
  | 'relatives_review'
  | 'follow_up'
  | 'payee_recorded';
export type ApproverLevel = 'street' | 'county' | 'city';

/** The queue's step: what is next on the review (GET /reviews filters by it). */
export const REVIEW_STAGES = [
  'first_review',
  'economic_check',
  'home_visit',
  'self_care',
  'democratic_review',
  'relatives_review',
  'paperwork',
  'approval',
  'routed_county',
  'routed_city',
  'case_by_case',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

/** 临时救助 kind (R-AP-4): 急难型 may be aided first, 支出型 follows the full procedure. */
export type TemporaryKind = 'emergency' | 'expenditure';
/** 急难 situations (DOMAIN §8, temporary-aid target situations). */
export const EMERGENCY_CATEGORIES = [
  'accident_or_fire',
  'sudden_illness',
  'long_illness_or_disability',
  'schooling_costs',
  'business_failure_or_job_loss',
  'safety_or_mass_incident',
  'special_misfortune',
  'other',
] as const;
export type EmergencyCategory = (typeof EMERGENCY_CATEGORIES)[number];

/** 生活自理能力评估 (R-AP-3, 民发〔2021〕43号): 具备 / 部分丧失 / 完全丧失. */
export type SelfCareAbility = 'fully_able' | 'partly_unable' | 'fully_unable';
/** 集中供养 (county institution) or 分散供养 (at home, managed by the street). */
export type SupportMode = 'centralized' | 'dispersed';
/** 照料护理标准: 全自理 / 半护理 / 全护理. */
export type CareStandard = 'full_self_care' | 'half_care' | 'full_care';

export interface SelfCareDoc {
  ability: SelfCareAbility;
  supportMode: SupportMode;
  careStandard: CareStandard;
  note: string;
  byUserId: string;
  recordedAt: Date;
}

export interface EmergencyDoc {
  category: EmergencyCategory;
  /** YYYY-MM-DD (Asia/Shanghai). */
  occurredOn: string;
  description: string;
  /** `${category}:${occurredOn}`, a label; R-AP-6 guards use household and dates (ADR 0011). */
  eventKey: string;
}

export interface DemocraticReviewDoc {
  heldAt: Date;
  participantCount: number;
  conclusion: 'agree' | 'disagree';
  note: string;
  byUserId: string;
  recordedAt: Date;
}

/** 急难型 先行救助: aid paid first, the procedure's paperwork tracked until recorded. */
export interface PaperworkDoc {
  status: 'outstanding' | 'completed';
  dueAt: Date;
  dueDate: string;
  completedAt: Date | null;
  completedBy: string | null;
  note: string;
}

export interface RelativesMatchDoc {
  idNumber: string;
  staffName: string;
  relation: string;
}

export type ReviewAudit = StatusAuditEntry<ReviewAction, ReviewStatus>;

export interface InstalmentDoc {
  number: number;
  amountFen: number;
  dueAt: Date;
  idempotencyKey: string;
}

export type ApprovalKind = 'regular' | 'fast' | 'follow_up';

export interface ApprovalDoc {
  approvalId: string;
  kind: ApprovalKind;
  level: string;
  amountFen: number;
  approverId: string;
  approvedAt: Date;
  instalments: InstalmentDoc[];
  reason: string;
  /** Follow-up retries with the same key return this approval. */
  requestKey: string | null;
  /** Hash of approver + request body: a replay with other content is refused (not re-approved). */
  requestHash?: string | null;
  /** R-AP-9 first aid of the same emergency this approval completes (ADR 0011); counts for R-AP-5. */
  linkedFirstAids?: { approvalId: string; amountFen: number }[];
}

export interface ReviewDoc {
  /** `${caseId}:${item}`: one review per case and item, a second open hits the unique _id. */
  _id: string;
  caseId: string;
  applicationId: string;
  /** Catalogue code: dibao | dibian | tekun | temporary. */
  item: string;
  applicantName: string;
  /** Copied from the case; payment needs them, views mask them (R-OV-2). */
  applicantIdNumber: string;
  citizenCardNo: string;
  householdIdNumbers: string[];
  /** Blind indexes of the sealed ID and card numbers (written by the cipher, issue 14). */
  applicantIdNumberBidx?: string;
  citizenCardNoBidx?: string;
  /** The owner's office (else the applicant's) region: the street paying from its reserve. */
  regionCode: string;
  /** Scope keys of the household's region (the case's applicant, R-OV-2), indexed. */
  scope: ScopeKeys;
  status: ReviewStatus;
  /** 临时救助 only. */
  temporaryKind: TemporaryKind | null;
  /** 急难型 only: the emergency, keyed for R-AP-6. */
  emergency: EmergencyDoc | null;
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
  /** R-AP-3 特困: recorded at (or after) the home visit. */
  selfCare: SelfCareDoc | null;
  /** R-AP-4 支出型: 民主评议 record. */
  democraticReview: DemocraticReviewDoc | null;
  paperwork: PaperworkDoc | null;
  /** R-AP-8: result of the relatives-of-staff check when the review was opened. */
  relatives: { flagged: boolean; matches: RelativesMatchDoc[]; checkedAt: Date };
  relativesReview: { byUserId: string; opinion: string; at: Date } | null;
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
  /** Every approval in order: 先行救助, the regular one, 跟进救助. */
  approvals: ApprovalDoc[];
  decisionReason: string;
  /** The number the applicant holds (JH-2026-000123); '' on reviews opened before it was kept. */
  applicationNumber?: string;
  /** Queue keys (GET /reviews), derived from the state on every write (review.queue.ts). */
  stage?: ReviewStage;
  open?: boolean;
  /** The R-AP-2 / R-AP-4 clock's due instant and the start of its at-risk window. */
  dueAt?: Date;
  atRiskAt?: Date;
  audit: ReviewAudit[];
  openedAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: every write is `updateOne({_id, version}, …)`. */
  version: number;
  /** W3C context of the application's trace, from the case ('' for older reviews), ADR 0024. */
  traceparent?: string;
  outbox: OutboxEntry[];
}

const auditSchema = statusAuditSchema<ReviewAction, ReviewStatus>();

const reviewSchema = new Schema<ReviewDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    applicationId: { type: String, required: true },
    item: { type: String, required: true },
    applicantName: { type: String, default: '' },
    applicantIdNumber: { type: String, default: '' },
    citizenCardNo: { type: String, default: '' },
    householdIdNumbers: { type: [String], default: [] },
    applicantIdNumberBidx: { type: String },
    citizenCardNoBidx: { type: String },
    regionCode: { type: String, default: '' },
    scope: scopeField,
    status: { type: String, required: true },
    temporaryKind: { type: String, default: null },
    emergency: { type: Schema.Types.Mixed, default: null },
    actors: {
      intake: { type: String, required: true },
      firstReview: { type: String, default: null },
      confirmation: { type: String, default: null },
    },
    economicCheck: { type: Schema.Types.Mixed, default: null },
    homeVisit: { type: Schema.Types.Mixed, default: null },
    selfCare: { type: Schema.Types.Mixed, default: null },
    democraticReview: { type: Schema.Types.Mixed, default: null },
    paperwork: { type: Schema.Types.Mixed, default: null },
    relatives: { type: Schema.Types.Mixed, default: () => ({ flagged: false, matches: [] }) },
    relativesReview: { type: Schema.Types.Mixed, default: null },
    clock: { type: Schema.Types.Mixed, required: true },
    routedTo: { type: Schema.Types.Mixed, default: null },
    approval: { type: Schema.Types.Mixed, default: null },
    approvals: { type: Schema.Types.Mixed, default: () => [] },
    decisionReason: { type: String, default: '' },
    applicationNumber: { type: String, default: '' },
    stage: { type: String },
    open: { type: Boolean },
    dueAt: { type: Date },
    atRiskAt: { type: Date },
    audit: { type: [auditSchema], default: [] },
    openedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    traceparent: { type: String, default: '' },
  },
  { collection: 'reviews', versionKey: false, strict: 'throw' },
);
reviewSchema.plugin(outboxPlugin);
reviewSchema.index({ caseId: 1 });
// The queue (GET /reviews): equality on one of these, sorted by due date then _id (ADR 0022).
reviewSchema.index({ stage: 1, dueAt: 1 });
reviewSchema.index({ open: 1, dueAt: 1 });
reviewSchema.index({ status: 1 });
reviewSchema.index({ item: 1 });
reviewSchema.index({ applicationNumber: 1 });
reviewSchema.index({ 'paperwork.status': 1, 'paperwork.dueAt': 1 });
indexScope(reviewSchema);

export function reviewModels(connection: Connection) {
  return {
    Review: connection.model<ReviewDoc>('Review', reviewSchema) as Model<ReviewDoc>,
  };
}
export type ReviewModels = ReturnType<typeof reviewModels>;
