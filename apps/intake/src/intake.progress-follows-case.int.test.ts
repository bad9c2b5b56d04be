import {
  ApprovalLevel,
  AssistanceItem,
  PaidVia,
  PartOutcome,
  PaymentSchedule,
  ReviewStatus,
  ReviewStep,
  Topics,
  type AssistanceApproved,
} from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(90000);

let h: IntakeHarness;
let clerk: string;
let coordinator: string;

beforeAll(async () => {
  h = await startIntakeHarness('intake-progress');
  clerk = await h.token('clerk-1', ['window_clerk'], '330106');
  coordinator = await h.token('coord-1', ['coordinator'], '330106');
});

afterAll(async () => {
  await h?.stop();
});

interface ProgressView {
  stage: string;
  label: string;
  history: { at: string; text: string; eventType: string; eventId: string }[];
}

async function submit(): Promise<string> {
  const res = await request(h.base)
    .post('/applications')
    .set('authorization', `Bearer ${clerk}`)
    .send(validApplication)
    .expect(201);
  return res.body.id as string;
}

async function view(id: string, token = coordinator) {
  const res = await request(h.base)
    .get(`/applications/${id}`)
    .set('authorization', `Bearer ${token}`)
    .expect(200);
  return res.body as { status: string; progress: ProgressView; applicant: { idNumber: string } };
}

/** Polls the GET view until `until` holds; every stage seen on the way is appended to `seen`. */
function viewUntil(
  id: string,
  until: (v: Awaited<ReturnType<typeof view>>) => boolean,
  what: string,
  seen: string[] = [],
) {
  return waitFor(
    async () => {
      const v = await view(id);
      if (v.progress?.stage && seen[seen.length - 1] !== v.progress.stage) {
        seen.push(v.progress.stage);
      }
      return until(v) ? v : undefined;
    },
    { what },
  );
}

// Business times of the other services' steps: minutes after the test started (after submission).
const start = Date.now();
const t = (minutes: number) => new Date(start + minutes * 60_000);

const part = (applicationId: string, department: string, partId = randomUUID()) => ({
  partId,
  caseId: `case-${applicationId}`,
  applicationId,
  applicationNumber: '',
  department,
});

function review(
  applicationId: string,
  sequence: number,
  step: ReviewStep,
  status: ReviewStatus,
  summary: string,
) {
  return {
    reviewId: `case-${applicationId}:dibao`,
    caseId: `case-${applicationId}`,
    applicationId,
    item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
    step,
    status,
    sequence,
    summary,
    occurredAt: t(30 + sequence),
  };
}

function approval(applicationId: string, amounts: number[]): AssistanceApproved {
  const approvalId = randomUUID();
  return {
    approvalId,
    caseId: `case-${applicationId}`,
    applicationId,
    item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
    recipient: {
      name: '王小明',
      idNumber: '11010519491231002X',
      citizenCardNo: '3301061234567890',
      regionCode: '330106',
    },
    streetCode: '330106',
    level: ApprovalLevel.APPROVAL_LEVEL_STREET,
    approverId: 'approver-1',
    approvedAt: t(40),
    instalments: amounts.map((amountFen, i) => ({
      number: i + 1,
      amountFen,
      dueAt: t(60 + i),
      idempotencyKey: `${approvalId}:${i + 1}`,
    })),
  };
}

const paid = (a: AssistanceApproved, number: number, minute: number) => ({
  orderId: `${a.approvalId}:${number}`,
  approvalId: a.approvalId,
  caseId: a.caseId,
  applicationId: a.applicationId,
  instalmentNumber: number,
  amountFen: a.instalments[number - 1]!.amountFen,
  paidVia: PaidVia.PAID_VIA_CITIZEN_CARD,
  paidAt: t(minute),
});

const RANK = [
  'submitted',
  'dispatched',
  'reported',
  'in_review',
  'approved',
  'partly_paid',
  'paid',
];

