import type { ScopeQuery } from '../access';
import type { DocumentCipher } from '@jh/platform-crypto';
import { sealEntry } from '../sealing';
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
