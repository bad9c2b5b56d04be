import { createOnce } from '@jh/platform-mongo';
import type { EmergencyGuardDoc, EmergencyGuardModels } from './emergency-guard.model';

/** The R-AP-6 guards (ADR 0011): `_id` point reads and unique inserts only. */
export interface EmergencyGuardStore {
  /** False when the _id is taken (another aid of the same emergency got there first). */
  insert(doc: EmergencyGuardDoc): Promise<boolean>;
  findById(id: string): Promise<EmergencyGuardDoc | undefined>;
  /** Removes a guard whose approval was never written; only if it still names that approval. */
  release(id: string, approvalId: string): Promise<void>;
}

export class MongoEmergencyGuardStore implements EmergencyGuardStore {
  constructor(private readonly models: EmergencyGuardModels) {}

  async insert(doc: EmergencyGuardDoc): Promise<boolean> {
    return createOnce(this.models.EmergencyGuard, doc);
  }

  async findById(id: string): Promise<EmergencyGuardDoc | undefined> {
    return (
      (await this.models.EmergencyGuard.findById(id).lean<EmergencyGuardDoc>().exec()) ?? undefined
    );
  }

  async release(id: string, approvalId: string): Promise<void> {
    await this.models.EmergencyGuard.deleteOne({ _id: id, approvalId }).exec();
  }
}
