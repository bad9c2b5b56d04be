import type { ScopeKeys } from '@jh/access-guard';
import type { AuditEntry, OrderFailure, OrderStatus, PaymentOrderDoc } from './order.model';
import type { BatchRecord, Claim, RecordCounts, Transition } from './order.bulk';

// What the order services need of order storage; MongoPaymentOrderStore (order.store.ts) is it.

export interface OrderFilter {
  status?: OrderStatus;
  /** The recipient's ID number: found through its blind index, never stored or queried clear. */
  idNumber?: string;
  approvalId?: string;
  streetCode?: string;
  item?: string;
  /** Due in [dueFrom, dueTo): a month's orders (monthly ones fall due by its 10th). */
  dueFrom?: Date;
  dueTo?: Date;
  /** Equalities on the stored scope keys (R-OV-2), each an indexed field. */
  scope?: Partial<ScopeKeys>;
}

/**
 * A guarded single-document change for staff actions: applied only if the order still has the
 * status (and, when given, the lease/claim fields) the caller decided on; audit in the same write.
 */
export interface GuardedChange {
  from: OrderStatus;
  /** Defaults to `from` (actions that do not move the status, e.g. escalation). */
  to?: OrderStatus;
  audit: AuditEntry;
  /** Extra equality conditions, e.g. `attempts` and `updatedAt` as seen (no sender in between). */
  expect?: Partial<Pick<PaymentOrderDoc, 'attempts' | 'updatedAt' | 'nextAttemptAt'>>;
  /** Field must still be absent (e.g. `escalation`, `returnedFunds`). */
  absent?: (keyof PaymentOrderDoc)[];
  set?: Partial<PaymentOrderDoc> & Record<string, unknown>;
  unset?: string[];
}

export interface PaymentOrderStore {
  /** `duplicate_key` when an order already holds this idempotency key (R-PAY-5). */
  insert(doc: PaymentOrderDoc): Promise<'inserted' | 'duplicate_key'>;
  findById(id: string): Promise<PaymentOrderDoc | undefined>;
  list(filter: OrderFilter, limit: number): Promise<PaymentOrderDoc[]>;
  /** One page of `list` (same order) and the exact number of matches. */
  page(
    filter: OrderFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: PaymentOrderDoc[]; total: number }>;
  /** Open orders the sender may act on now. */
  due(now: Date, limit: number): Promise<PaymentOrderDoc[]>;
  /**
   * Past due and not settled; `unalarmedOnly` leaves out orders whose alarm was raised; `scope`
   * narrows to a reader's region (R-OV-2).
   */
  overdue(
    now: Date,
    limit: number,
    unalarmedOnly?: boolean,
    scope?: Partial<ScopeKeys>,
  ): Promise<PaymentOrderDoc[]>;
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
  /** Orders handed to the platform in [from, to), streamed. */
  sentBetween(from: Date, to: Date): AsyncIterable<PaymentOrderDoc>;
  /** Records a transient failure and when to try again (status unchanged). */
  retryLater(id: string, status: OrderStatus, error: OrderFailure, at: Date): Promise<boolean>;
  /** False when the guard no longer holds (nothing changed). */
  change(id: string, c: GuardedChange): Promise<boolean>;
  /** Orders by the key the platform knows them by (`platformKey`, else `_id`). */
  findByPlatformKeys(keys: string[]): Promise<PaymentOrderDoc[]>;
  /** Sets a flag path on the order without a status change (bookkeeping, e.g. reserve booked). */
  markBooked(id: string, path: string): Promise<void>;
  /** First-aid pre-allocations whose reserve debit is not booked yet (crash between writes). */
  unbookedReserveDebits(limit: number): Promise<PaymentOrderDoc[]>;
  escalated(limit: number, scope?: Partial<ScopeKeys>): Promise<PaymentOrderDoc[]>;
  /** Records the past-due alarm; false when it was already raised. */
  markOverdueAlarmed(id: string, at: Date): Promise<boolean>;
  /** Orders waiting for staff to record a payee (ADR 0010); `unalarmedOnly` as for `overdue`. */
  awaitingPayee(limit: number, unalarmedOnly?: boolean): Promise<PaymentOrderDoc[]>;
  /** Records the missing-payee alarm; false when it was already raised. */
  markPayeeAlarmed(id: string, at: Date): Promise<boolean>;
  /** Orders due in [from, to), streamed; `scope` narrows to a reader's region. */
  dueBetween(from: Date, to: Date, scope?: Partial<ScopeKeys>): AsyncIterable<PaymentOrderDoc>;
  /** Orders in one due slot: plain equality on an indexed field (ADR 0016). */
  inDueSlot(slot: number, limit: number): Promise<PaymentOrderDoc[]>;
  /** Puts an order found in a slot it does not belong to where it belongs (or out of slots). */
  reslot(order: PaymentOrderDoc, now: Date): Promise<void>;
  /**
   * Claims many orders like `claim`, in commands of at most 50 updates (the local engine's limit,
   * ADR 0016); returns the ids this run (`claimId`) won.
   */
  claimMany(claims: Claim[], leaseUntil: Date, claimId: string): Promise<Set<string>>;
  /** Records many results (moves, retries) in commands of at most 50; counts of those applied. */
  recordMany(records: BatchRecord[]): Promise<RecordCounts>;
}
