import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry } from '@jh/platform-mongo';
import { paymentAuditSchema, type PaymentAudit } from '../audit.model';
import type { PayeeIdentity } from '../payee.model';

/**
 * awaiting_payee (approved, but no valid citizen card to pay to: staff record one, ADR 0010) →
 * pending → sending (claimed; the push may or may not have reached the platform) → sent
 * (accepted, awaiting PAID) → confirmed | failed | returned. Fallback (R-PAY-3): pending | sending
 * → preallocated (the street pays instead) → paid_by_street.
 */
export const orderStatuses = [
  'awaiting_payee',
  'pending',
  'sending',
  'sent',
  'confirmed',
  'failed',
  'returned',
  'preallocated',
  'paid_by_street',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const openStatuses: OrderStatus[] = ['pending', 'sending', 'sent'];
/** Money reached the recipient (card or street); nothing is due any more. */
export const settledStatuses: OrderStatus[] = ['confirmed', 'paid_by_street'];
/** Every other status: money may still be owed (past due when its due date has passed). */
export const unsettledStatuses: OrderStatus[] = orderStatuses.filter(
  (s) => !settledStatuses.includes(s),
);

export const platformKeyOf = (o: Pick<PaymentOrderDoc, '_id' | 'platformKey'>) =>
  o.platformKey ?? o._id;

export const scheduleCodes = ['monthly', 'temporary', 'first_aid'] as const;
export type ScheduleCode = (typeof scheduleCodes)[number];

export interface AuditEntry extends PaymentAudit {
  from: OrderStatus | null;
  to: OrderStatus;
}

export interface OrderFailure {
  code: string;
  /** Chinese text for staff. */
  message: string;
}

/** R-PAY-3: the payout handed to the street instead of the card platform. */
export interface Preallocation {
  streetCode: string;
  amountFen: number;
  by: string;
  at: Date;
  reason: string;
  /** First-aid orders debit the street reserve (R-PAY-4); false until the entry is booked. */
  reserveEntryId?: string;
  reserveBooked: boolean;
}

/** The street's report that it paid the recipient (R-PAY-3). */
export interface StreetPayout {
  voucherRef: string;
  paidOn: string;
  reportedBy: string;
  reportedAt: Date;
}

/** Funds that came back (退回), recorded by staff. */
export interface ReturnedFunds {
  amountFen: number;
  reason: string;
  by: string;
  at: Date;
}

export interface Escalation {
  level: 'county';
  reason: string;
  by: string;
  at: Date;
}

export interface PaymentOrderDoc {
  /** The instalment's idempotency key, approvalId:number (R-PAY-5). */
  _id: string;
  approvalId: string;
  instalmentNumber: number;
  caseId: string;
  applicationId: string;
  item: string;
  schedule: ScheduleCode;
  recipient: PayeeIdentity;
  streetCode: string;
  /** Scope keys of the order's region (R-OV-2): lists filter by one indexed equality on them. */
  scope?: { city: string; county: string; street: string };
  amountFen: number;
  dueAt: Date;
  status: OrderStatus;
  /** When the sender may next act on the order (also its claim lease). */
  nextAttemptAt: Date;
  /** Open orders only: the indexed slot the sender finds it in (due-slot.ts, ADR 0016). */
  dueSlot?: number;
  /** The sender run that last claimed the order (tells a run which claims of a bulk it won). */
  claimId?: string;
  attempts: number;
  lastError?: OrderFailure;
  failure?: OrderFailure;
  platformRef?: string;
  /**
   * Key the platform knows this order by; absent means `_id`. A staff re-send after a definitive
   * decline moves to `_id#n` because the platform answers a repeated key with its first outcome.
   */
  platformKey?: string;
  resendCount?: number;
  preallocation?: Preallocation;
  streetPayout?: StreetPayout;
  returnedFunds?: ReturnedFunds;
  escalation?: Escalation;
  /** When the past-due alarm was raised for this order (once per order, R-PAY-2). */
  overdueAlarmedAt?: Date;
  /** When the missing-payee alarm was raised for this order (once per order, ADR 0010). */
  payeeAlarmedAt?: Date;
  /** First hand-over to the platform (the statement day it should appear on). */
  sentAt?: Date;
  sourceEventIds: string[];
  /** W3C context of the application's trace when the order was created, ADR 0024. */
  traceparent?: string;
  /** jh.payment.instalment_paid.v1 once paid (ADR 0004); absent until then. */
  outbox?: OutboxEntry[];
  /** Set while the outbox holds unsent entries (outboxPlugin, ADR 0014). */
  outboxPending?: boolean;
  audit: AuditEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const failureSchema = new Schema<OrderFailure>(
  { code: { type: String, required: true }, message: { type: String, required: true } },
  { _id: false },
);

const orderSchema = new Schema<PaymentOrderDoc>(
  {
    _id: { type: String, required: true },
    approvalId: { type: String, required: true },
    instalmentNumber: { type: Number, required: true },
    caseId: { type: String, default: '' },
    applicationId: { type: String, default: '' },
    item: { type: String, required: true },
    schedule: { type: String, enum: scheduleCodes, required: true },
    recipient: {
      // Empty while the order awaits its payee (ADR 0010).
      name: { type: String, default: '' },
      idNumber: { type: String, default: '' },
      citizenCardNo: { type: String, default: '' },
      regionCode: { type: String, default: '' },
      // Blind indexes of the two sealed values (issue 14), absent while a value is empty.
      idNumberBidx: { type: String, required: false },
      citizenCardNoBidx: { type: String, required: false },
    },
    streetCode: { type: String, default: '' },
    scope: {
      type: new Schema({ city: String, county: String, street: String }, { _id: false }),
      required: false,
    },
    amountFen: { type: Number, required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: orderStatuses, required: true },
    nextAttemptAt: { type: Date, required: true },
    dueSlot: { type: Number, required: false },
    claimId: { type: String, required: false },
    attempts: { type: Number, default: 0 },
    lastError: { type: failureSchema, required: false },
    failure: { type: failureSchema, required: false },
    platformRef: { type: String, required: false },
    platformKey: { type: String, required: false },
    resendCount: { type: Number, required: false },
    overdueAlarmedAt: { type: Date, required: false },
    payeeAlarmedAt: { type: Date, required: false },
    preallocation: {
      type: new Schema<Preallocation>(
        {
          streetCode: String,
          amountFen: Number,
          by: String,
          at: Date,
          reason: String,
          reserveEntryId: { type: String, required: false },
          reserveBooked: Boolean,
        },
        { _id: false },
      ),
      required: false,
    },
    streetPayout: {
      type: new Schema<StreetPayout>(
        { voucherRef: String, paidOn: String, reportedBy: String, reportedAt: Date },
        { _id: false },
      ),
      required: false,
    },
    returnedFunds: {
      type: new Schema<ReturnedFunds>(
        { amountFen: Number, reason: String, by: String, at: Date },
        { _id: false },
      ),
      required: false,
    },
    escalation: {
      type: new Schema<Escalation>(
        { level: String, reason: String, by: String, at: Date },
        { _id: false },
      ),
      required: false,
    },
    sentAt: { type: Date, required: false },
    sourceEventIds: { type: [String], default: [] },
    traceparent: { type: String, required: false },
    audit: {
      type: [paymentAuditSchema<AuditEntry>({ from: { type: String, default: null }, to: String })],
      default: [],
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'payment_orders', versionKey: false },
);
orderSchema.plugin(outboxPlugin, { emptyByDefault: false });
orderSchema.index({ status: 1, nextAttemptAt: 1 });
orderSchema.index({ dueSlot: 1 });
orderSchema.index({ status: 1, dueAt: 1 });
orderSchema.index({ sentAt: 1 });
orderSchema.index({ platformKey: 1 });
orderSchema.index({ streetCode: 1, status: 1 });
// Payment readers sit at county level (DOMAIN §1); a city reader's key matches every order, so
// its lists use the status index instead. The sender never reads these (ADR 0016).
orderSchema.index({ 'scope.county': 1, status: 1 });
orderSchema.index({ 'scope.street': 1, status: 1 });
orderSchema.index({ approvalId: 1, instalmentNumber: 1 }, { unique: true });
// Search by the recipient's ID number: equality on its blind index (issue 14).
orderSchema.index({ 'recipient.idNumberBidx': 1 });

export interface PaymentModels {
  PaymentOrder: Model<PaymentOrderDoc>;
}

export function paymentModels(conn: Connection): PaymentModels {
  return {
    PaymentOrder:
      (conn.models['PaymentOrder'] as Model<PaymentOrderDoc> | undefined) ??
      conn.model<PaymentOrderDoc>('PaymentOrder', orderSchema),
  };
}
