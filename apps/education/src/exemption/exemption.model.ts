import { Schema, type Connection, type Model } from 'mongoose';
import type { ScopeKeys } from '@jh/access-guard';
import { scopeFields } from '@jh/domain-access';
import type { EducationCategory } from '@jh/domain-policy';
import { auditEntrySchema, type AuditEntry } from '@jh/platform-mongo';

export const exemptionStatuses = ['active', 'ending', 'ended'] as const;
/** active: aid runs; ending: the student left the category, aid runs to semester end; ended. */
export type ExemptionStatus = (typeof exemptionStatuses)[number];
export type ExemptionAction = 'granted' | 'regranted' | 'ending' | 'noted';

/** The shared audit entry; `byUserId` is the civil-affairs staff member behind the event. */
export interface ExemptionAudit extends AuditEntry<ExemptionAction> {
  /** The event that caused the change, and who published it. */
  eventId: string;
  byProducer: string;
}

/** One automatic (免申即享) education-aid grant per student and category. */
export interface ExemptionDoc {
  /**
   * `edu-<category>-<blind index of the ID number>`: a student has one grant per category, and the
   * key reveals nothing without the blind index key (issue 14).
   */
  _id: string;
  category: EducationCategory;
  /** `idNumber` is sealed at rest; `idNumberBidx` is its blind index, written by the cipher. */
  student: { name: string; idNumber: string; school: string; idNumberBidx?: string };
  household: { caseId: string; householdNo: string; regionCode: string };
  /** The household's region as one key per level (R-OV-2): a scoped list is one equality. */
  scope: ScopeKeys;
  /** The civil-affairs certification the grant currently follows. */
  certificationId: string;
  certificateNo: string;
  certifiedAt: Date;
  /** R-EDU-1: first month with aid (YYYY-MM) and its first day (YYYY-MM-DD, Shanghai). */
  startMonth: string;
  startsOn: string;
  /** Why the aid was granted (Chinese, with the rule id). */
  reason: string;
  /** R-EDU-2: set once civil affairs ends the certification. */
  endedAt: Date | null;
  /** Last day with aid (YYYY-MM-DD, Shanghai) and its end instant (UTC). */
  lastDay: string | null;
  endsAt: Date | null;
  /** The semester from which the aid stops, e.g. 2027年春季学期. */
  stopsFromSemester: string | null;
  endReason: string;
  /** Event ids already applied (idempotent consumer). */
  processedEventIds: string[];
  audit: ExemptionAudit[];
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: every update is `updateOne({_id, version}, …)`. */
  version: number;
}

const auditSchema = auditEntrySchema<ExemptionAudit>({
  eventId: { type: String, required: true },
  byProducer: { type: String, default: '' },
  // An event may lack its staff member; the entry still records the producer.
  byUserId: { type: String, default: '' },
});

const exemptionSchema = new Schema<ExemptionDoc>(
  {
    _id: { type: String, required: true },
    category: { type: String, required: true },
    student: {
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      idNumberBidx: String,
      school: { type: String, default: '' },
    },
    household: {
      caseId: { type: String, default: '' },
      householdNo: { type: String, default: '' },
      regionCode: { type: String, default: '' },
    },
    scope: { type: new Schema({ city: String, county: String, street: String }, { _id: false }) },
    certificationId: { type: String, required: true },
    certificateNo: { type: String, default: '' },
    certifiedAt: { type: Date, required: true },
    startMonth: { type: String, required: true },
    startsOn: { type: String, required: true },
    reason: { type: String, required: true },
    endedAt: { type: Date, default: null },
    lastDay: { type: String, default: null },
    endsAt: { type: Date, default: null },
    stopsFromSemester: { type: String, default: null },
    endReason: { type: String, default: '' },
    processedEventIds: { type: [String], default: [] },
    audit: { type: [auditSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'exemptions', versionKey: false, strict: 'throw' },
);
exemptionSchema.index({ endsAt: 1, createdAt: -1 });
// A scoped list (R-OV-2): one equality on the reader's level, then newest first.
for (const level of scopeFields) exemptionSchema.index({ [`scope.${level}`]: 1, createdAt: -1 });

export function exemptionModel(connection: Connection): Model<ExemptionDoc> {
  return connection.model<ExemptionDoc>('Exemption', exemptionSchema);
}
