import { indexScope, scopeField, type ScopeKeys } from '../access';
import { Schema, type Connection, type Model } from 'mongoose';
import type {
  CaseByCaseStage,
  DeliberationParticipant,
  FilingRecipient,
  PlannedInstalment,
} from '@jh/domain-policy';
import {
  auditEntrySchema,
  outboxPlugin,
  type AuditEntry,
  type OutboxEntry,
} from '@jh/platform-mongo';

/**
 * 一事一议 (DOMAIN §5). Stages are the policy's (`nextCaseByCaseStage`): acceptance (§5.1) opens
 * the deliberation in `investigation`; `closed` = rejected or concluded; `filed` = §5.8 done.
 */
export type DeliberationStage = CaseByCaseStage;

export type DeliberationAction =
  | 'accepted'
  | 'investigated'
  | 'democratic_review'
  | 'office_review'
  | 'collective_decision'
  | 'public_notice'
  | 'objection'
  | 'reinvestigated'
  | 'approved'
  | 'concluded'
  | 'filed';

/** The shared audit entry with the stage move (stages, not statuses: 一事一议 has stages). */
export interface DeliberationAudit extends AuditEntry<DeliberationAction> {
  fromStage: DeliberationStage | null;
  toStage: DeliberationStage;
}

export interface InvestigationDoc {
  /** 1 = §5.2, 2+ = re-investigation after an objection (§5.7). */
  round: number;
  economicCheck: { startedAt: Date; completedAt: Date; note: string };
  homeVisit: { visitedAt: Date; note: string };
  byUserId: string;
  recordedAt: Date;
}

export type PaymentScheduleCode = 'temporary' | 'monthly';

export interface DeliberationDoc {
  /** `case:<caseId>` when opened from a case (one per case), otherwise a UUID. */
  _id: string;
  caseId: string | null;
  applicationId: string | null;
  /** Catalogue code of the aid paid (temporary by default). */
  item: string;
  applicant: { name: string; idNumber: string; citizenCardNo: string; regionCode: string };
  /** Scope keys of the household's region (R-OV-2), indexed. */
  scope: ScopeKeys;
  hardship: string;
  /** §5.1 the applicant's signed declaration (承诺). */
  declaration: { signedOn: Date; text: string };
  stage: DeliberationStage;
  /** Separation of duties: 受理 / 社会事务办负责人审核 / 集体研究 (R-AP-1 applied to §5). */
  actors: { acceptor: string; officeReviewer: string | null; decisionMaker: string | null };
  acceptedAt: Date;
  /** §5.3 the democratic review must be held by this instant. */
  democraticReviewDueAt: Date;
  investigations: InvestigationDoc[];
  democraticReview: {
    heldAt: Date;
    participants: DeliberationParticipant[];
    participantCount: number;
    minutes: string;
    byUserId: string;
    recordedAt: Date;
  } | null;
  officeReview: { passed: boolean; opinion: string; byUserId: string; at: Date } | null;
  collectiveDecision: {
    approved: boolean;
    meetingOn: Date;
    amountFen: number;
    stages: { amountFen: number; payFrom?: string }[];
    schedule: PaymentScheduleCode;
    minutes: string;
    byUserId: string;
    at: Date;
  } | null;
  publicNotice: {
    postedAt: Date;
    place: string;
    /** End of the full 7-day period (§5.6). */
    endsAt: Date;
    byUserId: string;
    objection: { content: string; byUserId: string; at: Date } | null;
  } | null;
  approval: {
    approvalId: string;
    amountFen: number;
    approverId: string;
    approvedAt: Date;
    instalments: PlannedInstalment[];
    /** Hash of approver + request: a replay with other content is refused. */
    requestHash?: string | null;
  } | null;
  filing: {
    /** §5.8 3 working days after approval. */
    dueAt: Date;
    filedAt: Date | null;
    recipients: FilingRecipient[];
    late: boolean;
    byUserId: string | null;
  } | null;
  conclusion: string;
  audit: DeliberationAudit[];
  openedAt: Date;
  updatedAt: Date;
  version: number;
  /** The case's (application's) trace, else the opening request's: the approval joins it (ADR 0024). */
  traceparent?: string;
  outbox: OutboxEntry[];
}

