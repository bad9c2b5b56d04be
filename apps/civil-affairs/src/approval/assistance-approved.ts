import {
  ApprovalLevel as ApprovalLevelEnum,
  assistanceItemOfCode,
  Topics,
  type AssistanceApproved,
  type PaymentSchedule,
} from '@jh/contracts';
import type { ApprovalLevel } from '@jh/domain-policy';
import { outboxEvent } from '@jh/platform-kafka';

const producer = 'civil-affairs';

const LEVEL_ENUM: Record<ApprovalLevel, ApprovalLevelEnum> = {
  street: ApprovalLevelEnum.APPROVAL_LEVEL_STREET,
  county: ApprovalLevelEnum.APPROVAL_LEVEL_COUNTY,
  city: ApprovalLevelEnum.APPROVAL_LEVEL_CITY,
  case_by_case: ApprovalLevelEnum.APPROVAL_LEVEL_CASE_BY_CASE,
};

/** What an approval says, whichever procedure made it (review, 先行救助, 一事一议). */
export interface ApprovedFacts {
  approvalId: string;
  caseId: string;
  applicationId: string;
  /** Catalogue code (dibao, temporary, …). */
  item: string;
  schedule: PaymentSchedule;
  recipient: { name: string; idNumber: string; citizenCardNo: string; regionCode: string };
  streetCode: string;
  level: ApprovalLevel;
  approverId: string;
  approvedAt: Date;
  instalments: readonly {
    number: number;
    amountFen: number;
    dueAt: Date;
    idempotencyKey: string;
  }[];
}

/**
 * The one `jh.assistance.approved.v1` outbox entry (ADR 0007/0008): review, first aid and 一事一议
 * all publish through it. `key` is the Kafka key and the correlation id (the application, or the
 * record itself when there is none).
 */
export function assistanceApprovedEntry(
  facts: ApprovedFacts,
  key: string,
  /** The application's trace when the approval belongs to one (ADR 0024). */
  traceparent?: string,
): ReturnType<typeof outboxEvent> {
  const payload: AssistanceApproved = {
    approvalId: facts.approvalId,
    caseId: facts.caseId,
    applicationId: facts.applicationId,
    item: assistanceItemOfCode(facts.item),
    schedule: facts.schedule,
    recipient: { ...facts.recipient },
    streetCode: facts.streetCode,
    level: LEVEL_ENUM[facts.level],
    approverId: facts.approverId,
    approvedAt: facts.approvedAt,
    instalments: facts.instalments.map((i) => ({ ...i })),
  };
  return outboxEvent(
    Topics.assistanceApproved,
    payload,
    {
      key,
      correlationId: key,
      occurredAt: facts.approvedAt,
      ...(traceparent ? { traceparent } : {}),
    },
    producer,
  );
}
