import type { ScopeQuery } from '../access';
import type { DocumentCipher } from '@jh/platform-crypto';
import { createOnce, type OutboxEntry } from '@jh/platform-mongo';
import type {
  FirstAidAuditEntry,
  FirstAidDoc,
  FirstAidModels,
  FirstAidStatus,
} from './first-aid.model';

export type FirstAidChanges = Partial<
  Pick<
    FirstAidDoc,
    'status' | 'emergencyEndedAt' | 'paperworkDueAt' | 'paperwork' | 'countyAcknowledged'
  >
>;

export interface FirstAidStore {
  /** False when an aid with this id exists (a retried request). */
  insert(doc: FirstAidDoc): Promise<boolean>;
  findById(id: string): Promise<FirstAidDoc | undefined>;
  list(
    filter: { scope: ScopeQuery; statuses: FirstAidStatus[]; paperworkDueBefore?: Date },
    limit: number,
  ): Promise<FirstAidDoc[]>;
  /** One conditional single-document update with its audit entry (version guard). */
  transition(
    before: FirstAidDoc,
    changes: FirstAidChanges,
    audit: FirstAidAuditEntry,
    outbox?: OutboxEntry[],
  ): Promise<boolean>;
}

export class MongoFirstAidStore implements FirstAidStore {
  /** `cipher` seals the recipient's ID/card numbers and the situation before writes. */
  constructor(
    private readonly models: FirstAidModels,
    private readonly cipher: DocumentCipher,
  ) {}

  async insert(doc: FirstAidDoc): Promise<boolean> {
    return createOnce(this.models.FirstAid, this.cipher.seal(doc));
  }

  async findById(id: string): Promise<FirstAidDoc | undefined> {
    const doc = await this.models.FirstAid.findById(id, { outbox: 0 }).lean<FirstAidDoc>().exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async list(
    filter: { scope: ScopeQuery; statuses: FirstAidStatus[]; paperworkDueBefore?: Date },
    limit: number,
  ): Promise<FirstAidDoc[]> {
    const docs = await this.models.FirstAid.find(
      {
        ...filter.scope,
        status: { $in: filter.statuses },
        ...(filter.paperworkDueBefore
          ? { paperworkDueAt: { $lt: filter.paperworkDueBefore } }
          : {}),
      },
      { outbox: 0 },
    )
      .sort({ approvedAt: -1 })
      .limit(limit)
      .lean<FirstAidDoc[]>()
      .exec();
    return this.cipher.openMany(docs);
  }

  async transition(
    before: FirstAidDoc,
    changes: FirstAidChanges,
    audit: FirstAidAuditEntry,
    outbox: OutboxEntry[] = [],
  ): Promise<boolean> {
    const res = await this.models.FirstAid.updateOne(
      { _id: before._id, version: before.version, status: before.status },
      {
        $set: { ...changes, updatedAt: audit.at, version: before.version + 1 },
        $push: { audit, ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}) },
      },
    ).exec();
    return res.matchedCount === 1;
  }
}