const auditSchema = auditEntrySchema<DeliberationAudit>({
  fromStage: { type: String, default: null },
  toStage: { type: String, required: true },
});

const deliberationSchema = new Schema<DeliberationDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, default: null },
    applicationId: { type: String, default: null },
    item: { type: String, required: true },
    applicant: { type: Schema.Types.Mixed, required: true },
    scope: scopeField,
    hardship: { type: String, default: '' },
    declaration: { type: Schema.Types.Mixed, required: true },
    stage: { type: String, required: true },
    actors: { type: Schema.Types.Mixed, required: true },
    acceptedAt: { type: Date, required: true },
    democraticReviewDueAt: { type: Date, required: true },
    investigations: { type: Schema.Types.Mixed, default: () => [] },
    democraticReview: { type: Schema.Types.Mixed, default: null },
    officeReview: { type: Schema.Types.Mixed, default: null },
    collectiveDecision: { type: Schema.Types.Mixed, default: null },
    publicNotice: { type: Schema.Types.Mixed, default: null },
    approval: { type: Schema.Types.Mixed, default: null },
    filing: { type: Schema.Types.Mixed, default: null },
    conclusion: { type: String, default: '' },
    audit: { type: [auditSchema], default: [] },
    openedAt: { type: Date, required: true },
    traceparent: { type: String, default: '' },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'deliberations', versionKey: false, strict: 'throw' },
);
deliberationSchema.plugin(outboxPlugin);
deliberationSchema.index({ stage: 1, 'filing.dueAt': 1 });
// The list's stage filter (GET /deliberations).
deliberationSchema.index({ stage: 1 });
indexScope(deliberationSchema);

export type PeriodicReviewAudit = AuditEntry<'generated' | 'reviewed'>;

/** R-YS-1 one review task per approved deliberation and period of the year. */
export interface PeriodicReviewDoc {
  /** `${deliberationId}:${year}:${period}`: generating twice hits the unique _id. */
  _id: string;
  deliberationId: string;
  caseId: string | null;
  applicantName: string;
  regionCode: string;
  /** The deliberation's scope keys (R-OV-2), indexed. */
  scope: ScopeKeys;
  year: number;
  /** 1-based part of the year (1 = first half with two reviews a year). */
  period: number;
  from: string;
  to: string;
  dueAt: Date;
  status: 'due' | 'done';
  result: { outcome: string; note: string; byUserId: string; reviewedAt: Date } | null;
  audit: PeriodicReviewAudit[];
  createdAt: Date;
}

const periodicReviewSchema = new Schema<PeriodicReviewDoc>(
  {
    _id: { type: String, required: true },
    deliberationId: { type: String, required: true },
    caseId: { type: String, default: null },
    applicantName: { type: String, default: '' },
    regionCode: { type: String, default: '' },
    scope: scopeField,
    year: { type: Number, required: true },
    period: { type: Number, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, required: true },
    result: { type: Schema.Types.Mixed, default: null },
    audit: { type: [auditEntrySchema<PeriodicReviewAudit>()], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'deliberation_reviews', versionKey: false, strict: 'throw' },
);
periodicReviewSchema.index({ year: 1, period: 1, status: 1 });
indexScope(periodicReviewSchema);

export function deliberationModels(connection: Connection) {
  return {
    Deliberation: connection.model<DeliberationDoc>(
      'Deliberation',
      deliberationSchema,
    ) as Model<DeliberationDoc>,
    PeriodicReview: connection.model<PeriodicReviewDoc>(
      'DeliberationReview',
      periodicReviewSchema,
    ) as Model<PeriodicReviewDoc>,
  };
}
export type DeliberationModels = ReturnType<typeof deliberationModels>;
