import { scopeQueryOf } from '@jh/access-guard';
import type { FilterQuery, Model, UpdateQuery } from 'mongoose';
import type { ScopeField } from '@jh/domain-access';
import { backfillOnce, createOnce, type OutboxEntry } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';
import { partScope } from './part.access';
import type { PartAudit, PartDoc, PartStatus } from './part.model';

export interface PartFilter {
  /** Equalities on the stored scope keys (R-OV-2); empty = every region (services). */
  scope: Partial<Record<ScopeField, string>>;
  statuses: readonly PartStatus[];
  /** Open parts whose earliest due date is before this instant. */
  dueBefore?: Date;
  /** Open parts not yet overdue whose warning window started by this instant. */
  atRiskAt?: Date;
  targetMet?: boolean;
  /** Exactly this application number (an indexed equality). */
  applicationNumber?: string;
}

export interface PartPage {
  items: PartDoc[];
  total: number;
}

/** Changes applied together with one audit entry and (optionally) one outbox entry. */
export interface PartTransition {
  from: readonly PartStatus[];
  set: Partial<PartDoc>;
  audit: PartAudit;
  outbox?: OutboxEntry;
}

export interface PartStore {
  /** Inserts a dispatched part; false when the part id is already there (redelivery). */
  insert(doc: PartDoc): Promise<boolean>;
  /** Fills in a placeholder left by an early cancellation; the part stays cancelled. */
  completePlaceholder(doc: PartDoc): Promise<void>;
  findById(id: string): Promise<PartDoc | undefined>;
  list(filter: PartFilter, page: number, pageSize: number): Promise<PartPage>;
  /**
   * Single-document conditional update: applies only while the part is in one of `from`, so two
   * concurrent requests can never both win. False when the condition did not hold.
   */
  transition(id: string, change: PartTransition): Promise<boolean>;
}

/** What the scope migration reads and writes, without the model's casting. */
interface ScopeRow {
  _id: string;
  regionCode?: string;
}

/**
 * Officers' notes are sealed before every write and opened after every read (issue 14). Without a
 * cipher (query benchmarks only) documents are stored as given; the feature always passes one.
 */
export class MongoPartStore implements PartStore {
  constructor(
    private readonly model: Model<PartDoc>,
    private readonly cipher?: DocumentCipher,
  ) {}

  private seal<T>(doc: T): T {
    return this.cipher ? this.cipher.seal(doc) : doc;
  }

  private async open<T>(docs: T[]): Promise<T[]> {
    return this.cipher ? this.cipher.openMany(docs) : docs;
  }

  async insert(doc: PartDoc): Promise<boolean> {
    return createOnce(this.model, this.seal(doc));
  }

  async completePlaceholder(doc: PartDoc): Promise<void> {
    const { _id, status: _status, audit, outbox: _outbox, cancellation: _c, ...details } = doc;
    const { audit: sealedAudit, ...sealedDetails } = this.seal({ ...details, audit });
    await this.model
      .updateOne(
        { _id, placeholder: true } as FilterQuery<PartDoc>,
        {
          $set: { ...sealedDetails, placeholder: false },
          $push: { audit: { $each: sealedAudit } },
        } as UpdateQuery<PartDoc>,
      )
      .exec();
  }

  async findById(id: string): Promise<PartDoc | undefined> {
    const doc = await this.model.findById(id, { outbox: 0 }).lean<PartDoc>().exec();
    return doc ? (await this.open([doc]))[0] : undefined;
  }

  async list(filter: PartFilter, page: number, pageSize: number): Promise<PartPage> {
    // Placeholders (a cancellation that overtook its dispatch) were never seen by the department.
    const rest: Record<string, unknown> = { placeholder: false, ...scopeQueryOf(filter.scope) };
    const flagged = [
      ...(filter.dueBefore ? [{ nextDueAt: { $lt: filter.dueBefore } }] : []),
      ...(filter.atRiskAt
        ? [{ nextDueAt: { $gte: filter.atRiskAt }, atRiskFrom: { $lte: filter.atRiskAt } }]
        : []),
    ];
    // Asking for overdue and at risk together means either.
    if (flagged.length === 1) Object.assign(rest, flagged[0]);
    if (flagged.length === 2) rest['$or'] = flagged;
    if (filter.targetMet !== undefined) rest['report.targetMet'] = filter.targetMet;
    if (filter.applicationNumber) rest['applicationNumber'] = filter.applicationNumber;
    // One query per status instead of `$in` (ADR 0017): each starts with an equality on the
    // indexed status, which the local engine searches through its index; MongoDB uses
    // {status, nextDueAt} for each. The sorted heads are merged, the counts added.
    const upTo = page * pageSize;
    const perStatus = await Promise.all(
      [...new Set(filter.statuses)].map(async (status) => {
        const query = { status, ...rest } as FilterQuery<PartDoc>;
        const [items, total] = await Promise.all([
          this.model
            .find(query, { outbox: 0 })
            .sort({ nextDueAt: 1, _id: 1 })
            .limit(upTo)
            .lean<PartDoc[]>()
            .exec(),
          this.model.countDocuments(query).exec(),
        ]);
        return { items, total };
      }),
    );
    const items = perStatus
      .flatMap((s) => s.items)
      .sort(byDueThenId)
      .slice((page - 1) * pageSize, upTo);
    return { items: await this.open(items), total: perStatus.reduce((sum, s) => sum + s.total, 0) };
  }

  /**
   * Once per database: parts stored before regions existed get `regionCode` (the service's
   * own region, or '') and its scope keys; answers how many it changed.
   */
  async migrateScope(fallbackRegion: string): Promise<number> {
    const { db, collection } = this.model;
    return backfillOnce<ScopeRow>({
      collection: db.collection<ScopeRow>(collection.collectionName),
      markers: db.collection('part_migrations'),
      marker: 'parts:scope',
      field: 'scope',
      projection: { regionCode: 1 },
      set: (doc) => {
        const regionCode = doc.regionCode || fallbackRegion;
        return { regionCode, scope: partScope(regionCode) };
      },
    });
  }

  async transition(id: string, change: PartTransition): Promise<boolean> {
    // Sealed as a document would be: the notes inside `report` etc. and the audit reason.
    const push: Record<string, unknown> = { audit: this.seal({ audit: [change.audit] }).audit[0] };
    if (change.outbox) push['outbox'] = change.outbox;
    const result = await this.model
      .updateOne(
        { _id: id, status: { $in: change.from } } as FilterQuery<PartDoc>,
        {
          $set: this.seal(change.set),
          $push: push,
        } as UpdateQuery<PartDoc>,
      )
      .exec();
    return result.matchedCount === 1;
  }
}

/** The worklist order, as `sort({nextDueAt: 1, _id: 1})` gives it (a missing date first). */
function byDueThenId(a: PartDoc, b: PartDoc): number {
  const da = a.nextDueAt ? new Date(a.nextDueAt).getTime() : -Infinity;
  const db = b.nextDueAt ? new Date(b.nextDueAt).getTime() : -Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
}
