import { Schema, type Connection, type Model } from 'mongoose';

/** Who approved the aid a guard stands for: a review's approval or a street first aid (R-AP-9). */
export type GuardSource = 'review' | 'first_aid';

/**
 * R-AP-6 guard (ADR 0011): one small document per (household member, day the emergency claims,
 * n-th aid on that day); the member is named by the blind index of the ID number (issue 14). An aid writes one for every member × every day of its event
 * window, so two aids of the same emergency — any member, a date moved within the window, any
 * category — collide on a deterministic `_id`: point lookups and unique inserts only (FerretDB).
 */
export interface EmergencyGuardDoc {
  /** `emergency:${memberKey}:${day}#${n}`, memberKey = blind index of the ID number. */
  _id: string;
  /** Sealed at rest. */
  idNumber: string;
  /** The member key (written by the cipher beside the sealed number). */
  idNumberBidx?: string;
  /** YYYY-MM-DD: one of the days the emergency claims. */
  day: string;
  /** The date the emergency was reported to have happened on. */
  occurredOn: string;
  source: GuardSource;
  /** Review id or first-aid id. */
  ownerId: string;
  approvalId: string;
  amountFen: number;
  approvedAt: Date;
  createdAt: Date;
}

export const guardIdOf = (memberKey: string, day: string, n: number) =>
  `emergency:${memberKey}:${day}#${n}`;

/** The n of a guard's `_id` (`…#n`). */
export const guardNumberOf = (id: string) => Number(id.slice(id.lastIndexOf('#') + 1));

const guardSchema = new Schema<EmergencyGuardDoc>(
  {
    _id: { type: String, required: true },
    idNumber: { type: String, required: true },
    idNumberBidx: { type: String },
    day: { type: String, required: true },
    occurredOn: { type: String, required: true },
    source: { type: String, required: true },
    ownerId: { type: String, required: true },
    approvalId: { type: String, required: true },
    amountFen: { type: Number, required: true },
    approvedAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'emergency_aid_guards', versionKey: false, strict: 'throw' },
);

export function emergencyGuardModels(connection: Connection) {
  return {
    EmergencyGuard: connection.model<EmergencyGuardDoc>(
      'EmergencyGuard',
      guardSchema,
    ) as Model<EmergencyGuardDoc>,
  };
}
export type EmergencyGuardModels = ReturnType<typeof emergencyGuardModels>;
