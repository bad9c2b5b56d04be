// jh.review.progressed.v1: one event per review step, written to the review's outbox in the same
// update as the step (ADR 0004), so the window can tell where the application is (R-JH-1, R-JH-5).
// No personal data and no free-text reasons leave with it.
import {
  assistanceItemOfCode,
  ReviewStatus,
  ReviewStep,
  Topics,
  type ReviewProgressed,
} from '@jh/contracts';
import { outboxEvent } from '@jh/platform-kafka';
import type { OutboxEntry } from '@jh/platform-mongo';

import type { ReviewAction, ReviewDoc, ReviewStatus as ReviewStatusCode } from './review.model';

const ITEM_ZH: Readonly<Record<string, string>> = {
  dibao: '最低生活保障',
  dibian: '低保边缘家庭救助',
  tekun: '特困人员救助供养',
  temporary: '临时救助',
};

// Partial on purpose: a step added later is still published (as UNSPECIFIED) until mapped here.
const STEPS: Partial<Record<ReviewAction, { step: ReviewStep; zh: string }>> = {
  opened: { step: ReviewStep.REVIEW_STEP_OPENED, zh: '已受理，等待初审' },
  first_review: { step: ReviewStep.REVIEW_STEP_FIRST_REVIEW, zh: '初审完成' },
  economic_check: { step: ReviewStep.REVIEW_STEP_ECONOMIC_CHECK, zh: '家庭经济状况核对完成' },
  home_visit: { step: ReviewStep.REVIEW_STEP_HOME_VISIT, zh: '入户调查完成' },
  routed: { step: ReviewStep.REVIEW_STEP_ROUTED, zh: '已报上级审批' },
  approved: { step: ReviewStep.REVIEW_STEP_APPROVED, zh: '审核审批同意' },
  rejected: { step: ReviewStep.REVIEW_STEP_REJECTED, zh: '决定不予救助' },
  withdrawn: { step: ReviewStep.REVIEW_STEP_WITHDRAWN, zh: '申请已撤回' },
  self_care_assessed: {
    step: ReviewStep.REVIEW_STEP_SELF_CARE_ASSESSED,
    zh: '生活自理能力评估完成',
  },
  democratic_review: { step: ReviewStep.REVIEW_STEP_DEMOCRATIC_REVIEW, zh: '民主评议完成' },
  fast_aid: { step: ReviewStep.REVIEW_STEP_FAST_AID, zh: '已先行救助' },
  paperwork_completed: {
    step: ReviewStep.REVIEW_STEP_PAPERWORK_COMPLETED,
    zh: '先行救助手续已补齐',
  },
  relatives_review: { step: ReviewStep.REVIEW_STEP_RELATIVES_REVIEW, zh: '近亲属复核完成' },
  follow_up: { step: ReviewStep.REVIEW_STEP_FOLLOW_UP, zh: '已批准跟进救助' },
  payee_recorded: { step: ReviewStep.REVIEW_STEP_PAYEE_RECORDED, zh: '收款账户已登记' },
};

const STATUSES: Record<ReviewStatusCode, ReviewStatus> = {
  accepted: ReviewStatus.REVIEW_STATUS_ACCEPTED,
  under_check: ReviewStatus.REVIEW_STATUS_UNDER_CHECK,
  awaiting_confirmation: ReviewStatus.REVIEW_STATUS_AWAITING_CONFIRMATION,
  approved: ReviewStatus.REVIEW_STATUS_APPROVED,
  rejected: ReviewStatus.REVIEW_STATUS_REJECTED,
  withdrawn: ReviewStatus.REVIEW_STATUS_WITHDRAWN,
};

/**
 * The outbox entry announcing one step. `versionAfter` is the review's version once the step is
 * written (0 when it is opened); the event's sequence is one more, so it is never the proto default.
 */
export function reviewProgressedEntry(
  doc: Pick<ReviewDoc, '_id' | 'caseId' | 'applicationId' | 'item' | 'traceparent'>,
  action: ReviewAction,
  status: ReviewStatusCode,
  versionAfter: number,
  at: Date,
): OutboxEntry {
  const step = STEPS[action];
  const payload: ReviewProgressed = {
    reviewId: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    item: assistanceItemOfCode(doc.item),
    step: step?.step ?? ReviewStep.REVIEW_STEP_UNSPECIFIED,
    status: STATUSES[status],
    sequence: versionAfter + 1,
    summary: `${ITEM_ZH[doc.item] ?? '救助'}：${step?.zh ?? '审核有新进展'}`,
    occurredAt: at,
  };
  return outboxEvent(
    Topics.reviewProgressed,
    payload,
    {
      key: doc.applicationId,
      correlationId: doc.applicationId,
      occurredAt: at,
      ...(doc.traceparent ? { traceparent: doc.traceparent } : {}),
    },
    'civil-affairs',
  );
}
