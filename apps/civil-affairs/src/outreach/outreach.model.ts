import { Schema, type Connection, type Model } from 'mongoose';
import type { SealSpec } from '@jh/platform-crypto';
import type {
  Consultation,
  EscalationLevel,
  Grade,
  NeedCoverage,
  OutreachTask,
} from '@jh/domain-outreach';
import { auditEntrySchema, statusAuditSchema, type StatusAuditEntry } from '@jh/platform-mongo';
import { indexScope, scopeField, type ScopeKeys } from '../access';

export type TaskStatus = 'open' | 'ended';
export type TaskAction = 'opened' | 'merged' | 'raised' | 'regraded' | 'escalated' | 'ended';
export type TaskAuditEntry = StatusAuditEntry<TaskAction, TaskStatus>;

/** Whom the street contacts (from the signal); sealed at rest, unmasked only as a recorded read. */
export interface SubjectDoc {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  regionCode: string;
}

/** R-PD-1: one outreach task, `_id` = task id; the domain task is kept whole in `task`. */
export interface OutreachTaskDoc {
  _id: string;
  householdRef: string;
  task: OutreachTask;
  subject: SubjectDoc | null;
  /** Scope keys of the street (R-OV-2), indexed: what lists filter by. */
  scope: ScopeKeys;
  status: TaskStatus;
  grade: Grade;
  openedAt: Date;
  dueAt: Date;
  /** R-PD-2: ended after its due time (the overview's overdue responses). */
  endedLate: boolean;
  /** R-PD-2: escalation levels already applied, each once (guarded writes). */
  escalations: EscalationLevel[];
  audit: TaskAuditEntry[];
  updatedAt: Date;
  version: number;
}

/** The household's one open task (R-PD-1), `_id` = household ref: claimed by a unique insert. */
export interface OutreachHouseholdDoc {
  _id: string;
  openTaskId: string | null;
  updatedAt: Date;
}

/** What already helps a household (`_id` = household ref): open cases per need (R-PD-1). */
export interface OutreachCoverageDoc {
  _id: string;
  coverage: NeedCoverage[];
  /** Applications already counted, so a redelivery adds nothing. */
  sources: string[];
  updatedAt: Date;
}

/** Every signal handled, `_id` = signal id: a redelivery finds it and changes nothing. */
export interface OutreachSignalDoc {
  _id: string;
  householdRef: string;
  action: 'opened' | 'merged' | 'unchanged' | 'skipped';
  taskId: string | null;
  /** Shown when the signal was skipped (NEED_ALREADY_COVERED), zh-CN. */
  reason: string;
  covered: NeedCoverage[];
  scope: ScopeKeys;
  receivedAt: Date;
}

export type ConsultationAction = 'recorded' | 'follow_up_completed';

/** R-PD-4: one 研判会商 record, `_id` = consultation id. */
export interface ConsultationDoc {
  _id: string;
  consultation: Consultation;
  scope: ScopeKeys;
  audit: { at: Date; byUserId: string; action: ConsultationAction; reason: string }[];
  recordedAt: Date;
  updatedAt: Date;
  version: number;
}

/** Personal data of outreach kept at rest, sealed per field (issue 14). */
export const outreachSealed = {
  outreach_tasks: {
    sealed: [
      'subject.name',
      'subject.idNumber',
      'subject.phone',
      'subject.address',
      'task.signals.$.signal.reporter.observation',
      'task.signals.$.signal.reporter.contact',
    ],
    blind: [{ path: 'subject.idNumber', kind: 'id-number' }],
  },
  outreach_consultations: { sealed: ['consultation.findings'] },
} satisfies Record<string, SealSpec>;

const taskSchema = new Schema<OutreachTaskDoc>(
  {
    _id: { type: String, required: true },
    householdRef: { type: String, required: true },
    task: { type: Schema.Types.Mixed, required: true },
    subject: { type: Schema.Types.Mixed, default: null },
    scope: scopeField,
    status: { type: String, required: true },
    grade: { type: String, required: true },
    openedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    endedLate: { type: Boolean, default: false },
    escalations: { type: [String], default: [] },
    audit: { type: [statusAuditSchema<TaskAction, TaskStatus>()], default: [] },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'outreach_tasks', versionKey: false, strict: 'throw', minimize: false },
);
indexScope(taskSchema);
taskSchema.index({ status: 1 });

/** An application counted as an open case (`_id` = application id): its household, for when its review ends. */
export interface OutreachApplicationDoc {
  _id: string;
  householdRef: string;
  /** The coverage entries' reference (application number, else id). */
  reference: string;
  updatedAt: Date;
}

const applicationSchema = new Schema<OutreachApplicationDoc>(
  {
    _id: { type: String, required: true },
    householdRef: { type: String, required: true },
    reference: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'outreach_applications', versionKey: false, strict: 'throw' },
);

const householdSchema = new Schema<OutreachHouseholdDoc>(
  {
    _id: { type: String, required: true },
    openTaskId: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'outreach_households', versionKey: false, strict: 'throw' },
);

const coverageSchema = new Schema<OutreachCoverageDoc>(
  {
    _id: { type: String, required: true },
    coverage: { type: Schema.Types.Mixed, default: [] },
    sources: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'outreach_coverage', versionKey: false, strict: 'throw', minimize: false },
);

const signalSchema = new Schema<OutreachSignalDoc>(
  {
    _id: { type: String, required: true },
    householdRef: { type: String, required: true },
    action: { type: String, required: true },
    taskId: { type: String, default: null },
    reason: { type: String, default: '' },
    covered: { type: Schema.Types.Mixed, default: [] },
    scope: scopeField,
    receivedAt: { type: Date, required: true },
  },
  { collection: 'outreach_signals', versionKey: false, strict: 'throw', minimize: false },
);
indexScope(signalSchema);

const consultationSchema = new Schema<ConsultationDoc>(
  {
    _id: { type: String, required: true },
    consultation: { type: Schema.Types.Mixed, required: true },
    scope: scopeField,
    audit: { type: [auditEntrySchema()], default: [] },
    recordedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'outreach_consultations', versionKey: false, strict: 'throw', minimize: false },
);
indexScope(consultationSchema);

export function outreachModels(connection: Connection) {
  return {
    Task: connection.model<OutreachTaskDoc>('OutreachTask', taskSchema) as Model<OutreachTaskDoc>,
    Household: connection.model<OutreachHouseholdDoc>(
      'OutreachHousehold',
      householdSchema,
    ) as Model<OutreachHouseholdDoc>,
    Coverage: connection.model<OutreachCoverageDoc>(
      'OutreachCoverage',
      coverageSchema,
    ) as Model<OutreachCoverageDoc>,
    Application: connection.model<OutreachApplicationDoc>(
      'OutreachApplication',
      applicationSchema,
    ) as Model<OutreachApplicationDoc>,
    Signal: connection.model<OutreachSignalDoc>(
      'OutreachSignal',
      signalSchema,
    ) as Model<OutreachSignalDoc>,
    Consultation: connection.model<ConsultationDoc>(
      'OutreachConsultation',
      consultationSchema,
    ) as Model<ConsultationDoc>,
  };
}
export type OutreachModels = ReturnType<typeof outreachModels>;
