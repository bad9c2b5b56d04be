// Bulk claim and record for the batch sender (ADR 0016): the same `_id`-guarded single-document
// updates as order.store.ts, sent as unordered bulk commands of at most `maxStatements` updates.
// The local engine (FerretDB 1.24) holds a SQLite connection per statement of an update command
// until the command ends (pool of 100): a command of ~100 statements deadlocks it for every
// client, so commands stay at 50 and run one after the other.
import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Model } from 'mongoose';
import { dueSlotOf, isOpen } from './due-slot';
import { settles } from './instalment-paid';
import type { AuditEntry, OrderFailure, OrderStatus, PaymentOrderDoc } from './order.model';

export const maxStatements = 50;

/** A single-document conditional status change. */
export interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  audit: AuditEntry;
  nextAttemptAt?: Date;
  platformRef?: string;
  failure?: OrderFailure;
}

export interface Claim {
  /** The order as read; the claim holds only if status and lease are unchanged. */
  order: PaymentOrderDoc;
  to: OrderStatus;
  audit?: AuditEntry;
}

/** What a batch push left to write for one order: a status move, or a retry (status kept). */
export type BatchRecord =
  | { id: string; transition: Transition }
  | { id: string; retry: { status: OrderStatus; error: OrderFailure; at: Date } };

type Op = AnyBulkWriteOperation<PaymentOrderDoc>;

/** Orders written per target status, and retries recorded. */
export type RecordCounts = Partial<Record<OrderStatus | 'retried', number>>;

const native = (model: Model<PaymentOrderDoc>) =>
  model.collection as unknown as Collection<PaymentOrderDoc>;

/** Runs the ops in commands of `maxStatements`, one at a time; modified count per command. */
async function inCommands(
  model: Model<PaymentOrderDoc>,
  ops: Op[],
  each: (chunk: Op[], modified: number) => Promise<void> | void = () => undefined,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < ops.length; i += maxStatements) {
    const chunk = ops.slice(i, i + maxStatements);
    const res = await native(model).bulkWrite(chunk, { ordered: false });
    total += res.modifiedCount;
    await each(chunk, res.modifiedCount);
  }
  return total;
}

export async function bulkClaim(
  model: Model<PaymentOrderDoc>,
  claims: Claim[],
  leaseUntil: Date,
  claimId: string = randomUUID(),
): Promise<Set<string>> {
  const won = new Set<string>();
  const ops: Op[] = claims.map(({ order, to, audit }) => ({
    updateOne: {
      filter: { _id: order._id, status: order.status, nextAttemptAt: order.nextAttemptAt },
      update: {
        $set: {
          status: to,
          nextAttemptAt: leaseUntil,
          dueSlot: dueSlotOf(order._id, leaseUntil, leaseUntil),
          claimId,
          updatedAt: new Date(),
          ...(order.status === 'pending' ? { sentAt: audit?.at ?? new Date() } : {}),
        },
        $inc: { attempts: 1 },
        ...(audit ? { $push: { audit } } : {}),
      },
    },
  }));
  await inCommands(model, ops, async (chunk, modified) => {
    const ids = chunk.map((op) => ('updateOne' in op ? String(op.updateOne.filter._id) : ''));
    if (modified === chunk.length) {
      for (const id of ids) won.add(id);
      return;
    }
    // Some were taken by another run: the claim id on the order tells which are ours.
    for (const id of ids) {
      const doc = await model.findById(id, { claimId: 1 }).lean<PaymentOrderDoc>().exec();
      if (doc?.claimId === claimId) won.add(id);
    }
  });
  return won;
}

function transitionOp(id: string, t: Transition): Op {
  // Paying moves carry an outbox entry: they go through the single-document path.
  if (settles(t.from, t.to)) throw new Error(`bulk record cannot settle ${id}`);
  if (isOpen(t.to) && !t.nextAttemptAt) throw new Error(`bulk record of ${id} needs a time`);
  const set: Record<string, unknown> = { status: t.to, updatedAt: t.audit.at };
  if (t.nextAttemptAt) set['nextAttemptAt'] = t.nextAttemptAt;
  if (t.nextAttemptAt && isOpen(t.to)) {
    set['dueSlot'] = dueSlotOf(id, t.nextAttemptAt, t.audit.at);
  }
  if (t.platformRef) set['platformRef'] = t.platformRef;
  if (t.failure) set['failure'] = t.failure;
  return {
    updateOne: {
      filter: { _id: id, status: t.from },
      update: {
        $set: set,
        $push: { audit: t.audit },
        ...(isOpen(t.to) ? {} : { $unset: { dueSlot: '' } }),
      },
    },
  };
}

/**
 * Status moves (no payment settles here) and retries, each guarded on the status as read. Each
 * target status goes in its own commands, so the counts are exact.
 */
export async function bulkRecord(
  model: Model<PaymentOrderDoc>,
  records: BatchRecord[],
  onApplied?: (id: string, t: Transition) => void,
): Promise<RecordCounts> {
  const transitions = new Map<string, Transition>();
  const groups = new Map<OrderStatus | 'retried', Op[]>();
  const add = (key: OrderStatus | 'retried', op: Op) =>
    groups.set(key, [...(groups.get(key) ?? []), op]);
  for (const r of records) {
    if ('transition' in r) {
      transitions.set(r.id, r.transition);
      add(r.transition.to, transitionOp(r.id, r.transition));
      continue;
    }
    const { status, error, at } = r.retry;
    add('retried', {
      updateOne: {
        filter: { _id: r.id, status },
        update: {
          $set: {
            lastError: error,
            nextAttemptAt: at,
            updatedAt: new Date(),
            ...(isOpen(status) ? { dueSlot: dueSlotOf(r.id, at, at) } : {}),
          },
        },
      },
    });
  }
  const counts: RecordCounts = {};
  for (const [key, ops] of groups) {
    const applied = key === 'retried' || !onApplied ? undefined : appliedOf(model, transitions);
    counts[key] = await inCommands(
      model,
      ops,
      applied && ((chunk, n) => applied(chunk, n, onApplied!)),
    );
  }
  return counts;
}

/**
 * Which moves of a command were applied: all when every statement modified; else each order is
 * read back (its status and `updatedAt` are what our move wrote), as `bulkClaim` does.
 */
function appliedOf(model: Model<PaymentOrderDoc>, transitions: Map<string, Transition>) {
  return async (chunk: Op[], modified: number, onApplied: (id: string, t: Transition) => void) => {
    const ids = chunk.map((op) => ('updateOne' in op ? String(op.updateOne.filter._id) : ''));
    for (const id of ids) {
      const t = transitions.get(id)!;
      if (modified < chunk.length) {
        const doc = await model
          .findById(id, { status: 1, updatedAt: 1 })
          .lean<PaymentOrderDoc>()
          .exec();
        if (doc?.status !== t.to || doc.updatedAt?.getTime() !== t.audit.at.getTime()) continue;
      }
      onApplied(id, t);
    }
  };
}
