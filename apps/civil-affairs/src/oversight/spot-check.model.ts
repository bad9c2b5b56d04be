import { Schema, type Connection, type Model } from 'mongoose';
import type { SpotCheckCategory } from '@jh/domain-policy';
import { auditEntrySchema, type AuditEntry } from '@jh/platform-mongo';

export type SpotCheckOutcome = 'conform' | 'non_conform';
export type SpotCheckAuditAction = 'drawn' | 'assigned' | 'result_recorded';

export interface SpotCheckResultDoc {
  outcome: SpotCheckOutcome;
  findings: string;
  correctiveAction: string;
  byUserId: string;
  recordedAt: Date;
}

/** One sampled case to check. */
export interface SpotCheckTaskDoc {
  /** 1-based, stable within the month. */
  taskNo: number;
  category: SpotCheckCategory;
  reviewId: string;
  caseId: string;
  item: string;
  applicantName: string;
  regionCode: string;
  openedAt: Date;
  /** Who did 受理 / 初审 / 审核确认 at draw time: they may not check their own case. */
  handledBy: string[];
  checkerId: string | null;
  assignedAt: Date | null;
  result: SpotCheckResultDoc | null;
}

export interface SpotCheckCategoryDoc {
  category: SpotCheckCategory;
  labelZh: string;
  /** The rate in force when drawn (R-AP-7 configuration). */
  ratePercent: number;
  /** New cases of the month in this category. */
  population: number;
  sampleSize: number;
}

/** The shared audit entry (what happened in `reason`) and the task it concerns. */
export interface SpotCheckAuditEntry extends AuditEntry<SpotCheckAuditAction> {
  taskNo: number | null;
}

/** One draw per month: `spotcheck:yyyy-mm`, so a second draw of the month finds the first. */
export interface SpotCheckDoc {
  _id: string;
  month: string;
  /** Random at the draw, kept so anyone can redraw the same sample from the same cases. */
  seed: string;
  drawnAt: Date;
  drawnBy: string;
  categories: SpotCheckCategoryDoc[];
  tasks: SpotCheckTaskDoc[];
  audit: SpotCheckAuditEntry[];
  updatedAt: Date;
  version: number;
}

const spotCheckSchema = new Schema<SpotCheckDoc>(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    seed: { type: String, required: true },
    drawnAt: { type: Date, required: true },
    drawnBy: { type: String, required: true },
    categories: { type: Schema.Types.Mixed, default: () => [] },
    tasks: { type: Schema.Types.Mixed, default: () => [] },
    audit: {
      type: [auditEntrySchema<SpotCheckAuditEntry>({ taskNo: { type: Number, default: null } })],
      default: [],
    },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'spot_checks', versionKey: false, strict: 'throw' },
);

/** The few review fields a draw needs, read from the review service's collection (read only). */
export interface NewCaseRow {
  _id: string;
  caseId: string;
  item: string;
  applicantName?: string;
  regionCode?: string;
  openedAt: Date;
  actors?: { intake?: string | null; firstReview?: string | null; confirmation?: string | null };
}

const reviewReadSchema = new Schema(
  { _id: { type: String, required: true } },
  { collection: 'reviews', strict: false, autoIndex: false, autoCreate: false },
);

export function spotCheckModels(connection: Connection) {
  return {
    SpotCheck: connection.model<SpotCheckDoc>('SpotCheck', spotCheckSchema) as Model<SpotCheckDoc>,
    ReviewRead: connection.model('SpotCheckReviewRead', reviewReadSchema),
  };
}
export type SpotCheckModels = ReturnType<typeof spotCheckModels>;
