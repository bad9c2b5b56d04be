import type { EducationCategory } from '@jh/domain-policy';
import type { OutboxEntry } from '@jh/platform-mongo';
import type {
  CertificationAudit,
  CertificationDoc,
  CertificationModels,
} from './certification.model';
import { createOnce } from '@jh/platform-mongo';

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
  constructor(private readonly models: CertificationModels) {}

  async insert(doc: CertificationDoc): Promise<boolean> {
    return createOnce(this.models.Certification, doc);
  }

  async findById(id: string): Promise<CertificationDoc | undefined> {
    const doc = await this.models.Certification.findById(id, { outbox: 0 })
      .lean<CertificationDoc>()
      .exec();
    return doc ?? undefined;
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
    return doc ?? undefined;
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
}
