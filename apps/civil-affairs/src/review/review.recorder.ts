import type { ScopeQuery } from '../access';
import type { Actor } from '@jh/platform-auth';
import { conflict, notFound } from '@jh/platform-errors';
import { reviewProgressedEntry } from './review.progress-event';
import type { ReviewAudit, ReviewAction, ReviewDoc } from './review.model';
import type { QueueFields } from './review.queue';
import type { ReviewChanges, ReviewListFilter, ReviewStore } from './review.store';

/** Reads a review and writes one step of it: state, audit entry and outbox in one write. */
export class ReviewRecorder {
  constructor(
    private readonly store: ReviewStore,
    readonly clock: () => Date,
    /** The queue keys of a state (review.queue.ts), written with every step. */
    private readonly queueFields?: (doc: ReviewDoc) => QueueFields,
  ) {}

  /** The doc as it would be stored: its queue keys set. */
  withQueueFields(doc: ReviewDoc): ReviewDoc {
    return this.queueFields ? { ...doc, ...this.queueFields(doc) } : doc;
  }

  list(filter: ReviewListFilter, skip: number, limit: number) {
    return this.store.list(filter, skip, limit);
  }

  async find(id: string): Promise<ReviewDoc | undefined> {
    return this.store.findById(id);
  }

  async get(id: string): Promise<ReviewDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('REVIEW_NOT_FOUND', '未找到该审核');
    return doc;
  }

  /** Inserts a freshly opened review; false when one with its `_id` exists already. */
  insert(doc: ReviewDoc): Promise<boolean> {
    return this.store.insert(doc);
  }

  outstandingPaperwork(overdueOnly: boolean, scope: ScopeQuery): Promise<ReviewDoc[]> {
    return this.store.outstandingPaperwork(this.clock(), overdueOnly, 500, scope);
  }

  async apply(
    doc: ReviewDoc,
    actor: Actor,
    action: ReviewAction,
    reason: string,
    changes: ReviewChanges,
    outbox: Parameters<ReviewStore['transition']>[3] = [],
    // An approval's step carries the approval's own instant, so the window reads them together.
    now: Date = this.clock(),
  ): Promise<ReviewDoc> {
    const toStatus = changes.status ?? doc.status;
    const entry = audit(now, actor, action, doc.status, toStatus, reason);
    // Every step is announced to the window in the same write (jh.review.progressed.v1).
    const progressed = reviewProgressedEntry(doc, action, toStatus, doc.version + 1, now);
    const queued = this.queueFields
      ? { ...changes, ...this.queueFields({ ...doc, ...changes }) }
      : changes;
    if (!(await this.store.transition(doc, queued, entry, [...outbox, progressed]))) {
      throw conflict('REVIEW_CHANGED', '该审核已被他人更新，请刷新后重试');
    }
    return this.get(doc._id);
  }
}

export function audit(
  at: Date,
  actor: Actor,
  action: ReviewAction,
  fromStatus: ReviewDoc['status'] | null,
  toStatus: ReviewDoc['status'],
  reason: string,
): ReviewAudit {
  return { at, byUserId: actor.userId, action, fromStatus, toStatus, reason };
}
