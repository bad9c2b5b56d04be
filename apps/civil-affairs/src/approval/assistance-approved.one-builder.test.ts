import { ApprovalLevel, AssistanceItem, PaymentSchedule, Topics } from '@jh/contracts';
import { decodeEvent } from '@jh/platform-kafka';
import { assistanceApprovedEntry } from './assistance-approved';

const approvedAt = new Date('2026-11-30T02:00:00Z');
const facts = {
  approvalId: 'appr-1',
  caseId: 'case-1',
  applicationId: 'app-1',
  item: 'temporary',
  schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
  recipient: {
    name: '张三',
    idNumber: '110101199003070012',
    citizenCardNo: '3301000012345678',
    regionCode: '330102001',
  },
  streetCode: '330102001',
  level: 'case_by_case' as const,
  approverId: 'u-approver',
  approvedAt,
  instalments: [{ number: 1, amountFen: 50_000, dueAt: approvedAt, idempotencyKey: 'appr-1:1' }],
};

describe('one AssistanceApproved builder (review, first aid, 一事一议)', () => {
  it('R-AP-5: the approval level, item and schedule go on the wire as the proto enums', () => {
    const entry = assistanceApprovedEntry(facts, 'app-1');
    const { envelope, event } = decodeEvent(entry.payload);
    expect(entry.topic).toBe(Topics.assistanceApproved);
    expect(envelope.correlationId).toBe('app-1');
    expect(entry.key).toBe('app-1');
    if (event.type !== Topics.assistanceApproved) throw new Error(`unexpected ${event.type}`);
    expect(event.payload).toMatchObject({
      approvalId: 'appr-1',
      caseId: 'case-1',
      item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
      schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
      level: ApprovalLevel.APPROVAL_LEVEL_CASE_BY_CASE,
      recipient: facts.recipient,
      instalments: [{ number: 1, amountFen: 50_000, idempotencyKey: 'appr-1:1' }],
    });
  });

  it('R-AP-9: first aid without an application is keyed and correlated by the aid itself', () => {
    const entry = assistanceApprovedEntry(
      { ...facts, applicationId: '', level: 'street' },
      facts.approvalId,
    );
    const { envelope, event } = decodeEvent(entry.payload);
    expect(entry.key).toBe('appr-1');
    expect(envelope.correlationId).toBe('appr-1');
    if (event.type !== Topics.assistanceApproved) throw new Error(`unexpected ${event.type}`);
    expect(event.payload.level).toBe(ApprovalLevel.APPROVAL_LEVEL_STREET);
  });
});
