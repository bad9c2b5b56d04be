import { Schema, type Connection, type Model } from 'mongoose';
import type { EducationCategory } from '@jh/domain-policy';
import {
  outboxPlugin,
  statusAuditSchema,
  type OutboxEntry,
  type StatusAuditEntry,
} from '@jh/platform-mongo';

/** active (certified, education grants aid) → ended (the student left the category). */
export type CertificationStatus = 'active' | 'ended';
export type CertificationAction = 'certified' | 'ended';

export type CertificationAudit = StatusAuditEntry<CertificationAction, CertificationStatus>;

export interface CertificationDoc {
  /** Derived from category + ID number + certificate number: a retried POST hits the same _id. */
  _id: string;
  certificateNo: string;
  category: EducationCategory;
  /** `idNumber` sealed at rest, `idNumberBidx` its blind index (issue 14). */
  student: { name: string; idNumber: string; school: string; idNumberBidx?: string };
  household: { caseId: string; householdNo: string; regionCode: string };
  /** Kafka key of the events: the blind index of the ID number (keyed, issue 14). */
  studentKey: string;
  /** Hash of the certifying request; a retry with other data is refused (modified request). */
  requestHash: string;
  status: CertificationStatus;
  certifiedAt: Date;
  certifiedBy: string;
  endedAt: Date | null;
  endedBy: string | null;
  endReason: string;
  audit: CertificationAudit[];
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: every write is `updateOne({_id, version}, …)`. */
  version: number;
  /** The certifying request's trace: the certification's later events join it (ADR 0024). */
  traceparent?: string;
  outbox: OutboxEntry[];
}

const auditSchema = statusAuditSchema<CertificationAction, CertificationStatus>();

const certificationSchema = new Schema<CertificationDoc>(
  {
    _id: { type: String, required: true },
    certificateNo: { type: String, required: true },
    category: { type: String, required: true },
    student: {
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      idNumberBidx: { type: String },
      school: { type: String, default: '' },
    },
    household: {
      caseId: { type: String, default: '' },
      householdNo: { type: String, default: '' },
      regionCode: { type: String, required: true },
    },
    studentKey: { type: String, required: true },
    requestHash: { type: String, required: true },
    status: { type: String, required: true },
    certifiedAt: { type: Date, required: true },
    certifiedBy: { type: String, required: true },
    endedAt: { type: Date, default: null },
    endedBy: { type: String, default: null },
    endReason: { type: String, default: '' },
    audit: { type: [auditSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    traceparent: { type: String, default: '' },
  },
  { collection: 'certifications', versionKey: false, strict: 'throw' },
);
certificationSchema.plugin(outboxPlugin);
certificationSchema.index({ studentKey: 1, category: 1, status: 1 });

export function certificationModels(connection: Connection) {
  return {
    Certification: connection.model<CertificationDoc>(
      'Certification',
      certificationSchema,
    ) as Model<CertificationDoc>,
  };
}
export type CertificationModels = ReturnType<typeof certificationModels>;
