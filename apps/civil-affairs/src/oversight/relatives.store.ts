import type { ScopeQuery } from '../access';
import type { FilterQuery } from 'mongoose';
import type { StaffRole } from '@jh/domain-policy';
import type {
  RegistrationDoc,
  RelativeAuditEntry,
  RelativeDoc,
  RelativeModels,
} from './relatives.model';
import { isDuplicateKey } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';
import type { mongo } from 'mongoose';
import { rekeyOnce } from '../rekey';

export interface RelativeFilter {
  /** Equalities on the stored scope keys (R-OV-2): the reader's region. */
  scope?: ScopeQuery;
  staffId?: string;
  staffRole?: StaffRole;
  /** active: at least one filing in force; inactive: every filing deactivated. */
  status?: 'active' | 'inactive';
}

export interface RelativeStore {
  /** False when a document for this relative already exists. */
  insert(doc: RelativeDoc): Promise<boolean>;
  findById(id: string): Promise<RelativeDoc | undefined>;
  findByIds(ids: readonly string[]): Promise<RelativeDoc[]>;
  /** Newest change first. */
  list(
    filter: RelativeFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: RelativeDoc[]; total: number }>;
  /**
   * Writes the registration at `index` (append when index = length) with its audit entry, in one
   * update guarded by the version the document was read at.
   */
  putRegistration(
    before: RelativeDoc,
    index: number,
    registration: RegistrationDoc,
    relativeName: string,
    audit: RelativeAuditEntry,
  ): Promise<boolean>;
}

export class MongoRelativeStore implements RelativeStore {
  /** `cipher` seals the relative's ID number before writes and opens it after reads. */
  constructor(
    private readonly models: RelativeModels,
    private readonly cipher: DocumentCipher,
  ) {}

  async insert(doc: RelativeDoc): Promise<boolean> {
    try {
      await this.models.Relative.create(this.cipher.seal(doc));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async findById(id: string): Promise<RelativeDoc | undefined> {
    const doc = await this.models.Relative.findById(id).lean<RelativeDoc>().exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async findByIds(ids: readonly string[]): Promise<RelativeDoc[]> {
    // Point reads rather than $in: FerretDB 1.24 pushes down `_id` equality only.
    const docs = await Promise.all(ids.map((id) => this.findById(id)));
    return docs.filter((d): d is RelativeDoc => d !== undefined);
  }

  async list(filter: RelativeFilter, skip: number, limit: number) {
    const query: FilterQuery<RelativeDoc> = { ...filter.scope };
    if (filter.staffId) query.staffIds = filter.staffId;
    if (filter.staffRole) query.staffRoles = filter.staffRole;
    if (filter.status === 'active') query.activeCount = { $gt: 0 };
    if (filter.status === 'inactive') query.activeCount = 0;
    const [items, total] = await Promise.all([
      this.models.Relative.find(query)
        .sort({ updatedAt: -1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<RelativeDoc[]>()
        .exec(),
      this.models.Relative.countDocuments(query).exec(),
    ]);
    return { items: await this.cipher.openMany(items), total };
  }

  async putRegistration(
    before: RelativeDoc,
    index: number,
    registration: RegistrationDoc,
    relativeName: string,
    audit: RelativeAuditEntry,
  ): Promise<boolean> {
    const registrations = [...before.registrations];
    registrations[index] = registration;
    const append = index === before.registrations.length;
    const res = await this.models.Relative.updateOne(
      { _id: before._id, version: before.version },
      {
        $set: {
          ...(append ? {} : { [`registrations.${index}`]: registration }),
          relativeName,
          staffIds: [...new Set(registrations.map((r) => r.staffId))],
          staffRoles: [...new Set(registrations.map((r) => r.staffRole))],
          activeCount: registrations.filter((r) => r.active).length,
          updatedAt: audit.at,
          version: before.version + 1,
        },
        $push: append ? { registrations: registration, audit } : { audit },
      },
    ).exec();
    return res.matchedCount === 1;
  }

  /**
   * Once per database: relatives filed under the unkeyed SHA-256 key move to the blind index,
   * their filing ids (`<key>~<staff>`) with them.
   */
  async migrateKeys(
    markers: mongo.Collection<{ _id: string; at: Date }>,
    keyOf: (idNumber: string) => string,
  ): Promise<number> {
    const moveId = (id: string, key: string) => `${key}${id.slice(id.indexOf('~'))}`;
    return rekeyOnce<RelativeDoc>({
      collection: this.models.Relative.collection as never,
      markers,
      marker: 'staff_relatives:blind-index-ids',
      cipher: this.cipher,
      rekey: (doc) => {
        const key = keyOf(doc.idNumber);
        if (key === doc._id) return undefined;
        return {
          ...doc,
          _id: key,
          registrations: doc.registrations.map((r) => ({
            ...r,
            registrationId: moveId(r.registrationId, key),
          })),
          audit: doc.audit.map((a) => ({ ...a, registrationId: moveId(a.registrationId, key) })),
        };
      },
    });
  }
}
