import type { ScopeQuery } from '../access';
import type { OutboxEntry } from '@jh/platform-mongo';
import type {
  DeliberationAudit,
  PeriodicReviewAudit,
  DeliberationDoc,
  DeliberationModels,
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
  constructor(private readonly models: DeliberationModels) {}

  async insert(doc: DeliberationDoc): Promise<boolean> {
    try {
      await this.models.Deliberation.create(doc);
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
    return doc ?? undefined;
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
        $set: { ...changes, updatedAt: audit.at, version: before.version + 1 },
        $push: { audit, ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}) },
      },
    ).exec();
    return res.matchedCount === 1;
  }

  async listFilingOverdue(now: Date, scope: ScopeQuery): Promise<DeliberationDoc[]> {
    return this.models.Deliberation.find(
      { ...scope, stage: 'approved', 'filing.dueAt': { $lt: now } },
      { outbox: 0 },
    )
      .sort({ 'filing.dueAt': 1 })
      .lean<DeliberationDoc[]>()
      .exec();
  }

  async listApproved(scope: ScopeQuery): Promise<DeliberationDoc[]> {
    return this.models.Deliberation.find(
      { ...scope, stage: { $in: ['approved', 'filed'] } },
      { outbox: 0, audit: 0 },
    )
      .sort({ _id: 1 })
      .lean<DeliberationDoc[]>()
      .exec();
  }

  async insertReviewTask(task: PeriodicReviewDoc): Promise<boolean> {
    try {
      await this.models.PeriodicReview.create(task);
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async findReviewTask(id: string): Promise<PeriodicReviewDoc | undefined> {
    const doc = await this.models.PeriodicReview.findById(id).lean<PeriodicReviewDoc>().exec();
    return doc ?? undefined;
  }

  async listReviewTasks(
    year: number,
    period: number,
    scope: ScopeQuery,
  ): Promise<PeriodicReviewDoc[]> {
    return this.models.PeriodicReview.find({ ...scope, year, period })
      .sort({ dueAt: 1, _id: 1 })
      .lean<PeriodicReviewDoc[]>()
      .exec();
  }

  async completeReviewTask(
    id: string,
    result: NonNullable<PeriodicReviewDoc['result']>,
    audit: PeriodicReviewAudit,
  ): Promise<boolean> {
    const res = await this.models.PeriodicReview.updateOne(
      { _id: id, status: 'due' },
      { $set: { status: 'done', result }, $push: { audit } },
    ).exec();
    return res.matchedCount === 1;
  }
}
