import type {
  NewCaseRow,
  SpotCheckAuditEntry,
  SpotCheckDoc,
  SpotCheckModels,
  SpotCheckTaskDoc,
} from './spot-check.model';
import { createOnce } from '@jh/platform-mongo';

export interface SpotCheckStore {
  /** False when the month was already drawn. */
  insert(doc: SpotCheckDoc): Promise<boolean>;
  findById(id: string): Promise<SpotCheckDoc | undefined>;
  /** Reviews opened in [from, to). */
  reviewsOpenedBetween(from: Date, to: Date): Promise<NewCaseRow[]>;
  /** Who did 受理 / 初审 / 审核确认 on a review now (steps done after the draw count too). */
  reviewActors(reviewId: string): Promise<string[]>;
  /** Replaces task `index` with its audit entry, guarded by the version it was read at. */
  putTask(
    before: SpotCheckDoc,
    index: number,
    task: SpotCheckTaskDoc,
    audit: SpotCheckAuditEntry,
  ): Promise<boolean>;
}

export function actorsOf(row: Pick<NewCaseRow, 'actors'>): string[] {
  const { intake, firstReview, confirmation } = row.actors ?? {};
  return [intake, firstReview, confirmation].filter(
    (u): u is string => typeof u === 'string' && u !== '',
  );
}

export class MongoSpotCheckStore implements SpotCheckStore {
  constructor(private readonly models: SpotCheckModels) {}

  async insert(doc: SpotCheckDoc): Promise<boolean> {
    return createOnce(this.models.SpotCheck, doc);
  }

  async findById(id: string): Promise<SpotCheckDoc | undefined> {
    return (await this.models.SpotCheck.findById(id).lean<SpotCheckDoc>().exec()) ?? undefined;
  }

  async reviewsOpenedBetween(from: Date, to: Date): Promise<NewCaseRow[]> {
    const rows = await this.models.ReviewRead.find(
      { openedAt: { $gte: from, $lt: to } },
      { caseId: 1, item: 1, applicantName: 1, regionCode: 1, openedAt: 1, actors: 1 },
    )
      .lean<NewCaseRow[]>()
      .exec();
    // Re-checked here so a filter the engine only half-applies can never widen the month.
    return rows.filter((r) => r.openedAt >= from && r.openedAt < to);
  }

  async reviewActors(reviewId: string): Promise<string[]> {
    const row = await this.models.ReviewRead.findById(reviewId, { actors: 1 })
      .lean<Pick<NewCaseRow, 'actors'>>()
      .exec();
    return actorsOf(row ?? {});
  }

  async putTask(
    before: SpotCheckDoc,
    index: number,
    task: SpotCheckTaskDoc,
    audit: SpotCheckAuditEntry,
  ): Promise<boolean> {
    const res = await this.models.SpotCheck.updateOne(
      { _id: before._id, version: before.version },
      {
        $set: { [`tasks.${index}`]: task, updatedAt: audit.at, version: before.version + 1 },
        $push: { audit },
      },
    ).exec();
    return res.matchedCount === 1;
  }
}
