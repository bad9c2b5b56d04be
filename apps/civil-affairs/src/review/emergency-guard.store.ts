import type { mongo } from 'mongoose';
import type { DocumentCipher } from '@jh/platform-crypto';
import { createOnce } from '@jh/platform-mongo';
import { rekeyOnce } from '../rekey';
import {
  guardIdOf,
  guardNumberOf,
  type EmergencyGuardDoc,
  type EmergencyGuardModels,
} from './emergency-guard.model';

/** The R-AP-6 guards (ADR 0011): `_id` point reads and unique inserts only. */
export interface EmergencyGuardStore {
  /** The key a member's guards are filed under: never the ID number itself. */
  memberKeyOf(idNumber: string): string;
  /** False when the _id is taken (another aid of the same emergency got there first). */
  insert(doc: EmergencyGuardDoc): Promise<boolean>;
  findById(id: string): Promise<EmergencyGuardDoc | undefined>;
  /** Removes a guard whose approval was never written; only if it still names that approval. */
  release(id: string, approvalId: string): Promise<void>;
}

export class MongoEmergencyGuardStore implements EmergencyGuardStore {
  constructor(
    private readonly models: EmergencyGuardModels,
    private readonly cipher: DocumentCipher,
  ) {}

  memberKeyOf(idNumber: string): string {
    return this.cipher.blind('id-number', idNumber);
  }

  async insert(doc: EmergencyGuardDoc): Promise<boolean> {
    return createOnce(this.models.EmergencyGuard, this.cipher.seal(doc));
  }

  async findById(id: string): Promise<EmergencyGuardDoc | undefined> {
    const doc = await this.models.EmergencyGuard.findById(id).lean<EmergencyGuardDoc>().exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async release(id: string, approvalId: string): Promise<void> {
    await this.models.EmergencyGuard.deleteOne({ _id: id, approvalId }).exec();
  }

  /**
   * Guards written before issue 14 carry the clear ID number in `_id`: moved once to the member
   * key with the same day and n, so every slot's #1, #2 … chain stays whole (R-AP-6).
   */
  async migrateKeys(markers: mongo.Collection<{ _id: string; at: Date }>): Promise<number> {
    return rekeyOnce<EmergencyGuardDoc>({
      collection: this.models.EmergencyGuard.collection as never,
      markers,
      marker: 'emergency_aid_guards:blind-index-ids',
      cipher: this.cipher,
      rekey: (doc) => {
        const _id = guardIdOf(this.memberKeyOf(doc.idNumber), doc.day, guardNumberOf(doc._id));
        return _id === doc._id ? undefined : { ...doc, _id };
      },
    });
  }
}
