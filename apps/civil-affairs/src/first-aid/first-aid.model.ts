import { indexScope, scopeField, type ScopeKeys } from '../access';
import { Schema, type Connection, type Model } from 'mongoose';
import {
  outboxPlugin,
  statusAuditSchema,
  type OutboxEntry,
  type StatusAuditEntry,
} from '@jh/platform-mongo';
import type { EmergencyCategory, InstalmentDoc } from '../review/review.model';

/** aided → emergency_ended (paperwork clock running) → paperwork_completed. */
export type FirstAidStatus = 'aided' | 'emergency_ended' | 'paperwork_completed';
export type FirstAidAction =
  'granted' | 'emergency_ended' | 'paperwork_completed' | 'county_acknowledged';

export type FirstAidAuditEntry = StatusAuditEntry<FirstAidAction, FirstAidStatus>;

/** R-AP-9 street emergency first aid (先行救助), one document per aid, `_id` = approval id. */
export interface FirstAidDoc {
  _id: string;
  /** The case it belongs to once there is one; first aid may come before any application. */
  caseId: string;
  /** Hash of approver + request: a replayed requestId with other content is refused. */
  requestHash?: string | null;
  recipient: { name: string; idNumber: string; citizenCardNo: string; regionCode: string };
  /** Scope keys of the recipient household's region (R-OV-2), indexed. */
  scope: ScopeKeys;
  situation: { category: EmergencyCategory; occurredOn: string; description: string };
  streetCode: string;
  amountFen: number;
  approverId: string;
  approvedAt: Date;
  instalments: InstalmentDoc[];
  /** R-AP-9: in place within 24 hours. */
  inPlaceDueAt: Date;
  status: FirstAidStatus;
  emergencyEndedAt: Date | null;
  /** R-AP-9: paperwork within one week after the emergency ended. */
  paperworkDueAt: Date | null;
  paperwork: { note: string; byUserId: string; completedAt: Date } | null;
  /** R-AP-9 reported to the county: the county list shows it from `reportedToCountyAt`. */
  reportedToCountyAt: Date;
  countyAcknowledged: { byUserId: string; at: Date; note: string } | null;
  audit: FirstAidAuditEntry[];
  updatedAt: Date;
  version: number;
  outbox: OutboxEntry[];
}

const auditSchema = statusAuditSchema<FirstAidAction, FirstAidStatus>();

const firstAidSchema = new Schema<FirstAidDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, default: '' },
    requestHash: { type: String, default: null },
    recipient: { type: Schema.Types.Mixed, required: true },
    scope: scopeField,
    situation: { type: Schema.Types.Mixed, required: true },
    streetCode: { type: String, default: '' },
    amountFen: { type: Number, required: true },
    approverId: { type: String, required: true },
    approvedAt: { type: Date, required: true },
    instalments: { type: Schema.Types.Mixed, required: true },
    inPlaceDueAt: { type: Date, required: true },
    status: { type: String, required: true },
    emergencyEndedAt: { type: Date, default: null },
    paperworkDueAt: { type: Date, default: null },
    paperwork: { type: Schema.Types.Mixed, default: null },
    reportedToCountyAt: { type: Date, required: true },
    countyAcknowledged: { type: Schema.Types.Mixed, default: null },
    audit: { type: [auditSchema], default: [] },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'first_aid', versionKey: false, strict: 'throw' },
);
firstAidSchema.plugin(outboxPlugin);
firstAidSchema.index({ status: 1, paperworkDueAt: 1 });
indexScope(firstAidSchema);

export function firstAidModels(connection: Connection) {
  return {
    FirstAid: connection.model<FirstAidDoc>('FirstAid', firstAidSchema) as Model<FirstAidDoc>,
  };
}
export type FirstAidModels = ReturnType<typeof firstAidModels>;
