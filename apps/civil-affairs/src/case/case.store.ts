import type { ScopeQuery } from '../access';
import type { DocumentCipher } from '@jh/platform-crypto';
import type { FilterQuery } from 'mongoose';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { CaseDoc, CaseModels, CaseStatus } from './case.model';
import { createOnce } from '@jh/platform-mongo';
import { reportDueMonth } from './part-deadlines';

/** overdue: an open part past a due date; at_risk: an open part at risk and none overdue. */
export type CaseDeadlineFilter = 'overdue' | 'at_risk';

export interface CaseListFilter {
  status?: CaseStatus;
  department?: string;
  /** true: some open part is past a due date at `now`; false: none is. */
  overdue?: boolean;
  deadline?: CaseDeadlineFilter;
  /** Exactly this application number (an indexed equality). */
  applicationNumber?: string;
  now: Date;
  /** Equalities on the stored scope keys (R-OV-2): the reader's region. */
  scope: ScopeQuery;
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
  /** Cases whose next SLA check falls in this hour bucket (an indexed equality). */
  inSlaBucket(bucket: string): Promise<CaseDoc[]>;
  /** Every case: a full read, only before the scan has a cursor (once per database). */
  allForSlaStart(): Promise<CaseDoc[]>;
  /** The last SLA bucket fully handled (read by `_id`); undefined before the first scan. */
  slaCursor(): Promise<string | undefined>;
  saveSlaCursor(doneThrough: string, now: Date): Promise<void>;
  /** Cases in `scope` with an open part at risk or overdue at `now`. */
  withOpenPartsAtRisk(now: Date, scope: ScopeQuery): Promise<CaseDoc[]>;
  /** Cases in `scope` with an open part (an indexed equality on the open flag). */
  withOpenParts(scope: ScopeQuery): Promise<CaseDoc[]>;
  /** Cases in `scope` with a part whose report-back due date is in [from, to]. */
  withReportDueBetween(from: Date, to: Date, scope: ScopeQuery): Promise<CaseDoc[]>;
}

const slaCursorId = 'sla-scan';

const noOutbox = { outbox: 0, processedEventIds: 0 } as const;

export class MongoCaseStore implements CaseStore {
  /** `cipher` seals the household's ID and card numbers before writes and opens them after reads. */
  constructor(
    private readonly models: CaseModels,
    private readonly cipher: DocumentCipher,
  ) {}

  async insert(doc: CaseDoc): Promise<boolean> {
    return createOnce(this.models.Case, this.cipher.seal(doc));
  }

  async findById(id: string): Promise<CaseDoc | undefined> {
    const doc = await this.models.Case.findById(id, { outbox: 0 }).lean<CaseDoc>().exec();
    return doc ? this.cipher.open(doc) : undefined;
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
          hasOpenParts: doc.hasOpenParts,
          reportDueMonths: doc.reportDueMonths,
          slaBucket: doc.slaBucket,
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
    // The number, when given, first: it narrows to one case (indexed equality, ADR 0013).
    const query: FilterQuery<CaseDoc> = filter.applicationNumber
      ? { applicationNumber: filter.applicationNumber, ...filter.scope }
      : { ...filter.scope };
    if (filter.status) query.status = filter.status;
    if (filter.department) query.departments = filter.department;
    // Open due dates exist only on cases with an open part: equality first (ADR 0017).
    const deadline = filter.deadline ?? (filter.overdue === true ? 'overdue' : undefined);
    if (deadline === 'overdue') {
      query.hasOpenParts = true;
      query.earliestOpenDueAt = { $lt: filter.now };
    }
    if (deadline === 'at_risk') {
      // Some open clock has entered its at-risk window and none is past due yet (disjoint from
      // `overdue`, so the board's two counts add up).
      query.hasOpenParts = true;
      query.earliestOpenAtRiskAt = { $lte: filter.now };
      query.earliestOpenDueAt = { $gte: filter.now };
    }
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
    return { items: await this.cipher.openMany(items), total };
  }

  async inSlaBucket(bucket: string): Promise<CaseDoc[]> {
    return this.cipher.openMany(
      await this.models.Case.find({ slaBucket: bucket }, noOutbox).lean<CaseDoc[]>().exec(),
    );
  }

  async allForSlaStart(): Promise<CaseDoc[]> {
    return this.cipher.openMany(await this.models.Case.find({}, noOutbox).lean<CaseDoc[]>().exec());
  }

  async slaCursor(): Promise<string | undefined> {
    const doc = await this.models.SlaCursor.findById(slaCursorId).lean().exec();
    return doc?.doneThrough;
  }

  async saveSlaCursor(doneThrough: string, now: Date): Promise<void> {
    await this.models.SlaCursor.updateOne(
      { _id: slaCursorId },
      { $set: { doneThrough, updatedAt: now } },
      { upsert: true },
    ).exec();
  }

  async withOpenPartsAtRisk(now: Date, scope: ScopeQuery): Promise<CaseDoc[]> {
    // Equality on the open flag narrows to open cases; the time condition filters those.
    const docs = await this.models.Case.find(
      { ...scope, hasOpenParts: true, earliestOpenAtRiskAt: { $lte: now } },
      noOutbox,
    )
      .lean<CaseDoc[]>()
      .exec();
    return this.cipher.openMany(docs);
  }

  async withOpenParts(scope: ScopeQuery): Promise<CaseDoc[]> {
    const docs = await this.models.Case.find({ ...scope, hasOpenParts: true }, noOutbox)
      .lean<CaseDoc[]>()
      .exec();
    return this.cipher.openMany(docs);
  }

  async withReportDueBetween(from: Date, to: Date, scope: ScopeQuery): Promise<CaseDoc[]> {
    // One equality query per Shanghai month of the range, deduplicated (a case may span months).
    const months: string[] = [];
    for (let m = reportDueMonth(from); m <= reportDueMonth(to); m = nextMonth(m)) months.push(m);
    const found = new Map<string, CaseDoc>();
    for (const month of months) {
      const docs = await this.models.Case.find(
        {
          ...scope,
          reportDueMonths: month,
          'parts.report.dueAt': { $gte: from, $lte: to },
        } as FilterQuery<CaseDoc>,
        noOutbox,
      )
        .lean<CaseDoc[]>()
        .exec();
      for (const doc of docs) found.set(doc._id, doc);
    }
    return this.cipher.openMany([...found.values()]);
  }
}

const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
