import type { AssistanceItem } from './policy-config';
import { type PolicyRefusal, refuse } from './policy-result';

export type ApprovalPreconditionCode =
  | 'SELF_CARE_ASSESSMENT_REQUIRED'
  | 'TEMPORARY_KIND_REQUIRED'
  | 'DEMOCRATIC_REVIEW_REQUIRED'
  | 'DEMOCRATIC_REVIEW_NOT_AGREED';

export interface ApprovalPreconditionInput {
  readonly item: AssistanceItem;
  /** 生活自理能力评估 recorded (特困, R-AP-3). */
  readonly selfCareAssessed: boolean;
  /** 临时救助 kind; null while not decided. */
  readonly temporaryKind: 'emergency' | 'expenditure' | null;
  /** 民主评议 conclusion (支出型, R-AP-4); null while not held. */
  readonly democraticReview: 'agree' | 'disagree' | null;
}

/**
 * What must be on file before 审核确认 / 审批: 特困 needs the self-care assessment (R-AP-3); 临时救助
 * needs its kind, and 支出型 a 民主评议 that agreed (R-AP-4). 急难型 needs neither.
 */
export function checkApprovalPreconditions(
  input: ApprovalPreconditionInput,
): { readonly ok: true } | PolicyRefusal<ApprovalPreconditionCode> {
  if (input.item === 'extreme_poverty' && !input.selfCareAssessed) {
    return refuse(
      'SELF_CARE_ASSESSMENT_REQUIRED',
      '特困人员审核确认前须登记生活自理能力评估结果（R-AP-3）',
      'R-AP-3',
    );
  }
  if (input.item !== 'temporary') return { ok: true };
  if (!input.temporaryKind) {
    return refuse('TEMPORARY_KIND_REQUIRED', '请先确定临时救助类型（急难型或支出型）', 'R-AP-4');
  }
  if (input.temporaryKind === 'expenditure') {
    if (!input.democraticReview) {
      return refuse(
        'DEMOCRATIC_REVIEW_REQUIRED',
        '支出型临时救助审批前须完成民主评议（R-AP-4）',
        'R-AP-4',
      );
    }
    if (input.democraticReview !== 'agree') {
      return refuse(
        'DEMOCRATIC_REVIEW_NOT_AGREED',
        '民主评议未同意救助，不能审批（R-AP-4）',
        'R-AP-4',
      );
    }
  }
  return { ok: true };
}
