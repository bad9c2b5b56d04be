import type { FilterQuery, Model } from 'mongoose';
import type { ExemptionAudit, ExemptionDoc, ExemptionStatus } from './exemption.model';
import { scopeKeysOf, scopeQueryOf } from '@jh/access-guard';
import type { ScopeField } from '@jh/domain-access';
import { backfillOnce, createOnce, isDuplicateKey } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';

export type ExemptionChanges = Partial<
  Pick<
    ExemptionDoc,
    | 'certificationId'
    | 'certificateNo'
    | 'certifiedAt'
    | 'startMonth'
    | 'startsOn'
    | 'reason'
    | 'endedAt'
    | 'lastDay'
    | 'endsAt'
    | 'stopsFromSemester'
    | 'endReason'
    | 'student'
    | 'household'
    | 'scope'
  >
>;

/** Equalities on the stored scope keys (R-OV-2); empty = every region (services). */
export type ExemptionScope = Partial<Record<ScopeField, string>>;

export interface ExemptionPage {
  items: ExemptionDoc[];
  total: number;
}

export interface ExemptionStore {
  /** False when the student already has a grant in this category. */
  insert(doc: ExemptionDoc): Promise<boolean>;
  findById(id: string): Promise<ExemptionDoc | undefined>;
  /**
   * Applies `changes`, records `eventId` and the audit entry in one single-document update, only
   * if the grant is still at the version it was read with and has not seen the event.
   */
  apply(
    before: ExemptionDoc,
    eventId: string,
    changes: ExemptionChanges,
    audit: ExemptionAudit,
  ): Promise<boolean>;
  list(
    status: ExemptionStatus | undefined,
    scope: ExemptionScope,
    now: Date,
    page: number,
    pageSize: number,
  ): Promise<ExemptionPage>;
  count(status: ExemptionStatus, scope: ExemptionScope, now: Date): Promise<number>;
  /**
   * Once per database: grants stored before scope keys existed get them from the household's
   * region; answers how many it changed.
   */
  migrateScope(): Promise<number>;
  /**
   * Once per database: moves grants keyed by the old unkeyed hash of the ID number to the key
   * `idOf` gives (the blind index); answers how many it moved. Runs before events are consumed.
   */
  migrateKeys(idOf: (doc: ExemptionDoc) => string): Promise<number>;
}

/** `edu-` and 32 hex digits: the unkeyed SHA-256 key grants had before issue 14. */
const UNKEYED_ID = /^edu-[0-9a-f]{32}$/;

/** What the scope migration reads and writes, without the model's casting. */
interface ScopeRow {
  _id: string;
  household?: { regionCode?: string };
}

/** Status as a query on endsAt: none yet → active; in the future → ending; past → ended. */
function statusFilter(status: ExemptionStatus | undefined, now: Date): FilterQuery<ExemptionDoc> {
  switch (status) {
    case undefined:
      return {};
    case 'active':
      return { endsAt: null };
    case 'ending':
      return { endsAt: { $gte: now } };
    case 'ended':
      return { endsAt: { $lt: now } };
    default: {
      const unknown: never = status;
      throw new Error(`unknown exemption status ${String(unknown)}`);
    }
  }
}

/** Seals the personal fields before every write and opens them after every read (issue 14). */
export class MongoExemptionStore implements ExemptionStore {
  constructor(
    private readonly model: Model<ExemptionDoc>,
    private readonly cipher: DocumentCipher,
  ) {}

  async insert(doc: ExemptionDoc): Promise<boolean> {
    return createOnce(this.model, this.cipher.seal(doc));
  }

  async findById(id: string): Promise<ExemptionDoc | undefined> {
    const doc = await this.model.findById(id).lean<ExemptionDoc>().exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async apply(
    before: ExemptionDoc,
    eventId: string,
    changes: ExemptionChanges,
    audit: ExemptionAudit,
  ): Promise<boolean> {
    const res = await this.model
      .updateOne(
        { _id: before._id, version: before.version, processedEventIds: { $ne: eventId } },
        {
          // Sealed like a whole document: `student` gets its blind index, the reasons are sealed.
          $set: { ...this.cipher.seal(changes), updatedAt: audit.at, version: before.version + 1 },
          $push: {
            processedEventIds: eventId,
            audit: this.cipher.seal({ audit: [audit] }).audit[0],
          },
        },
      )
      .exec();
    return res.matchedCount === 1;
  }

  async list(
    status: ExemptionStatus | undefined,
    scope: ExemptionScope,
    now: Date,
    page: number,
    pageSize: number,
  ): Promise<ExemptionPage> {
    const query = { ...scopeQueryOf(scope), ...statusFilter(status, now) };
    const [items, total] = await Promise.all([
      this.model
        .find(query, { processedEventIds: 0 })
        .sort({ createdAt: -1, _id: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean<ExemptionDoc[]>()
        .exec(),
      this.model.countDocuments(query).exec(),
    ]);
    return { items: await this.cipher.openMany(items), total };
  }

  count(status: ExemptionStatus, scope: ExemptionScope, now: Date): Promise<number> {
    return this.model
      .countDocuments({ ...scopeQueryOf(scope), ...statusFilter(status, now) })
      .exec();
  }

  async migrateKeys(idOf: (doc: ExemptionDoc) => string): Promise<number> {
    const { db, collection } = this.model;
    const markers = db.collection<{ _id: string; at: Date }>('exemption_migrations');
    const marker = 'exemptions:blind-key';
    if (await markers.findOne({ _id: marker })) return 0;
    const raw = db.collection<ExemptionDoc>(collection.collectionName);
    // One full pass per database; the marker makes later starts one `_id` lookup.
    const ids = (await raw.find({}, { projection: { _id: 1 } }).toArray())
      .map((d) => d._id)
      .filter((id) => UNKEYED_ID.test(id));
    for (const oldId of ids) {
      const stored = await raw.findOne({ _id: oldId });
      if (!stored) continue;
      const opened = await this.cipher.open(stored);
      try {
        await raw.insertOne(this.cipher.seal({ ...opened, _id: idOf(opened) }));
      } catch (e) {
        // A crash after the insert, before the delete: the copy is already there.
        if (!isDuplicateKey(e)) throw e;
      }
      await raw.deleteOne({ _id: oldId });
    }
    await markers.updateOne(
      { _id: marker },
      { $setOnInsert: { at: new Date() } },
      { upsert: true },
    );
    return ids.length;
  }

  migrateScope(): Promise<number> {
    const { db, collection } = this.model;
    return backfillOnce<ScopeRow>({
      collection: db.collection<ScopeRow>(collection.collectionName),
      markers: db.collection('exemption_migrations'),
      marker: 'exemptions:scope',
      field: 'scope',
      projection: { 'household.regionCode': 1 },
      set: (doc) => ({ scope: scopeKeysOf(doc.household?.regionCode) }),
    });
  }
}
