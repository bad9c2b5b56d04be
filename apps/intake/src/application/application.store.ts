import { scopeQueryOf } from '@jh/access-guard';
import type { FilterQuery } from 'mongoose';
import type { DocumentCipher } from '@jh/platform-crypto';
import type {
  ApplicationDoc,
  ApplicationModels,
  ApplicationProgress,
  OwnerChange,
  OwnerRef,
  SuppliedDocument,
} from './application.model';
import type { ApplicationStatusCode, ChannelCode, ItemCode } from './application.input';
import { backfillOnce, createOnce } from '@jh/platform-mongo';
import { applicationIdForKey } from './application.numbers';
import type { RegionKeys } from '@jh/domain-access';
import { applicationScope, type ApplicationScope } from './application.access';

/** Stored document without its outbox (internals never leave the store). */
export type StoredApplication = Omit<ApplicationDoc, 'outbox'>;

export interface ApplicationFilter {
  status?: ApplicationStatusCode;
  item?: ItemCode;
  channel?: ChannelCode;
  /** Equalities on the stored scope keys (R-OV-2), each an indexed field. */
  scope?: RegionKeys;
  /** Exact applicant region (a community code, which has no scope key of its own). */
  regionCode?: string;
  ownerUserId?: string;
  submittedFrom?: Date;
  /** Exclusive upper bound. */
  submittedBefore?: Date;
}

export interface ApplicationPage {
  items: StoredApplication[];
  total: number;
}

export interface ApplicationStore {
  /**
   * Inserts the application together with its outbox entry: one single-document write.
   * Answers `duplicate_key` when the idempotency key (or id) is already taken.
   */
  insert(doc: ApplicationDoc): Promise<'inserted' | 'duplicate_key'>;
  findById(id: string): Promise<StoredApplication | undefined>;
  findByIdempotencyKey(key: string): Promise<StoredApplication | undefined>;
  /**
   * Applications whose applicant or a household member has this ID number, newest first: an
   * indexed equality on the blind index (the stored number is sealed).
   */
  findByIdNumber(idNumber: string): Promise<StoredApplication[]>;
  /** Newest first (submittedAt, then application number, descending). */
  list(filter: ApplicationFilter, skip: number, limit: number): Promise<ApplicationPage>;
  /** Changes the owner only if it is still `expectedOwner`; false when it was not. */
  changeOwner(
    id: string,
    expectedOwner: string,
    next: OwnerRef,
    change: OwnerChange,
  ): Promise<boolean>;
  /** Moves a still-outstanding paper to the supplied list; false when it was not outstanding. */
  markSupplied(id: string, supplied: SuppliedDocument): Promise<boolean>;
  /**
   * Replaces the progress and the lifecycle status in one single-document update, only if the
   * progress is still at `expectedVersion` (0 also matches a document stored without progress);
   * false when another update came first.
   */
  recordProgress(
    id: string,
    expectedVersion: number,
    progress: ApplicationProgress,
    status: ApplicationStatusCode,
  ): Promise<boolean>;
  /** Adds `by` to a named sequence (atomic single-document increment); answers the new value. */
  incrementSequence(name: string, by: number): Promise<number>;
  /**
   * Once per database: gives applications stored before scope keys existed their `scope`
   * (one full pass, then a marker); answers how many it changed.
   */
  migrateScope(): Promise<number>;
}

const withoutOutbox = { outbox: 0 } as const;
const scopeMigration = 'applications:scope';
/** What the scope migration reads and writes, without the model's casting. */
interface ScopeRow {
  _id: string;
  applicant?: { regionCode?: string };
  scope?: ApplicationScope;
}

/**
 * Personal fields are sealed before every write and opened after every read (issue 14), so the
 * service works on clear values and the database holds none.
 */
export class MongoApplicationStore implements ApplicationStore {
  constructor(
    private readonly models: ApplicationModels,
    private readonly cipher: DocumentCipher,
  ) {}

  async insert(doc: ApplicationDoc): Promise<'inserted' | 'duplicate_key'> {
    return (await createOnce(this.models.Application, this.cipher.seal(doc)))
      ? 'inserted'
      : 'duplicate_key';
  }

