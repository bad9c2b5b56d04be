import type { ScopeQuery } from '../access';
import type { DocumentCipher } from '@jh/platform-crypto';
import type { OutboxEntry } from '@jh/platform-mongo';
import type {
  DeliberationAudit,
  PeriodicReviewAudit,
  DeliberationDoc,
  DeliberationModels,
  DeliberationStage,
  PeriodicReviewDoc,
} from './deliberation.model';
import { isDuplicateKey } from '@jh/platform-mongo';

/** Fields a step may change; identity and acceptance are fixed when the deliberation opens. */
export type DeliberationChanges = Partial<
  Pick<
    DeliberationDoc,
    | 'stage'
    | 'actors'
    | 'investigations'
    | 'democraticReview'
    | 'officeReview'
    | 'collectiveDecision'
    | 'publicNotice'
    | 'approval'
    | 'filing'
    | 'conclusion'
  >
>;

export interface DeliberationStore {
  /** False when the deliberation (same _id) already exists. */
  insert(doc: DeliberationDoc): Promise<boolean>;
  findById(id: string): Promise<DeliberationDoc | undefined>;
  /** One conditional single-document update: changes + audit + outbox, at the version read. */
  transition(
    before: DeliberationDoc,
    changes: DeliberationChanges,
    audit: DeliberationAudit,
    outbox?: OutboxEntry[],
  ): Promise<boolean>;
  /** §5.8 approved in `scope`, filing not done and due before `now`. */
  listFilingOverdue(now: Date, scope: ScopeQuery): Promise<DeliberationDoc[]>;
  /** A page of `scope` (and `stage`), newest first: indexed equalities, sort ending in `_id`. */
  listPage(
    filter: { scope: ScopeQuery; stage?: DeliberationStage },
    skip: number,
    limit: number,
  ): Promise<{ items: DeliberationDoc[]; total: number }>;
  /** Approved (filed or not) deliberations in `scope`, for R-YS-1 task generation. */
  listApproved(scope: ScopeQuery): Promise<DeliberationDoc[]>;
  /** False when the task already exists. */
  insertReviewTask(task: PeriodicReviewDoc): Promise<boolean>;
  findReviewTask(id: string): Promise<PeriodicReviewDoc | undefined>;
  listReviewTasks(year: number, period: number, scope: ScopeQuery): Promise<PeriodicReviewDoc[]>;
  /** Records the result only while the task is still due. */
  completeReviewTask(
    id: string,
    result: NonNullable<PeriodicReviewDoc['result']>,
    audit: PeriodicReviewAudit,
  ): Promise<boolean>;
}

export class MongoDeliberationStore implements DeliberationStore {
  /** Seals the applicant's ID/card numbers, hardship and investigation notes; opens after reads. */
  constructor(
    private readonly models: DeliberationModels,
    private readonly ciphers: { deliberations: DocumentCipher; reviews: DocumentCipher },
  ) {}

  async insert(doc: DeliberationDoc): Promise<boolean> {
    try {
      await this.models.Deliberation.create(this.ciphers.deliberations.seal(doc));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async findById(id: string): Promise<DeliberationDoc | undefined> {
    const doc = await this.models.Deliberation.findById(id, { outbox: 0 })
      .lean<DeliberationDoc>()
      .exec();
    return doc ? this.ciphers.deliberations.open(doc) : undefined;
  }

  async transition(
    before: DeliberationDoc,
    changes: DeliberationChanges,
    audit: DeliberationAudit,
    outbox: OutboxEntry[] = [],
  ): Promise<boolean> {
    const res = await this.models.Deliberation.updateOne(
      { _id: before._id, version: before.version, stage: before.stage },
      {
        // Changes replace whole top-level fields: sealed as a partial document.
        $set: {
          ...this.ciphers.deliberations.seal(changes),
          updatedAt: audit.at,
          version: before.version + 1,
        },
        $push: { audit, ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}) },
      },
    ).exec();
    return res.matchedCount === 1;
  }

  async listFilingOverdue(now: Date, scope: ScopeQuery): Promise<DeliberationDoc[]> {
    const docs = await this.models.Deliberation.find(
      { ...scope, stage: 'approved', 'filing.dueAt': { $lt: now } },
      { outbox: 0 },
    )
      .sort({ 'filing.dueAt': 1 })
      .lean<DeliberationDoc[]>()
      .exec();
    return this.ciphers.deliberations.openMany(docs);
  }

  async listPage(
    filter: { scope: ScopeQuery; stage?: DeliberationStage },
    skip: number,
    limit: number,
  ): Promise<{ items: DeliberationDoc[]; total: number }> {
    const query = { ...filter.scope, ...(filter.stage ? { stage: filter.stage } : {}) };
    const [items, total] = await Promise.all([
      this.models.Deliberation.find(query, { outbox: 0, audit: 0 })
        .sort({ openedAt: -1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<DeliberationDoc[]>()
        .exec(),
      this.models.Deliberation.countDocuments(query).exec(),
    ]);
    return { items: await this.ciphers.deliberations.openMany(items), total };
  }

  async listApproved(scope: ScopeQuery): Promise<DeliberationDoc[]> {
    const docs = await this.models.Deliberation.find(
      { ...scope, stage: { $in: ['approved', 'filed'] } },
      { outbox: 0, audit: 0 },
    )
      .sort({ _id: 1 })
      .lean<DeliberationDoc[]>()
      .exec();
    return this.ciphers.deliberations.openMany(docs);
  }

  async insertReviewTask(task: PeriodicReviewDoc): Promise<boolean> {
    try {
      await this.models.PeriodicReview.create(this.ciphers.reviews.seal(task));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async findReviewTask(id: string): Promise<PeriodicReviewDoc | undefined> {
    const doc = await this.models.PeriodicReview.findById(id).lean<PeriodicReviewDoc>().exec();
    return doc ? this.ciphers.reviews.open(doc) : undefined;
  }

  async listReviewTasks(
    year: number,
    period: number,
    scope: ScopeQuery,
  ): Promise<PeriodicReviewDoc[]> {
    const docs = await this.models.PeriodicReview.find({ ...scope, year, period })
      .sort({ dueAt: 1, _id: 1 })
      .lean<PeriodicReviewDoc[]>()
      .exec();
    return this.ciphers.reviews.openMany(docs);
  }

  async completeReviewTask(
    id: string,
    result: NonNullable<PeriodicReviewDoc['result']>,
    audit: PeriodicReviewAudit,
  ): Promise<boolean> {
    const res = await this.models.PeriodicReview.updateOne(
      { _id: id, status: 'due' },
      { $set: { status: 'done', ...this.ciphers.reviews.seal({ result }) }, $push: { audit } },
    ).exec();
    return res.matchedCount === 1;
  }
}
