import type { FilterQuery } from 'mongoose';
import type {
  AuditEntry,
  OrderFailure,
  OrderStatus,
  PaymentModels,
  PaymentOrderDoc,
} from './order.model';
import { openStatuses, platformKeyOf, settledStatuses, unsettledStatuses } from './order.model';
import { orderKeyOfPlatformKey } from '@jh/domain-policy';
import type { DocumentCipher } from '@jh/platform-crypto';
import { isDuplicateKey, type OutboxEntry } from '@jh/platform-mongo';
import type { ScopeKeys } from '@jh/access-guard';
import { orderScopeOf, scopeQuery } from '../payment.access';
import { instalmentPaidEntry, settles } from './instalment-paid';
import { dueSlotOf, isOpen } from './due-slot';
import {
  bulkClaim,
  bulkRecord,
  type BatchRecord,
  type Claim,
  type RecordCounts,
  type Transition,
} from './order.bulk';
import { openEach, sealSet } from '../sealed-fields';
import { orderQueryOf } from './order.query';
import { insertedRecords, type OrderAuditSink } from './order.audit-chain';
import type { GuardedChange, OrderFilter, PaymentOrderStore } from './order.store.types';

export type { BatchRecord, Claim, RecordCounts, Transition };
export type { GuardedChange, OrderFilter, PaymentOrderStore };

/** The order model and the cipher of `payment_orders` (issue 14). */
export interface OrderStorage extends PaymentModels {
  cipher: DocumentCipher;
  /** Every applied audit entry of an order, in write order: the service's audit chain (R-OV-1). */
  onAudit?: OrderAuditSink;
}

/**
 * Orders in MongoDB. The recipient's ID number and card number are sealed before every write and
 * opened after every read (issue 14): callers only ever see clear values.
 */
/** Point lookups in flight at once when many platform keys are looked up (a day's findings). */
const LOOKUP_LANES = 16;

export class MongoPaymentOrderStore implements PaymentOrderStore {
  private readonly models: PaymentModels;
  private readonly cipher: DocumentCipher;
  private readonly onAudit: OrderAuditSink;

  constructor(storage: OrderStorage) {
    this.models = storage;
    this.cipher = storage.cipher;
    this.onAudit = storage.onAudit ?? (() => undefined);
  }

  /** Hands on the entry when the write that carried it was applied; returns `applied`. */
  private audited(applied: boolean, orderId: string, entry: AuditEntry | undefined): boolean {
    if (applied && entry) this.onAudit({ orderId, entry });
    return applied;
  }

  private async open(doc: PaymentOrderDoc | null): Promise<PaymentOrderDoc | undefined> {
    return doc ? this.cipher.open(doc) : undefined;
  }

  private async openAll(docs: Promise<PaymentOrderDoc[]>): Promise<PaymentOrderDoc[]> {
    return this.cipher.openMany(await docs);
  }

  async insert(doc: PaymentOrderDoc): Promise<'inserted' | 'duplicate_key'> {
    try {
      const slot = isOpen(doc.status)
        ? { dueSlot: dueSlotOf(doc._id, doc.nextAttemptAt, doc.createdAt) }
        : {};
      const scope = doc.scope ?? orderScopeOf(doc);
      await this.models.PaymentOrder.create(this.cipher.seal({ ...doc, ...slot, scope }));
      for (const record of insertedRecords(doc, this.cipher)) this.onAudit(record);
      return 'inserted';
    } catch (e) {
      if (isDuplicateKey(e)) return 'duplicate_key';
      throw e;
    }
  }

  async findById(id: string): Promise<PaymentOrderDoc | undefined> {
    return this.open(await this.models.PaymentOrder.findById(id).lean<PaymentOrderDoc>().exec());
  }

  list(filter: OrderFilter, limit: number): Promise<PaymentOrderDoc[]> {
    return this.openAll(
      this.models.PaymentOrder.find(orderQueryOf(filter, this.cipher))
        .sort({ dueAt: 1, _id: 1 })
        .limit(limit)
        .lean<PaymentOrderDoc[]>()
        .exec(),
    );
  }

