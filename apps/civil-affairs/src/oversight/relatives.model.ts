import { indexScope, scopeField, type ScopeKeys } from '../access';
import { Schema, type Connection, type Model } from 'mongoose';
import type { StaffRole } from '@jh/domain-policy';
import { auditEntrySchema, type AuditEntry } from '@jh/platform-mongo';

/** 近亲属 per the Civil Code art. 1045; 祖父母 and 外祖父母 share one code, as do 孙/外孙子女. */
export const RELATIONS = [
  'spouse',
  'parent',
  'child',
  'sibling',
  'grandparent',
  'grandchild',
] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_ZH: Record<Relation, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
};

export const STAFF_ROLES = ['assistance_staff', 'village_cadre', 'community_cadre'] as const;
export const STAFF_ROLE_ZH: Record<StaffRole, string> = {
  assistance_staff: '社会救助经办人员',
  village_cadre: '村干部',
  community_cadre: '社区干部',
};

export type RelativeAuditAction = 'registered' | 'reregistered' | 'deactivated';

export interface RelativeAuditEntry extends AuditEntry<RelativeAuditAction> {
  registrationId: string;
}

/** One filing (备案): this relative of that staff member. */
export interface RegistrationDoc {
  /** `${relative key}~${staffId}`: deterministic, so a second filing of the pair conflicts. */
  registrationId: string;
  staffId: string;
  staffName: string;
  staffRole: StaffRole;
  /** 岗位/职务, e.g. 社会救助经办员、村委会主任. */
  post: string;
  relation: Relation;
  active: boolean;
  registeredAt: Date;
  registeredBy: string;
  deactivatedAt: Date | null;
  deactivatedBy: string | null;
  deactivationReason: string;
}

/**
 * One document per registered relative, keyed by a hash of the ID number: the R-AP-8 check at
 * review opening is a handful of `_id` point reads (the only lookup FerretDB 1.24 pushes down),
 * and every filing for that person changes one document atomically.
 */
export interface RelativeDoc {
  _id: string;
  /** Sealed at rest; `_id` and `idNumberBidx` are its blind index. */
  idNumber: string;
  idNumberBidx?: string;
  relativeName: string;
  /** The region of the office that filed first: the record's region for access (R-OV-2). */
  regionCode: string;
  scope: ScopeKeys;
  registrations: RegistrationDoc[];
  /** Filters for the list: every staff id filed, and how many filings are active. */
  staffIds: string[];
  staffRoles: string[];
  activeCount: number;
  audit: RelativeAuditEntry[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const registrationSchema = new Schema<RegistrationDoc>(
  {
    registrationId: { type: String, required: true },
    staffId: { type: String, required: true },
    staffName: { type: String, required: true },
    staffRole: { type: String, required: true },
    post: { type: String, required: true },
    relation: { type: String, required: true },
    active: { type: Boolean, required: true },
    registeredAt: { type: Date, required: true },
    registeredBy: { type: String, required: true },
    deactivatedAt: { type: Date, default: null },
    deactivatedBy: { type: String, default: null },
    deactivationReason: { type: String, default: '' },
  },
  { _id: false },
);

const auditSchema = auditEntrySchema<RelativeAuditEntry>({
  registrationId: { type: String, required: true },
});

const relativeSchema = new Schema<RelativeDoc>(
  {
    _id: { type: String, required: true },
    idNumber: { type: String, required: true },
    idNumberBidx: { type: String },
    relativeName: { type: String, required: true },
    regionCode: { type: String, default: '' },
    scope: scopeField,
    registrations: { type: [registrationSchema], default: [] },
    staffIds: { type: [String], default: [] },
    staffRoles: { type: [String], default: [] },
    activeCount: { type: Number, required: true },
    audit: { type: [auditSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'staff_relatives', versionKey: false, strict: 'throw' },
);
relativeSchema.index({ staffIds: 1 });
relativeSchema.index({ updatedAt: -1 });
indexScope(relativeSchema);

export function relativeModels(connection: Connection) {
  return {
    Relative: connection.model<RelativeDoc>('StaffRelative', relativeSchema) as Model<RelativeDoc>,
  };
}
export type RelativeModels = ReturnType<typeof relativeModels>;
