import { Schema, type SchemaDefinition } from 'mongoose';

/** One entry of a document's audit trail (R-OV-1): when, who (user id or `system:<part>`), what, why. */
export interface AuditEntry<Action extends string = string> {
  at: Date;
  byUserId: string;
  action: Action;
  reason: string;
}

/** An audit entry that also records the status move. */
export interface StatusAuditEntry<
  Action extends string,
  Status extends string,
> extends AuditEntry<Action> {
  fromStatus: Status | null;
  toStatus: Status;
}

/**
 * The one embedded audit schema, appended in the same write as the change it records; `extra`
 * adds what one trail records besides (a status move, a step, an amount).
 */
export function auditEntrySchema<Entry extends AuditEntry>(
  extra: SchemaDefinition = {},
): Schema<Entry> {
  const schema = new Schema<AuditEntry>(
    {
      at: { type: Date, required: true },
      byUserId: { type: String, required: true },
      action: { type: String, required: true },
      reason: { type: String, default: '' },
      ...extra,
    },
    { _id: false },
  );
  // Mongoose cannot type a definition over generic string unions; the fields are plain strings.
  return schema as unknown as Schema<Entry>;
}

export function statusAuditSchema<Action extends string, Status extends string>() {
  return auditEntrySchema<StatusAuditEntry<Action, Status>>({
    fromStatus: { type: String, default: null },
    toStatus: { type: String, required: true },
  });
}
