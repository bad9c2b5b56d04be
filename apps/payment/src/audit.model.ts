import { Schema, type SchemaDefinition } from 'mongoose';

/** One line of a payment document's audit trail (R-OV-1, R-PAY-6): when, who, what and why. */
export interface PaymentAudit<Action extends string = string> {
  at: Date;
  /** User id, or `system:<component>`. */
  actor: string;
  action: Action;
  reason: string;
}

/**
 * The embedded audit entry every payment collection (orders, recipients, batch runs) appends in the
 * same write as the change; `extra` adds what one trail records besides (an order's from/to status).
 */
export function paymentAuditSchema<Entry extends PaymentAudit>(
  extra: SchemaDefinition = {},
): Schema<Entry> {
  return new Schema<Entry>(
    {
      at: Date,
      actor: String,
      action: String,
      reason: String,
      ...extra,
    } as SchemaDefinition<Entry>,
    { _id: false },
  );
}
