import { nextCaseByCaseStage, type CaseByCaseOutcome, type PolicyContext } from '@jh/domain-policy';
import type { ClockKind } from '@jh/domain-sla';
import type { Actor } from '@jh/platform-auth';
import { conflict, notFound } from '@jh/platform-errors';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { DeliberationAction, DeliberationDoc, DeliberationStage } from './deliberation.model';
import type { DeliberationChanges, DeliberationStore } from './deliberation.store';

/** Reads a 一事一议 record and writes one step of it: state, audit entry and outbox in one write. */
export class DeliberationRecorder {
  constructor(
    readonly store: DeliberationStore,
    readonly policy: PolicyContext,
    readonly clock: () => Date,
  ) {}

  async get(id: string): Promise<DeliberationDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('DELIBERATION_NOT_FOUND', '未找到该“一事一议”事项');
    return doc;
  }

  next(doc: DeliberationDoc, outcome: CaseByCaseOutcome): DeliberationStage {
    const t = nextCaseByCaseStage(doc.stage, outcome);
    if (!t.ok) throw conflict('STEP_OUT_OF_ORDER', t.reason);
    return t.next;
  }

  due(kind: ClockKind, from: Date): Date {
    const due = this.policy.clocks.deadline(kind, from);
    if (!due.ok) throw conflict(due.code, due.reason);
    return due.dueAt;
  }

  async apply(
    doc: DeliberationDoc,
    actor: Actor,
    action: DeliberationAction,
    reason: string,
    changes: DeliberationChanges,
    outbox: OutboxEntry[] = [],
  ): Promise<DeliberationDoc> {
    const audit = {
      at: this.clock(),
      byUserId: actor.userId,
      action,
      fromStage: doc.stage,
      toStage: changes.stage ?? doc.stage,
      reason,
    };
    if (!(await this.store.transition(doc, changes, audit, outbox))) {
      throw conflict('DELIBERATION_CHANGED', '该事项已被他人更新，请刷新后重试');
    }
    return this.get(doc._id);
  }
}
