import { Schema, type Connection, type Model } from 'mongoose';
import { createOnce } from '@jh/platform-mongo';

/** Who approved the aid a guard stands for: a review's approval or a street first aid (R-AP-9). */
export type GuardSource = 'review' | 'first_aid';

/**
 * R-AP-6 guard (ADR 0011): one small document per (household member ID number, day the emergency
 * claims, n-th aid on that day). An aid writes one for every member × every day of its event
 * window, so two aids of the same emergency — any member, a date moved within the window, any
 * category — collide on a deterministic `_id`: point lookups and unique inserts only (FerretDB).
 */
export interface EmergencyGuardDoc {
  /** `emergency:${idNumber}:${day}#${n}` */
  _id: string;
  idNumber: string;
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

export const guardIdOf = (idNumber: string, day: string, n: number) =>
  `emergency:${idNumber}:${day}#${n}`;

const guardSchema = new Schema<EmergencyGuardDoc>(
  {
    _id: { type: String, required: true },
    idNumber: { type: String, required: true },
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

export function emergencyGuardModel(connection: Connection): Model<EmergencyGuardDoc> {
  return connection.model<EmergencyGuardDoc>('EmergencyGuard', guardSchema);
}

export interface EmergencyGuardStore {
  /** False when the _id is taken (another aid of the same emergency got there first). */
  insert(doc: EmergencyGuardDoc): Promise<boolean>;
  findById(id: string): Promise<EmergencyGuardDoc | undefined>;
  /** Removes a guard whose approval was never written; only if it still names that approval. */
  release(id: string, approvalId: string): Promise<void>;
}

export class MongoEmergencyGuardStore implements EmergencyGuardStore {
  constructor(private readonly model: Model<EmergencyGuardDoc>) {}

  async insert(doc: EmergencyGuardDoc): Promise<boolean> {
    return createOnce(this.model, doc);
  }

  async findById(id: string): Promise<EmergencyGuardDoc | undefined> {
    return (await this.model.findById(id).lean<EmergencyGuardDoc>().exec()) ?? undefined;
  }

  async release(id: string, approvalId: string): Promise<void> {
    await this.model.deleteOne({ _id: id, approvalId }).exec();
  }
}
