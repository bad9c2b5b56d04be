import type { Collection } from 'mongodb';
import type { Model } from 'mongoose';
import type { MonthNumber } from './month';
import { OPEN_ENDED } from './month';
import type { RecipientAudit, RecipientDoc } from './recipient.model';
import { isDuplicateKey } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';
import { openEach, sealSet } from '../sealed-fields';

export interface RecipientStore {
  /** `duplicate_key` when this approval is already registered. */
  insert(doc: RecipientDoc): Promise<'inserted' | 'duplicate_key'>;
  findById(id: string): Promise<RecipientDoc | undefined>;
  /** Ends an open-ended registration and audits it in the same write; false when not open-ended. */
  end(id: string, stopMonth: MonthNumber, audit: RecipientAudit): Promise<boolean>;
  countActive(month: MonthNumber): Promise<number>;
  /** Sets the payee of a registration that has none yet (ADR 0010); false when it had one. */
  recordPayee(
    id: string,
    payee: { citizenCardNo: string; name: string },
    audit: RecipientAudit,
  ): Promise<boolean>;
  /** Recipients paid in `month`, streamed with a cursor (never loaded at once), without audit. */
  streamActive(month: MonthNumber, batchSize: number): AsyncIterable<RecipientDoc>;
}

const activeIn = (month: MonthNumber) => ({
  startMonth: { $lte: month },
  stopMonth: { $gt: month },
});

/** The register in MongoDB; ID and card numbers sealed before writes, opened after reads. */
export class MongoRecipientStore implements RecipientStore {
  constructor(
    private readonly model: Model<RecipientDoc>,
    private readonly cipher: DocumentCipher,
  ) {}

  private native(): Collection<RecipientDoc> {
    return this.model.collection as unknown as Collection<RecipientDoc>;
  }

  async insert(doc: RecipientDoc): Promise<'inserted' | 'duplicate_key'> {
    try {
      await this.native().insertOne(this.cipher.seal(doc));
      return 'inserted';
    } catch (e) {
      if (isDuplicateKey(e)) return 'duplicate_key';
      throw e;
    }
  }

  async findById(id: string): Promise<RecipientDoc | undefined> {
    const doc = await this.model.findById(id).lean<RecipientDoc>().exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async end(id: string, stopMonth: MonthNumber, audit: RecipientAudit): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, stopMonth: OPEN_ENDED },
        { $set: { stopMonth, updatedAt: audit.at }, $push: { audit } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async recordPayee(
    id: string,
    payee: { citizenCardNo: string; name: string },
    audit: RecipientAudit,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, 'recipient.citizenCardNo': { $in: ['', null] } },
        {
          $set: {
            ...sealSet(this.cipher, { 'recipient.citizenCardNo': payee.citizenCardNo }),
            'recipient.name': payee.name,
            updatedAt: audit.at,
          },
          $push: { audit },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  countActive(month: MonthNumber): Promise<number> {
    return this.model.countDocuments(activeIn(month)).exec();
  }

  streamActive(month: MonthNumber, batchSize: number): AsyncIterable<RecipientDoc> {
    // The audit trail and event ids are not needed to build orders: less to decode per recipient.
    return openEach(
      this.cipher,
      this.native().find(activeIn(month), {
        batchSize,
        projection: { audit: 0, sourceEventIds: 0 },
      }),
    );
  }
}
