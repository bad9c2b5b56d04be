import type { ScopeQuery } from '../access';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { ReviewAudit, ReviewDoc, ReviewModels } from './review.model';
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
  >
>;

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
  constructor(private readonly models: ReviewModels) {}

  async insert(doc: ReviewDoc): Promise<boolean> {
    return createOnce(this.models.Review, doc);
  }

  async findById(id: string): Promise<ReviewDoc | undefined> {
    const doc = await this.models.Review.findById(id, { outbox: 0 }).lean<ReviewDoc>().exec();
    return doc ?? undefined;
  }

  async outstandingPaperwork(
    now: Date,
    overdueOnly: boolean,
    limit: number,
    scope: ScopeQuery,
  ): Promise<ReviewDoc[]> {
    return this.models.Review.find(
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
        $set: { ...changes, updatedAt: audit.at, version: before.version + 1 },
        $push: {
          audit: audit,
          ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}),
        },
      },
    ).exec();
    return res.matchedCount === 1;
  }
}
