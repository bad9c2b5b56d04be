import type { EducationCategory } from '@jh/domain-policy';
import type { OutboxEntry } from '@jh/platform-mongo';
import type {
  CertificationAudit,
  CertificationDoc,
  CertificationModels,
} from './certification.model';
import { createOnce } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';
import type { mongo } from 'mongoose';

export type CertificationChanges = Partial<
  Pick<CertificationDoc, 'status' | 'endedAt' | 'endedBy' | 'endReason'>
>;

export interface CertificationStore {
  /** False when a certification with this _id already exists. */
  insert(doc: CertificationDoc): Promise<boolean>;
  findById(id: string): Promise<CertificationDoc | undefined>;
  /** The student's active certification in the category, if any. */
  findActive(
    studentKey: string,
    category: EducationCategory,
  ): Promise<CertificationDoc | undefined>;
  /**
   * Applies `changes` with the audit entry and outbox entries in one single-document update,
   * only if the certification is still at the version and status it was read with.
   */
  transition(
    before: CertificationDoc,
    changes: CertificationChanges,
    audit: CertificationAudit,
    outbox: OutboxEntry[],
  ): Promise<boolean>;
}

export class MongoCertificationStore implements CertificationStore {
  /** `cipher` seals the student's ID number before writes and opens it after reads. */
  constructor(
    private readonly models: CertificationModels,
    private readonly cipher: DocumentCipher,
  ) {}

  async insert(doc: CertificationDoc): Promise<boolean> {
    return createOnce(this.models.Certification, this.cipher.seal(doc));
  }

  async findById(id: string): Promise<CertificationDoc | undefined> {
    const doc = await this.models.Certification.findById(id, { outbox: 0 })
      .lean<CertificationDoc>()
      .exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async findActive(
    studentKey: string,
    category: EducationCategory,
  ): Promise<CertificationDoc | undefined> {
    const doc = await this.models.Certification.findOne(
      { studentKey, category, status: 'active' },
      { outbox: 0 },
    )
      .lean<CertificationDoc>()
      .exec();
    return doc ? this.cipher.open(doc) : undefined;
  }

  async transition(
    before: CertificationDoc,
    changes: CertificationChanges,
    audit: CertificationAudit,
    outbox: OutboxEntry[],
  ): Promise<boolean> {
    const res = await this.models.Certification.updateOne(
      { _id: before._id, version: before.version, status: before.status },
      {
        $set: { ...changes, updatedAt: audit.at, version: before.version + 1 },
        $push: { audit, ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}) },
      },
    ).exec();
    return res.matchedCount === 1;
  }

  /**
   * Once per database: certifications stored with the unkeyed SHA-256 student key and request
   * hash get the keyed ones (recomputed from the stored fields). `_id`s stay: education knows them.
   */
  async rekeyOnce(
    markers: mongo.Collection<{ _id: string; at: Date }>,
    keysOf: (doc: CertificationDoc) => Pick<CertificationDoc, 'studentKey' | 'requestHash'>,
    now: Date,
  ): Promise<number> {
    const marker = 'certifications:keyed-student-keys';
    if (await markers.findOne({ _id: marker })) return 0;
    let changed = 0;
    for await (const stored of this.models.Certification.find({}, { outbox: 0 }).lean<
      CertificationDoc[]
    >()) {
      const keys = keysOf(await this.cipher.open(stored));
      if (keys.studentKey === stored.studentKey && keys.requestHash === stored.requestHash)
        continue;
      await this.models.Certification.updateOne(
        { _id: stored._id, studentKey: stored.studentKey },
        { $set: keys },
      ).exec();
      changed += 1;
    }
    await markers.updateOne({ _id: marker }, { $setOnInsert: { at: now } }, { upsert: true });
    return changed;
  }
}
