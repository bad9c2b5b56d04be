import { Schema, type Connection, type Model } from 'mongoose';
import { paymentAuditSchema, type PaymentAudit } from '../audit.model';
import type { MonthNumber } from './month';
import type { PayeeIdentity } from '../payee.model';

export type RecipientAudit = PaymentAudit<'registered' | 'ended' | 'payee_recorded'>;

/** One active (or ended) monthly 低保/特困 recipient, keyed by the approval that grants the aid. */
export interface RecipientDoc {
  /** The approval id: one registration per approval, so redelivered approvals register nothing. */
  _id: string;
  approvalId: string;
  caseId: string;
  applicationId: string;
  item: string;
  recipient: PayeeIdentity;
  streetCode: string;
  monthlyAmountFen: number;
  /** First month the monthly batch pays (yyyymm). */
  startMonth: MonthNumber;
  /** First month no longer paid (yyyymm); OPEN_ENDED while active. */
  stopMonth: MonthNumber;
  sourceEventIds: string[];
  audit: RecipientAudit[];
  createdAt: Date;
  updatedAt: Date;
}

const recipientSchema = new Schema<RecipientDoc>(
  {
    _id: { type: String, required: true },
    approvalId: { type: String, required: true },
    caseId: { type: String, default: '' },
    applicationId: { type: String, default: '' },
    item: { type: String, required: true },
    recipient: {
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      // Empty when the approval came without a valid card: its orders await the payee (ADR 0010).
      citizenCardNo: { type: String, default: '' },
      regionCode: { type: String, default: '' },
      // Blind indexes of the two sealed values (issue 14), absent while a value is empty.
      idNumberBidx: { type: String, required: false },
      citizenCardNoBidx: { type: String, required: false },
    },
    streetCode: { type: String, default: '' },
    monthlyAmountFen: { type: Number, required: true },
    startMonth: { type: Number, required: true },
    stopMonth: { type: Number, required: true },
    sourceEventIds: { type: [String], default: [] },
    audit: {
      type: [paymentAuditSchema<RecipientAudit>()],
      default: [],
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'payment_recipients', versionKey: false },
);
recipientSchema.index({ startMonth: 1, stopMonth: 1 });

export function recipientModel(conn: Connection): Model<RecipientDoc> {
  return (
    (conn.models['PaymentRecipient'] as Model<RecipientDoc> | undefined) ??
    conn.model<RecipientDoc>('PaymentRecipient', recipientSchema)
  );
}