  async page(
    filter: OrderFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: PaymentOrderDoc[]; total: number }> {
    // Indexed equalities (status, street, scope) plus a due range; sort ends in _id (ADR 0022).
    const query = orderQueryOf(filter, this.cipher);
    const [items, total] = await Promise.all([
      this.openAll(
        this.models.PaymentOrder.find(query)
          .sort({ dueAt: 1, _id: 1 })
          .skip(skip)
          .limit(limit)
          .lean<PaymentOrderDoc[]>()
          .exec(),
      ),
      this.models.PaymentOrder.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  due(now: Date, limit: number): Promise<PaymentOrderDoc[]> {
    return this.openAll(
      this.models.PaymentOrder.find({
        status: { $in: openStatuses },
        nextAttemptAt: { $lte: now },
      })
        .sort({ nextAttemptAt: 1 })
        .limit(limit)
        .lean<PaymentOrderDoc[]>()
        .exec(),
    );
  }

  /**
   * One query per unsettled status: an equality searches `{status, dueAt}`'s index, where `$nin`
   * made the local engine read every order (9 s a pass at 3,000 orders, each minute per replica).
   */
  async overdue(
    now: Date,
    limit: number,
    unalarmedOnly = false,
    scope?: Partial<ScopeKeys>,
  ): Promise<PaymentOrderDoc[]> {
    const perStatus = await Promise.all(
      unsettledStatuses.map((status) =>
        this.models.PaymentOrder.find({
          ...scopeQuery(scope),
          status,
          dueAt: { $lt: now },
          ...(unalarmedOnly ? { overdueAlarmedAt: { $exists: false } } : {}),
        })
          .sort({ dueAt: 1, _id: 1 })
          .limit(limit)
          .lean<PaymentOrderDoc[]>()
          .exec(),
      ),
    );
    const byDue = (a: PaymentOrderDoc, b: PaymentOrderDoc) =>
      a.dueAt.getTime() - b.dueAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
    return this.cipher.openMany(perStatus.flat().sort(byDue).slice(0, limit));
  }

  async claim(
    order: PaymentOrderDoc,
    to: OrderStatus,
    leaseUntil: Date,
    audit?: AuditEntry,
  ): Promise<boolean> {
    const result = await this.models.PaymentOrder.updateOne(
      { _id: order._id, status: order.status, nextAttemptAt: order.nextAttemptAt },
      {
        $set: {
          status: to,
          nextAttemptAt: leaseUntil,
          dueSlot: dueSlotOf(order._id, leaseUntil, leaseUntil),
          updatedAt: new Date(),
          ...(order.status === 'pending' ? { sentAt: audit?.at ?? new Date() } : {}),
        },
        $inc: { attempts: 1 },
        ...(audit ? { $push: { audit } } : {}),
      },
    ).exec();
    return this.audited(result.modifiedCount === 1, order._id, audit);
  }

  async transition(id: string, t: Transition): Promise<boolean> {
    const set: Partial<PaymentOrderDoc> = { status: t.to, updatedAt: t.audit.at };
    if (t.nextAttemptAt) set.nextAttemptAt = t.nextAttemptAt;
    if (t.platformRef) set.platformRef = t.platformRef;
    if (t.failure) set.failure = t.failure;
    const paid = await this.paidEntry(id, t.from, t.to, t.audit.at);
    const slot = await this.slotChange(id, t.from, t.to, t.nextAttemptAt, t.audit.at);
    const unset = {
      ...slot.unset,
      // A settled order has no pending error: an old timeout must not show on a paid order.
      ...(settledStatuses.includes(t.to) ? { lastError: '' } : {}),
    };
    const result = await this.models.PaymentOrder.updateOne(
      { _id: id, status: t.from },
      {
        $set: { ...set, ...slot.set },
        $push: { audit: t.audit, ...paid },
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      },
    ).exec();
    return this.audited(result.modifiedCount === 1, id, t.audit);
  }

  /**
   * Keeps `dueSlot` in step with status and `nextAttemptAt` in the same write: set for an open
   * order, removed otherwise; unchanged when an open order keeps its time.
   */
  private async slotChange(
    id: string,
    from: OrderStatus,
    to: OrderStatus,
    nextAttemptAt: Date | undefined,
    now: Date,
  ): Promise<{ set?: { dueSlot: number }; unset?: { dueSlot: '' } }> {
    if (!isOpen(to)) return { unset: { dueSlot: '' } };
    if (nextAttemptAt) return { set: { dueSlot: dueSlotOf(id, nextAttemptAt, now) } };
    if (isOpen(from)) return {};
    // Entering the sender's statuses at the time it already had (e.g. a payee recorded).
    const order = await this.findById(id);
    return order ? { set: { dueSlot: dueSlotOf(id, order.nextAttemptAt, now) } } : {};
  }

  /** `{ outbox }` when this move pays the order (jh.payment.instalment_paid.v1), else `{}`. */
  private async paidEntry(
    id: string,
    from: OrderStatus,
    to: OrderStatus,
    at: Date,
  ): Promise<{ outbox?: OutboxEntry }> {
    if (!settles(from, to)) return {};
    // Fields the event needs never change after the order is created.
    const order = await this.findById(id);
    return order ? { outbox: instalmentPaidEntry(order, to, at) } : {};
  }

  sentBetween(from: Date, to: Date): AsyncIterable<PaymentOrderDoc> {
    return openEach(
      this.cipher,
      this.models.PaymentOrder.find({ sentAt: { $gte: from, $lt: to } })
        .lean<PaymentOrderDoc[]>()
        .cursor(),
    );
  }

  async retryLater(
    id: string,
    status: OrderStatus,
    error: OrderFailure,
    at: Date,
  ): Promise<boolean> {
    const result = await this.models.PaymentOrder.updateOne(
      { _id: id, status },
      {
        $set: {
          lastError: error,
          nextAttemptAt: at,
          updatedAt: new Date(),
          ...(isOpen(status) ? { dueSlot: dueSlotOf(id, at, at) } : {}),
        },
      },
    ).exec();
    return result.modifiedCount === 1;
  }

  async change(id: string, c: GuardedChange): Promise<boolean> {
    const filter: FilterQuery<PaymentOrderDoc> = { _id: id, status: c.from, ...c.expect };
    for (const field of c.absent ?? []) filter[field] = { $exists: false };
    const to = c.to ?? c.from;
    const paid = await this.paidEntry(id, c.from, to, c.audit.at);
    const next = c.set?.nextAttemptAt;
    const slot = await this.slotChange(id, c.from, to, next, c.audit.at);
    const update: Record<string, unknown> = {
      // A recorded payee's card number is sealed (and indexed) like an inserted one.
      $set: {
        ...sealSet(this.cipher, c.set ?? {}),
        ...slot.set,
        status: to,
        updatedAt: c.audit.at,
      },
      $push: { audit: c.audit, ...paid },
    };
    const unset = { ...Object.fromEntries((c.unset ?? []).map((k) => [k, ''])), ...slot.unset };
    if (Object.keys(unset).length) update['$unset'] = unset;
    const result = await this.models.PaymentOrder.updateOne(filter, update).exec();
    return this.audited(result.modifiedCount === 1, id, c.audit);
  }

  /**
   * `_id` point lookups: a platform key names its order (`orderKeyOfPlatformKey`); an `$or` on
   * `platformKey` scanned every order on each card-platform callback (1 s at 3,000 orders).
   */
  async findByPlatformKeys(keys: string[]): Promise<PaymentOrderDoc[]> {
    const wanted = new Set(keys);
    const ids = [...new Set(keys.map(orderKeyOfPlatformKey))];
    const found: PaymentOrderDoc[] = [];
    for (let i = 0; i < ids.length; i += LOOKUP_LANES) {
      const docs = await Promise.all(ids.slice(i, i + LOOKUP_LANES).map((id) => this.findById(id)));
      for (const o of docs) if (o && wanted.has(platformKeyOf(o))) found.push(o);
    }
    return found;
  }

  async markOverdueAlarmed(id: string, at: Date): Promise<boolean> {
    const res = await this.models.PaymentOrder.updateOne(
      { _id: id, overdueAlarmedAt: { $exists: false } },
      { $set: { overdueAlarmedAt: at } },
    ).exec();
    return res.modifiedCount === 1;
  }

  awaitingPayee(limit: number, unalarmedOnly = false): Promise<PaymentOrderDoc[]> {
    return this.openAll(
      this.models.PaymentOrder.find({
        status: 'awaiting_payee',
        ...(unalarmedOnly ? { payeeAlarmedAt: { $exists: false } } : {}),
      })
        .sort({ dueAt: 1, _id: 1 })
        .limit(limit)
        .lean<PaymentOrderDoc[]>()
        .exec(),
    );
  }

  async markPayeeAlarmed(id: string, at: Date): Promise<boolean> {
    const res = await this.models.PaymentOrder.updateOne(
      { _id: id, payeeAlarmedAt: { $exists: false } },
      { $set: { payeeAlarmedAt: at } },
    ).exec();
    return res.modifiedCount === 1;
  }

  async markBooked(id: string, path: string): Promise<void> {
    await this.models.PaymentOrder.updateOne({ _id: id }, { $set: { [path]: true } }).exec();
  }

  unbookedReserveDebits(limit: number): Promise<PaymentOrderDoc[]> {
    return this.openAll(
      this.models.PaymentOrder.find({ 'preallocation.reserveBooked': false })
        .limit(limit)
        .lean<PaymentOrderDoc[]>()
        .exec(),
    );
  }

  escalated(limit: number, scope?: Partial<ScopeKeys>): Promise<PaymentOrderDoc[]> {
    return this.openAll(
      this.models.PaymentOrder.find({ 'escalation.level': 'county', ...scopeQuery(scope) })
        .sort({ 'escalation.at': -1, _id: 1 })
        .limit(limit)
        .lean<PaymentOrderDoc[]>()
        .exec(),
    );
  }

  dueBetween(from: Date, to: Date, scope?: Partial<ScopeKeys>): AsyncIterable<PaymentOrderDoc> {
    return openEach(
      this.cipher,
      this.models.PaymentOrder.find({ dueAt: { $gte: from, $lt: to }, ...scopeQuery(scope) })
        .lean<PaymentOrderDoc[]>()
        .cursor(),
    );
  }

  inDueSlot(slot: number, limit: number): Promise<PaymentOrderDoc[]> {
    return this.openAll(
      this.models.PaymentOrder.find({ dueSlot: slot })
        .limit(limit)
        .lean<PaymentOrderDoc[]>()
        .exec(),
    );
  }

  async reslot(order: PaymentOrderDoc, now: Date): Promise<void> {
    const guard = { _id: order._id, status: order.status, nextAttemptAt: order.nextAttemptAt };
    await this.models.PaymentOrder.updateOne(
      guard,
      isOpen(order.status)
        ? { $set: { dueSlot: dueSlotOf(order._id, order.nextAttemptAt, now) } }
        : { $unset: { dueSlot: '' } },
    ).exec();
  }

  async claimMany(claims: Claim[], leaseUntil: Date, claimId: string): Promise<Set<string>> {
    const won = await bulkClaim(this.models.PaymentOrder, claims, leaseUntil, claimId);
    for (const c of claims) this.audited(won.has(c.order._id), c.order._id, c.audit);
    return won;
  }

  recordMany(records: BatchRecord[]): Promise<RecordCounts> {
    return bulkRecord(this.models.PaymentOrder, records, (id, t) =>
      this.audited(true, id, t.audit),
    );
  }
}