describe('intake follows the case from the other services’ events (real Kafka + MongoDB-wire)', () => {
  it('R-JH-1: the window answers where the application is — dispatched, reported, in review, approved, each instalment paid', async () => {
    const id = await submit();
    expect((await view(id)).progress.stage).toBe('submitted');

    const edu = part(id, 'education');
    const housing = part(id, 'housing');
    for (const p of [edu, housing]) {
      await h.publish(Topics.partDispatched, {
        ...p,
        regionCode: '330106',
        items: [],
        reportDueAt: t(20),
        handlingDueAt: t(25),
        dispatchedAt: t(1),
      });
    }
    let v = await viewUntil(id, (x) => x.progress.stage === 'dispatched', 'stage dispatched');
    expect(v.status).toBe('dispatched');
    expect(v.progress.label).toBe('协同办理中');

    await h.publish(Topics.partAccepted, { ...edu, officerId: 'edu-1', acceptedAt: t(2) });
    for (const [p, minute] of [
      [edu, 3],
      [housing, 4],
    ] as const) {
      await h.publish(Topics.partReported, {
        ...p,
        outcome: PartOutcome.PART_OUTCOME_GRANTED,
        amountFen: 50000,
        note: '同意',
        officerId: 'officer-1',
        reportedAt: t(minute),
      });
    }
    v = await viewUntil(id, (x) => x.progress.stage === 'reported', 'stage reported');
    expect(v.progress.label).toBe('部门已反馈');

    await h.publish(
      Topics.reviewProgressed,
      review(
        id,
        1,
        ReviewStep.REVIEW_STEP_FIRST_REVIEW,
        ReviewStatus.REVIEW_STATUS_UNDER_CHECK,
        '最低生活保障：初审完成',
      ),
    );
    v = await viewUntil(id, (x) => x.progress.stage === 'in_review', 'stage in_review');
    expect(v.status).toBe('under_review');
    expect(v.progress.label).toBe('审核中');

    const a = approval(id, [80000, 80000]);
    await h.publish(
      Topics.reviewProgressed,
      review(
        id,
        2,
        ReviewStep.REVIEW_STEP_APPROVED,
        ReviewStatus.REVIEW_STATUS_APPROVED,
        '最低生活保障：已审批',
      ),
    );
    await h.publish(Topics.assistanceApproved, a);
    // The review's APPROVED step alone also reads "approved": wait for the approval itself (its
    // topic is consumed concurrently), which names the item the instalments are paid for.
    v = await viewUntil(
      id,
      (x) =>
        x.progress.stage === 'approved' &&
        x.progress.history.some((line) => line.text.startsWith('最低生活保障已批准')),
      'stage approved with the approval applied',
    );
    expect(v.status).toBe('approved');

    await h.publish(Topics.instalmentPaid, paid(a, 1, 61));
    v = await viewUntil(id, (x) => x.progress.stage === 'partly_paid', 'stage partly_paid');
    expect(v.progress.label).toBe('部分发放');
    await h.publish(Topics.instalmentPaid, paid(a, 2, 62));
    v = await viewUntil(id, (x) => x.progress.stage === 'paid', 'stage paid');
    expect(v.status).toBe('approved');
    expect(v.progress.label).toBe('已发放');

    expect(v.progress.history.map((line) => line.text)).toEqual([
      '窗口已受理申请',
      '已分送教育局协同办理',
      '已分送住建局协同办理',
      '教育局已接办',
      '教育局已反馈办理结果：予以救助，金额 500.00 元',
      '住建局已反馈办理结果：予以救助，金额 500.00 元',
      '最低生活保障：初审完成',
      '最低生活保障：已审批',
      '最低生活保障已批准，共 2 期，合计 1,600.00 元',
      '最低生活保障第 1 期 800.00 元已发放至市民卡',
      '最低生活保障第 2 期 800.00 元已发放至市民卡',
    ]);
    expect(v.progress.history[1]).toMatchObject({
      at: t(1).toISOString(),
      eventType: Topics.partDispatched,
    });

    // Masking is unchanged, and the history never carries the applicant's identity.
    expect(v.applicant.idNumber).toBe('110105********002X');
    expect(JSON.stringify(v.progress)).not.toContain('11010519491231002X');
    expect(JSON.stringify(v.progress)).not.toContain('3301061234567890');

    const list = await request(h.base)
      .get('/applications')
      .set('authorization', `Bearer ${coordinator}`)
      .expect(200);
    const row = list.body.items.find((i: { id: string }) => i.id === id);
    expect(row.status).toBe('approved');
    expect(row.progress).toEqual({ stage: 'paid', label: '已发放' });
  });

  it('R-JH-5: events arriving out of order and twice never move the status backwards and add no line twice', async () => {
    const id = await submit();
    const seen: string[] = [];
    const a = approval(id, [30000, 30000, 30000]);
    const edu = part(id, 'education');
    const ids: string[] = [];

    // Payment first, one instalment delivered twice; the approval it belongs to comes last.
    ids.push(await h.publish(Topics.instalmentPaid, paid(a, 3, 63)));
    const first = await h.publish(Topics.instalmentPaid, paid(a, 1, 61));
    ids.push(first);
    await h.publish(Topics.instalmentPaid, paid(a, 1, 61), { eventId: first });
    ids.push(await h.publish(Topics.instalmentPaid, paid(a, 2, 62)));
    // Review steps newest first, the newest one twice.
    const approved = review(
      id,
      4,
      ReviewStep.REVIEW_STEP_APPROVED,
      ReviewStatus.REVIEW_STATUS_APPROVED,
      '最低生活保障：已审批',
    );
    const approvedId = await h.publish(Topics.reviewProgressed, approved);
    ids.push(approvedId);
    await h.publish(Topics.reviewProgressed, approved, { eventId: approvedId });
    ids.push(
      await h.publish(
        Topics.reviewProgressed,
        review(
          id,
          2,
          ReviewStep.REVIEW_STEP_FIRST_REVIEW,
          ReviewStatus.REVIEW_STATUS_UNDER_CHECK,
          '最低生活保障：初审完成',
        ),
      ),
    );
    ids.push(
      await h.publish(
        Topics.reviewProgressed,
        review(
          id,
          1,
          ReviewStep.REVIEW_STEP_OPENED,
          ReviewStatus.REVIEW_STATUS_ACCEPTED,
          '最低生活保障：已受理待初审',
        ),
      ),
    );
    // The department's report before its dispatch.
    ids.push(
      await h.publish(Topics.partReported, {
        ...edu,
        outcome: PartOutcome.PART_OUTCOME_GRANTED,
        amountFen: 0,
        note: '',
        officerId: 'edu-1',
        reportedAt: t(5),
      }),
    );
    ids.push(
      await h.publish(Topics.partDispatched, {
        ...edu,
        regionCode: '330106',
        items: [],
        reportDueAt: t(20),
        handlingDueAt: t(25),
        dispatchedAt: t(1),
      }),
    );
    ids.push(await h.publish(Topics.assistanceApproved, a));

    // Each topic ends with a distinct event after its duplicate, so once every id is in the
    // history the duplicates have been handled too (one partition per application key).
    const v = await viewUntil(
      id,
      (x) => ids.every((e) => x.progress.history.some((line) => line.eventId === e)),
      'every distinct event applied',
      seen,
    );
    expect(v.progress.stage).toBe('paid');
    expect(v.status).toBe('approved');
    const stageRanks = seen.map((s) => RANK.indexOf(s));
    expect(stageRanks.every((r) => r >= 0)).toBe(true);
    expect(stageRanks).toEqual([...stageRanks].sort((x, y) => x - y));

    const eventIds = v.progress.history.map((line) => line.eventId);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    expect(v.progress.history).toHaveLength(ids.length + 1);
    // The history reads in business time, whatever order the events arrived in.
    const times = v.progress.history.map((line) => line.at);
    expect(times).toEqual([...times].sort());
    expect(v.progress.history.slice(0, 2).map((line) => line.text)).toEqual([
      '窗口已受理申请',
      '已分送教育局协同办理',
    ]);
  });
});
