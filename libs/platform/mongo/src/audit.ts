import { Schema } from 'mongoose';

/** One entry of a document's audit trail (R-OV-1): who moved it from which status to which, why. */
export interface StatusAuditEntry<Action extends string, Status extends string> {
  at: Date;
  byUserId: string;
  action: Action;
  fromStatus: Status | null;
  toStatus: Status;
  reason: string;
}

/** Embedded schema for `StatusAuditEntry`, appended in the same write as the change it records. */
export function statusAuditSchema<Action extends string, Status extends string>() {
  const schema = new Schema<StatusAuditEntry<string, string>>(
    {
      at: { type: Date, required: true },
      byUserId: { type: String, required: true },
      action: { type: String, required: true },
      fromStatus: { type: String, default: null },
      toStatus: { type: String, required: true },
      reason: { type: String, default: '' },
    },
    { _id: false },
  );
  // Mongoose cannot type a definition over generic string unions; the fields are plain strings.
  return schema as unknown as Schema<StatusAuditEntry<Action, Status>>;
}
