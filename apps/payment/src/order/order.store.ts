import type { FilterQuery } from 'mongoose';
import type {
  AuditEntry,
  OrderFailure,
  OrderStatus,
  PaymentModels,
  PaymentOrderDoc,
} from './order.model';
import { openStatuses } from './order.model';

/** A single-document conditional status change. */
export interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  audit: AuditEntry;
  nextAttemptAt?: Date;
  platformRef?: string;
  failure?: OrderFailure;
}

export interface OrderFilter {
  status?: OrderStatus;
  approvalId?: string;
}

export interface PaymentOrderStore {
  /** `duplicate_key` when an order already holds this idempotency key (R-PAY-5). */
  insert(doc: PaymentOrderDoc): Promise<'inserted' | 'duplicate_key'>;
  findById(id: string): Promise<PaymentOrderDoc | undefined>;
  list(filter: OrderFilter, limit: number): Promise<PaymentOrderDoc[]>;
  /** Open orders the sender may act on now. */
  due(now: Date, limit: number): Promise<PaymentOrderDoc[]>;
  /** Past due and not confirmed. */
  overdue(now: Date, limit: number): Promise<PaymentOrderDoc[]>;
  /**
   * Claims an order for one sender run: succeeds only if status and lease are still what the
   * caller saw, so two senders never act on one order at once.
   */
  claim(
    order: PaymentOrderDoc,
    to: OrderStatus,
    leaseUntil: Date,
    audit?: AuditEntry,
  ): Promise<boolean>;
  /** Applies the transition only if the order is still in `from`; false when it was not. */
  transition(id: string, t: Transition): Promise<boolean>;
  /** Orders handed to the platform in [from, to). */
  sentBetween(from: Date, to: Date): Promise<PaymentOrderDoc[]>;
  findByIds(ids: string[]): Promise<PaymentOrderDoc[]>;
  /** Records a transient failure and when to try again (status unchanged). */
  retryLater(id: string, status: OrderStatus, error: OrderFailure, at: Date): Promise<boolean>;
}

const isDuplicateKey = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;

export class MongoPaymentOrderStore implements PaymentOrderStore {
  constructor(private readonly models: PaymentModels) {}

  async insert(doc: PaymentOrderDoc): Promise<'inserted' | 'duplicate_key'> {
    try {
      await this.models.PaymentOrder.create(doc);
      return 'inserted';
    } catch (e) {
      if (isDuplicateKey(e)) return 'duplicate_key';
      throw e;
    }
  }

  async findById(id: string): Promise<PaymentOrderDoc | undefined> {
    const doc = await this.models.PaymentOrder.findById(id).lean<PaymentOrderDoc>().exec();
    return doc ?? undefined;
  }

  list(filter: OrderFilter, limit: number): Promise<PaymentOrderDoc[]> {
    const query: FilterQuery<PaymentOrderDoc> = {};
    if (filter.status) query.status = filter.status;
    if (filter.approvalId) query.approvalId = filter.approvalId;
    return this.models.PaymentOrder.find(query)
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit)
      .lean<PaymentOrderDoc[]>()
      .exec();
  }

  due(now: Date, limit: number): Promise<PaymentOrderDoc[]> {
    return this.models.PaymentOrder.find({
      status: { $in: openStatuses },
      nextAttemptAt: { $lte: now },
    })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<PaymentOrderDoc[]>()
      .exec();
  }

  overdue(now: Date, limit: number): Promise<PaymentOrderDoc[]> {
    return this.models.PaymentOrder.find({
      status: { $ne: 'confirmed' },
      dueAt: { $lt: now },
    })
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit)
      .lean<PaymentOrderDoc[]>()
      .exec();
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
          updatedAt: new Date(),
          ...(order.status === 'pending' ? { sentAt: audit?.at ?? new Date() } : {}),
        },
        $inc: { attempts: 1 },
        ...(audit ? { $push: { audit } } : {}),
      },
    ).exec();
    return result.modifiedCount === 1;
  }

  async transition(id: string, t: Transition): Promise<boolean> {
    const set: Partial<PaymentOrderDoc> = { status: t.to, updatedAt: t.audit.at };
    if (t.nextAttemptAt) set.nextAttemptAt = t.nextAttemptAt;
    if (t.platformRef) set.platformRef = t.platformRef;
    if (t.failure) set.failure = t.failure;
    const result = await this.models.PaymentOrder.updateOne(
      { _id: id, status: t.from },
      { $set: set, $push: { audit: t.audit } },
    ).exec();
    return result.modifiedCount === 1;
  }

  sentBetween(from: Date, to: Date): Promise<PaymentOrderDoc[]> {
    return this.models.PaymentOrder.find({ sentAt: { $gte: from, $lt: to } })
      .lean<PaymentOrderDoc[]>()
      .exec();
  }

  findByIds(ids: string[]): Promise<PaymentOrderDoc[]> {
    return this.models.PaymentOrder.find({ _id: { $in: ids } })
      .lean<PaymentOrderDoc[]>()
      .exec();
  }

  async retryLater(
    id: string,
    status: OrderStatus,
    error: OrderFailure,
    at: Date,
  ): Promise<boolean> {
    const result = await this.models.PaymentOrder.updateOne(
      { _id: id, status },
      { $set: { lastError: error, nextAttemptAt: at, updatedAt: new Date() } },
    ).exec();
    return result.modifiedCount === 1;
  }
}
