import { Schema, type Connection, type Model } from 'mongoose';
import { createOnce } from '@jh/platform-mongo';

/**
 * R-AP-6 guard: one small document per (person, emergency event, year, n-th approval). The
 * deterministic _id makes a concurrent second approval of the same event hit the unique _id — no
 * O(N) scan of reviews and no transaction needed (FerretDB).
 */
export interface EmergencyGuardDoc {
  /** `emergency:${idNumber}:${eventKey}:${year}#${n}` */
  _id: string;
  idNumber: string;
  eventKey: string;
  reviewId: string;
  approvalId: string;
  approvedAt: Date;
  createdAt: Date;
}

const guardSchema = new Schema<EmergencyGuardDoc>(
  {
    _id: { type: String, required: true },
    idNumber: { type: String, required: true },
    eventKey: { type: String, required: true },
    reviewId: { type: String, required: true },
    approvalId: { type: String, required: true },
    approvedAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'emergency_aid_guards', versionKey: false, strict: 'throw' },
);
guardSchema.index({ idNumber: 1, eventKey: 1 });

export function emergencyGuardModel(connection: Connection): Model<EmergencyGuardDoc> {
  return connection.model<EmergencyGuardDoc>('EmergencyGuard', guardSchema);
}

export interface EmergencyGuardStore {
  /** False when the _id is taken (another approval of the same event got there first). */
  insert(doc: EmergencyGuardDoc): Promise<boolean>;
  history(idNumber: string, eventKey: string): Promise<EmergencyGuardDoc[]>;
  /** Removes a guard whose approval was never written; only if it still names that approval. */
  release(id: string, approvalId: string): Promise<void>;
}

export class MongoEmergencyGuardStore implements EmergencyGuardStore {
  constructor(private readonly model: Model<EmergencyGuardDoc>) {}

  async insert(doc: EmergencyGuardDoc): Promise<boolean> {
    return createOnce(this.model, doc);
  }

  async history(idNumber: string, eventKey: string): Promise<EmergencyGuardDoc[]> {
    return this.model.find({ idNumber, eventKey }).lean<EmergencyGuardDoc[]>().exec();
  }

  async release(id: string, approvalId: string): Promise<void> {
    await this.model.deleteOne({ _id: id, approvalId }).exec();
  }
}
