import type { ScopeQuery } from '../access';
import type { DocumentCipher } from '@jh/platform-crypto';
import { sealEntry } from '../sealing';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { FilterQuery } from 'mongoose';
import type { ReviewAudit, ReviewDoc, ReviewModels, ReviewStage } from './review.model';
import { createOnce } from '@jh/platform-mongo';

/** Fields a transition may change; everything else is fixed when the review is opened. */
export type ReviewChanges = Partial<
  Pick<
    ReviewDoc,
    | 'status'
    | 'actors'
    | 'economicCheck'
    | 'homeVisit'
    | 'clock'
    | 'routedTo'
    | 'approval'
    | 'approvals'
    | 'decisionReason'
    | 'temporaryKind'
    | 'emergency'
    | 'selfCare'
    | 'democraticReview'
    | 'paperwork'
    | 'relativesReview'
    | 'citizenCardNo'
    | 'stage'
    | 'open'
    | 'dueAt'
    | 'atRiskAt'
  >
>;

/** GET /reviews: equalities on indexed keys, then the clock's window (like GET /cases). */
export interface ReviewListFilter {
  now: Date;
  /** Equalities on the stored scope keys (R-OV-2): the reader's region. */
  scope: ScopeQuery;
  status?: ReviewDoc['status'];
  stage?: ReviewStage;
  item?: string;
  applicationNumber?: string;
  /** 先行救助 paperwork still outstanding (R-AP-4). */
  paperworkOutstanding?: boolean;
  clock?: 'overdue' | 'at_risk';
}

export interface ReviewStore {
  /** False when a review for this case and item already exists. */
  insert(doc: ReviewDoc): Promise<boolean>;
  findById(id: string): Promise<ReviewDoc | undefined>;
  /**
   * 急难型 reviews in `scope` aided first whose paperwork is still outstanding (overdue only: due
   * before `now`).
   */
  outstandingPaperwork(
    now: Date,
    overdueOnly: boolean,
    limit: number,
    scope: ScopeQuery,
  ): Promise<ReviewDoc[]>;
  /** One page of the queue, sorted by due date then `_id`, and the exact count. */
  list(
    filter: ReviewListFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: ReviewDoc[]; total: number }>;
  /**
   * Applies `changes` with the audit entry and outbox entries in one single-document update,
   * only if the review is still at the version and status it was read with.
   */
  transition(
    before: ReviewDoc,
    changes: ReviewChanges,
    audit: ReviewAudit,
    outbox?: OutboxEntry[],
  ): Promise<boolean>;
}

export class MongoReviewStore implements ReviewStore {
  /** `cipher` seals ID/card numbers and situation notes before writes, opens them after reads. */
  constructor(
    private readonly models: ReviewModels,
    private readonly cipher: DocumentCipher,
  ) {}

  async insert(doc: ReviewDoc): Promise<boolean> {
    return createOnce(this.models.Review, this.cipher.seal(doc));
  }

  async findById(id: string): Promise<ReviewDoc | undefined> {
    const doc = await this.models.Review.findById(id, { outbox: 0 }).lean<ReviewDoc>().exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async outstandingPaperwork(
    now: Date,
    overdueOnly: boolean,
    limit: number,
    scope: ScopeQuery,
  ): Promise<ReviewDoc[]> {
    const docs = await this.models.Review.find(
      {
        ...scope,
        'paperwork.status': 'outstanding',
        ...(overdueOnly ? { 'paperwork.dueAt': { $lt: now } } : {}),
      },
      { outbox: 0 },
    )
      .sort({ 'paperwork.dueAt': 1 })
      .limit(limit)
      .lean<ReviewDoc[]>()
      .exec();
    return this.cipher.openMany(docs);
  }

  async list(
    filter: ReviewListFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: ReviewDoc[]; total: number }> {
    // The number, when given, first: it narrows to one case (indexed equality, ADR 0013).
    const query: FilterQuery<ReviewDoc> = filter.applicationNumber
      ? { applicationNumber: filter.applicationNumber, ...filter.scope }
      : { ...filter.scope };
    if (filter.stage) query.stage = filter.stage;
    if (filter.status) query.status = filter.status;
    // No status or step asked for: the queue is the open reviews.
    if (!filter.stage && !filter.status) query.open = true;
    if (filter.item) query.item = filter.item;
    if (filter.paperworkOutstanding) query['paperwork.status'] = 'outstanding';
    if (filter.clock) {
      // Open reviews only: a stopped clock is met or breached, not a worklist item.
      query.open = true;
      if (filter.clock === 'overdue') query.dueAt = { $lt: filter.now };
      // In the at-risk window and not yet overdue (disjoint from `overdue`).
      else query.$and = [{ atRiskAt: { $lte: filter.now } }, { dueAt: { $gte: filter.now } }];
    }
    const [items, total] = await Promise.all([
      this.models.Review.find(query, { outbox: 0 })
        .sort({ dueAt: 1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<ReviewDoc[]>()
        .exec(),
      this.models.Review.countDocuments(query).exec(),
    ]);
    return { items: await this.cipher.openMany(items), total };
  }

  async transition(
    before: ReviewDoc,
    changes: ReviewChanges,
    audit: ReviewAudit,
    outbox: OutboxEntry[] = [],
  ): Promise<boolean> {
    const res = await this.models.Review.updateOne(
      { _id: before._id, version: before.version, status: before.status },
      {
        // Changes replace whole top-level fields, so sealing them as a partial document works.
        $set: { ...this.cipher.seal(changes), updatedAt: audit.at, version: before.version + 1 },
        $push: {
          audit: sealEntry(this.cipher, 'audit', audit),
          ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}),
        },
      },
    ).exec();
    return res.matchedCount === 1;
  }
}
