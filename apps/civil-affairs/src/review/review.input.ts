import { citizenCardNoSchema } from '@jh/domain-application';
import { z } from '@jh/platform-config';
import { invalidInput } from '@jh/platform-errors';
import { isoDay } from '@jh/platform-http';
import { requireStagesSum } from '../approval/instalments';
import {
  EMERGENCY_CATEGORIES,
  REVIEW_STAGES,
  type EmergencyCategory,
  type ReviewDoc,
  type TemporaryKind,
} from './review.model';

const reason = z.string().trim().min(1).max(1000);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const openBody = z
  .object({
    caseId: z.string().trim().min(1).max(100),
    item: z.enum(['dibao', 'dibian', 'tekun', 'temporary']),
    /** 临时救助: 急难型 (emergency) or 支出型 (expenditure). */
    kind: z.enum(['emergency', 'expenditure']).optional(),
    emergency: z
      .object({
        category: z.enum(EMERGENCY_CATEGORIES),
        occurredOn: isoDay,
        description: z.string().trim().min(1).max(1000),
      })
      .strict()
      .optional(),
  })
  .strict();
export const selfCare = z
  .object({
    ability: z.enum(['fully_able', 'partly_unable', 'fully_unable']),
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
export const democraticReviewBody = z
  .object({
    heldOn: isoDay,
    participantCount: z.number().int().min(1).max(1000),
    conclusion: z.enum(['agree', 'disagree']),
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
export const opinionRequired = z.object({ opinion: reason }).strict();
export const noteBody = z.object({ note: reason }).strict();
export const opinionBody = z.object({ opinion: z.string().trim().max(1000).default('') }).strict();
export const economicCheckBody = z
  .object({ startedOn: isoDay, completedOn: isoDay, note: z.string().trim().max(1000).default('') })
  .strict();
export const homeVisitBody = z
  .object({
    visitedOn: isoDay,
    note: z.string().trim().max(1000).default(''),
    /** R-AP-3 特困: the self-care assessment made during the visit. */
    selfCare: selfCare.optional(),
  })
  .strict();
const approveFields = {
  amountFen: amount,
  instalments: z
    .array(z.object({ amountFen: amount, payFrom: isoDay.optional() }).strict())
    .min(1)
    .max(24)
    .optional(),
  severe: z.boolean().optional(),
  largeSocialImpact: z.boolean().optional(),
  notCoveredByPolicy: z.boolean().optional(),
};
export const approveBody = z.object(approveFields).strict();
export const followUpBody = z
  .object({ ...approveFields, reason, requestKey: z.string().trim().min(1).max(100).optional() })
  .strict();
const blankAsAbsent = (v: unknown) => (v === '' ? undefined : v);

/** GET /reviews: the queue in the reader's region (no status or stage: the open reviews). */
export const reviewListQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    status: z.preprocess(
      blankAsAbsent,
      z
        .enum([
          'accepted',
          'under_check',
          'awaiting_confirmation',
          'approved',
          'rejected',
          'withdrawn',
        ])
        .meta({ description: '审核状态' })
        .optional(),
    ),
    stage: z.preprocess(
      blankAsAbsent,
      z
        .enum(REVIEW_STAGES)
        .meta({ description: '下一步骤（待初审、核对、入户调查、审批、已转县/市等）' })
        .optional(),
    ),
    item: z.preprocess(
      blankAsAbsent,
      z
        .enum(['dibao', 'dibian', 'tekun', 'temporary'])
        .meta({ description: '救助事项' })
        .optional(),
    ),
    clock: z.preprocess(
      blankAsAbsent,
      z
        .enum(['overdue', 'at_risk'])
        .meta({ description: 'overdue：已超期；at_risk：临近到期' })
        .optional(),
    ),
    paperwork: z.preprocess(
      blankAsAbsent,
      z
        .enum(['outstanding'])
        .meta({ description: 'outstanding：先行救助手续待补齐（R-AP-4）' })
        .optional(),
    ),
    q: z.preprocess(
      blankAsAbsent,
      z.string().trim().max(40).meta({ description: '申请编号' }).optional(),
    ),
  })
  .strict();
export const paperworkQuery = z.object({ overdue: z.enum(['true', 'false']).default('false') });
export const reasonBody = z.object({ reason }).strict();
export const payeeBody = z.object({ citizenCardNo: citizenCardNoSchema, reason }).strict();

// What the service takes once a body parsed, and the checks that need more than its shape.
export interface OpenInput {
  kind?: TemporaryKind;
  emergency?: { category: EmergencyCategory; occurredOn: string; description: string };
}

export interface ApproveInput {
  amountFen: number;
  /** 一次审批、分阶段救助: the stages; absent → one instalment of the whole amount. */
  instalments?: { amountFen: number; payFrom?: string }[];
  severe?: boolean;
  largeSocialImpact?: boolean;
  /** No current policy clearly covers the case: R-AP-5 sends it to 一事一议 (DOMAIN §5). */
  notCoveredByPolicy?: boolean;
}

export interface FollowUpInput extends ApproveInput {
  reason: string;
  /** A retried follow-up with the same key returns the approval already made. */
  requestKey?: string;
}

export function stagesOf(input: ApproveInput): { amountFen: number; payFrom?: string }[] {
  const stages = input.instalments ?? [{ amountFen: input.amountFen }];
  requireStagesSum(stages, input.amountFen, '各期金额之和须等于审批金额');
  return stages;
}

/** 临时救助 needs its kind; 急难型 its event (R-AP-6 guards: household and date, ADR 0011). */
export function openInputFor(
  item: string,
  input: OpenInput,
): { kind: TemporaryKind | null; emergency: ReviewDoc['emergency'] } {
  if (item !== 'temporary') {
    if (input.kind || input.emergency) {
      throw invalidInput([
        { path: 'kind', code: 'NOT_TEMPORARY', message: '只有临时救助区分急难型和支出型' },
      ]);
    }
    return { kind: null, emergency: null };
  }
  if (!input.kind) {
    throw invalidInput([
      {
        path: 'kind',
        code: 'TEMPORARY_KIND_REQUIRED',
        message: '请选择临时救助类型：急难型或支出型',
      },
    ]);
  }
  if (input.kind === 'expenditure') {
    if (input.emergency) {
      throw invalidInput([
        { path: 'emergency', code: 'NOT_EMERGENCY', message: '支出型临时救助不登记急难事项' },
      ]);
    }
    return { kind: 'expenditure', emergency: null };
  }
  if (!input.emergency) {
    throw invalidInput([
      {
        path: 'emergency',
        code: 'EMERGENCY_EVENT_REQUIRED',
        message: '急难型临时救助须登记急难事项',
      },
    ]);
  }
  const { category, occurredOn, description } = input.emergency;
  return {
    kind: 'emergency',
    emergency: {
      category,
      occurredOn,
      description,
      eventKey: emergencyEventKey(category, occurredOn),
    },
  };
}

/**
 * A readable label of the emergency (category and day). Not the R-AP-6 key: the guards are keyed
 * by household member and a window of days, whatever the category or wording (ADR 0011).
 */
export function emergencyEventKey(category: EmergencyCategory, occurredOn: string): string {
  return `${category}:${occurredOn}`;
}
