import { invalidInput } from '@jh/platform-errors';
import { requireStagesSum } from '../approval/instalments';
import type { EmergencyCategory, ReviewDoc, TemporaryKind } from './review.model';

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