  async findById(id: string): Promise<StoredApplication | undefined> {
    const doc = await this.models.Application.findById(id, withoutOutbox)
      .lean<StoredApplication>()
      .exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async findByIdNumber(idNumber: string): Promise<StoredApplication[]> {
    const bidx = this.cipher.blind('id-number', idNumber);
    // Two indexed equalities rather than an `$or` the local engine would scan (ADR 0013).
    const [asApplicant, asMember] = await Promise.all(
      ['applicant.idNumberBidx', 'householdMembers.idNumberBidx'].map((field) =>
        this.models.Application.find({ [field]: bidx }, withoutOutbox)
          .lean<StoredApplication[]>()
          .exec(),
      ),
    );
    const byId = new Map([...asApplicant!, ...asMember!].map((d) => [d._id, d]));
    const found = [...byId.values()].sort(
      (a, b) => new Date(b.submittedAt).getTime() - new Date(a.submittedAt).getTime(),
    );
    return this.cipher.openMany(found);
  }

  /** By the key's own `_id`; applications stored before keyed ids existed by the key's index. */
  async findByIdempotencyKey(key: string): Promise<StoredApplication | undefined> {
    const byId = await this.findById(applicationIdForKey(key));
    if (byId?.idempotencyKey === key) return byId;
    const doc = await this.models.Application.findOne({ idempotencyKey: key }, withoutOutbox)
      .lean<StoredApplication>()
      .exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async list(filter: ApplicationFilter, skip: number, limit: number): Promise<ApplicationPage> {
    const query: FilterQuery<ApplicationDoc> = {};
    if (filter.status) query.status = filter.status;
    if (filter.item) query.items = filter.item;
    if (filter.channel) query.channel = filter.channel;
    Object.assign(query, scopeQueryOf(filter.scope));
    if (filter.regionCode) query['applicant.regionCode'] = filter.regionCode;
    if (filter.ownerUserId) query['owner.userId'] = filter.ownerUserId;
    if (filter.submittedFrom || filter.submittedBefore) {
      query.submittedAt = {
        ...(filter.submittedFrom ? { $gte: filter.submittedFrom } : {}),
        ...(filter.submittedBefore ? { $lt: filter.submittedBefore } : {}),
      };
    }
    const [items, total] = await Promise.all([
      this.models.Application.find(query, withoutOutbox)
        .sort({ submittedAt: -1, applicationNo: -1 })
        .skip(skip)
        .limit(limit)
        .lean<StoredApplication[]>()
        .exec(),
      this.models.Application.countDocuments(query).exec(),
    ]);
    return { items: await this.cipher.openMany(items), total };
  }

  async changeOwner(
    id: string,
    expectedOwner: string,
    next: OwnerRef,
    change: OwnerChange,
  ): Promise<boolean> {
    const result = await this.models.Application.updateOne(
      { _id: id, 'owner.userId': expectedOwner },
      { $set: { owner: next }, $push: { ownerHistory: change } },
    ).exec();
    return result.matchedCount === 1;
  }

  async markSupplied(id: string, supplied: SuppliedDocument): Promise<boolean> {
    const result = await this.models.Application.updateOne(
      { _id: id, outstandingDocuments: supplied.name },
      { $pull: { outstandingDocuments: supplied.name }, $push: { suppliedDocuments: supplied } },
    ).exec();
    return result.matchedCount === 1;
  }

  async recordProgress(
    id: string,
    expectedVersion: number,
    progress: ApplicationProgress,
    status: ApplicationStatusCode,
  ): Promise<boolean> {
    const filter: FilterQuery<ApplicationDoc> =
      expectedVersion === 0
        ? { _id: id, $or: [{ 'progress.version': 0 }, { progress: { $exists: false } }] }
        : { _id: id, 'progress.version': expectedVersion };
    const result = await this.models.Application.updateOne(filter, {
      $set: { progress, status },
    }).exec();
    return result.matchedCount === 1;
  }

  async migrateScope(): Promise<number> {
    const { db, collection } = this.models.Application;
    return backfillOnce<ScopeRow>({
      collection: db.collection<ScopeRow>(collection.collectionName),
      markers: db.collection('application_migrations'),
      marker: scopeMigration,
      field: 'scope',
      projection: { 'applicant.regionCode': 1 },
      set: (doc) => ({ scope: applicationScope(doc.applicant?.regionCode ?? '') }),
    });
  }

  async incrementSequence(name: string, by: number): Promise<number> {
    const counter = await this.models.Counter.findOneAndUpdate(
      { _id: name },
      { $inc: { seq: by } },
      { upsert: true, new: true },
    )
      .lean()
      .exec();
    if (!counter) throw new Error(`sequence ${name} not returned`);
    return counter.seq;
  }
}
