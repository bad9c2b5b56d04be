import type { FilterQuery } from 'mongoose';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { CaseDoc, CaseModels, CaseStatus } from './case.model';
import { createOnce } from '@jh/platform-mongo';

export interface CaseListFilter {
  status?: CaseStatus;
  department?: string;
  /** true: some open part is past a due date at `now`; false: none is. */
  overdue?: boolean;
  now: Date;
}

export interface CaseStore {
  /** Inserts case, parts and outbox in one write; false when the case already exists. */
  insert(doc: CaseDoc): Promise<boolean>;
  findById(id: string): Promise<CaseDoc | undefined>;
  /**
   * Writes the new state of `doc` if nobody changed it since it was read (version guard), appending
   * outbox entries and the processed event id in the same single-document update.
   */
  update(doc: CaseDoc, outbox: OutboxEntry[], processedEventId?: string): Promise<boolean>;
  list(
    filter: CaseListFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: CaseDoc[]; total: number }>;
  /** Cases where an SLA scan has something to publish. */
  dueForSlaCheck(now: Date, limit: number): Promise<CaseDoc[]>;
  /** Cases with an open part at risk or overdue at `now`. */
  withOpenPartsAtRisk(now: Date): Promise<CaseDoc[]>;
  /** Cases with a part whose report-back due date is in [from, to]. */
  withReportDueBetween(from: Date, to: Date): Promise<CaseDoc[]>;
}

const noOutbox = { outbox: 0, processedEventIds: 0 } as const;

export class MongoCaseStore implements CaseStore {
  constructor(private readonly models: CaseModels) {}

  async insert(doc: CaseDoc): Promise<boolean> {
    return createOnce(this.models.Case, doc);
  }

  async findById(id: string): Promise<CaseDoc | undefined> {
    const doc = await this.models.Case.findById(id, { outbox: 0 }).lean<CaseDoc>().exec();
    return doc ?? undefined;
  }

  async update(doc: CaseDoc, outbox: OutboxEntry[], processedEventId?: string): Promise<boolean> {
    const push: Record<string, unknown> = {};
    if (outbox.length > 0) push['outbox'] = { $each: outbox };
    if (processedEventId) push['processedEventIds'] = processedEventId;
    const res = await this.models.Case.updateOne(
      { _id: doc._id, version: doc.version },
      {
        $set: {
          status: doc.status,
          parts: doc.parts,
          referrals: doc.referrals,
          departments: doc.departments,
          earliestOpenDueAt: doc.earliestOpenDueAt,
          earliestOpenAtRiskAt: doc.earliestOpenAtRiskAt,
          nextSlaCheckAt: doc.nextSlaCheckAt,
          updatedAt: doc.updatedAt,
          version: doc.version + 1,
        },
        ...(Object.keys(push).length > 0 ? { $push: push } : {}),
      },
    ).exec();
    return res.matchedCount === 1;
  }

  async list(
    filter: CaseListFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: CaseDoc[]; total: number }> {
    const query: FilterQuery<CaseDoc> = {};
    if (filter.status) query.status = filter.status;
    if (filter.department) query.departments = filter.department;
    if (filter.overdue === true) query.earliestOpenDueAt = { $lt: filter.now };
    if (filter.overdue === false)
      query.$or = [{ earliestOpenDueAt: null }, { earliestOpenDueAt: { $gte: filter.now } }];
    const [items, total] = await Promise.all([
      this.models.Case.find(query, noOutbox)
        .sort({ openedAt: -1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<CaseDoc[]>()
        .exec(),
      this.models.Case.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  async dueForSlaCheck(now: Date, limit: number): Promise<CaseDoc[]> {
    return this.models.Case.find({ nextSlaCheckAt: { $lte: now } }, { outbox: 0 })
      .sort({ nextSlaCheckAt: 1 })
      .limit(limit)
      .lean<CaseDoc[]>()
      .exec();
  }

  async withOpenPartsAtRisk(now: Date): Promise<CaseDoc[]> {
    return this.models.Case.find({ earliestOpenAtRiskAt: { $lte: now } }, noOutbox)
      .lean<CaseDoc[]>()
      .exec();
  }

  async withReportDueBetween(from: Date, to: Date): Promise<CaseDoc[]> {
    return this.models.Case.find(
      { 'parts.report.dueAt': { $gte: from, $lte: to } } as FilterQuery<CaseDoc>,
      noOutbox,
    )
      .lean<CaseDoc[]>()
      .exec();
  }
}
