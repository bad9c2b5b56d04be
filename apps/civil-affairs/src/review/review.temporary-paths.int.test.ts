import { AssistanceItem, PaymentSchedule } from '@jh/contracts';
import { endOfShanghaiDay } from '@jh/domain-calendar';
import { startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';

jest.setTimeout(60000);

let kit: ReviewKit;
const TEMPORARY = [AssistanceItem.ASSISTANCE_ITEM_TEMPORARY];
const emergency = (caseId: string, occurredOn: string) => ({
  caseId,
  item: 'temporary',
  kind: 'emergency',
  emergency: { category: 'accident_or_fire', occurredOn, description: '住房失火' },
});

beforeAll(async () => {
  kit = await startReviewKit('review-temporary');
});
afterAll(async () => {
  await kit?.stop();
});

describe('R-AP-4 临时救助 急难型 / 支出型 (real Kafka + MongoDB-wire engine)', () => {
  it('R-AP-4: a temporary review needs its kind, and 急难型 the emergency event', async () => {
    const caseId = await kit.newCase(TEMPORARY);
    const noKind = await kit.post('/reviews', 'reviewer', { caseId, item: 'temporary' });
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.details[0].code).toBe('TEMPORARY_KIND_REQUIRED');
    const noEvent = await kit.post('/reviews', 'reviewer', {
      caseId,
      item: 'temporary',
      kind: 'emergency',
    });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.error.details[0].code).toBe('EMERGENCY_EVENT_REQUIRED');
    expect((await kit.get(`/reviews/${caseId}:temporary`)).status).toBe(404);
  });

  it('R-AP-4 急难型: 小金额先行救助 paid before the check; paperwork outstanding with a calendar due date, visible (and overdue) to coordinators, closed when recorded', async () => {
    const caseId = await kit.newCase(TEMPORARY);
    const id = (await kit.post('/reviews', 'reviewer', emergency(caseId, '2026-11-01'))).body
      .id as string;

    const aided = await kit.post(`/reviews/${id}/fast-aid`, 'street', { amountFen: 30000 });
    expect(aided.status).toBe(200);
    expect(aided.body.status).toBe('accepted');
    expect(aided.body.approvals).toHaveLength(1);
    expect(aided.body.approvals[0]).toMatchObject({
      kind: 'fast',
      amountFen: 30000,
      level: 'street',
    });
    // 15 working days after Mon 2 Nov 2026 → Mon 23 Nov.
    expect(aided.body.paperwork).toMatchObject({
      status: 'outstanding',
      dueDate: '2026-11-23',
      dueAt: endOfShanghaiDay('2026-11-23').toISOString(),
      overdue: false,
    });
    const [event] = await kit.approvedEvents(caseId);
    expect(event).toMatchObject({
      approvalId: aided.body.approvals[0].approvalId,
      schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
      recipient: { idNumber: '11010519491231002X', citizenCardNo: '3301061234567890' },
    });

    // Money paid first cannot be withdrawn silently: the paperwork must follow.
    const withdrawn = await kit.post(`/reviews/${id}/withdraw`, 'clerk', { reason: '撤回' });
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body.error.code).toBe('AID_ALREADY_PAID');

    const listed = await kit.get('/reviews/outstanding-paperwork', 'coordinator');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const overdueNow = await kit.get('/reviews/outstanding-paperwork?overdue=true');
    expect(overdueNow.body.items.map((i: { id: string }) => i.id)).not.toContain(id);

    kit.h.clock.now = new Date('2026-11-24T02:00:00Z');
    const overdue = await kit.get('/reviews/outstanding-paperwork?overdue=true');
    expect(overdue.body.items).toEqual([
      expect.objectContaining({ id, paperwork: expect.objectContaining({ overdue: true }) }),
    ]);

    // Paperwork means 初审, 核对 and 入户调查; before that it cannot be closed.
    const early = await kit.post(`/reviews/${id}/paperwork`, 'street', { note: '补充说明' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('PAPERWORK_INCOMPLETE');
    await kit.post(`/reviews/${id}/first-review`, 'reviewer', {});
    await kit.post(`/reviews/${id}/economic-check`, 'reviewer', {
      startedOn: '2026-11-03',
      completedOn: '2026-11-05',
    });
    await kit.post(`/reviews/${id}/home-visit`, 'reviewer', { visitedOn: '2026-11-06' });
    const regular = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 30000 });
    expect(regular.status).toBe(409);
    expect(regular.body.error.code).toBe('FAST_AID_PAPERWORK_PENDING');

    const closed = await kit.post(`/reviews/${id}/paperwork`, 'street', {
      note: '火灾事故证明已补齐，情况属实',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('approved');
    expect(closed.body.paperwork).toMatchObject({ status: 'completed', completedBy: 'appr-1' });
    expect(closed.body.audit.at(-1)).toMatchObject({ action: 'paperwork_completed' });
    const after = await kit.get('/reviews/outstanding-paperwork');
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(await kit.settledEvents(caseId)).toHaveLength(1);
  });

  it('R-AP-4: fast aid is refused above the configured cap (FAST_AID_OVER_CAP) and for 支出型 (FAST_AID_EMERGENCY_ONLY); state unchanged, no event', async () => {
    const caseId = await kit.newCase(TEMPORARY);
    const id = (await kit.post('/reviews', 'reviewer', emergency(caseId, '2026-10-02'))).body
      .id as string;
    const before = await kit.get(`/reviews/${id}`);
    const over = await kit.post(`/reviews/${id}/fast-aid`, 'county', { amountFen: 50001 });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('FAST_AID_OVER_CAP');

    const other = await kit.newCase(TEMPORARY);
    const spending = (
      await kit.post('/reviews', 'reviewer', {
        caseId: other,
        item: 'temporary',
        kind: 'expenditure',
      })
    ).body.id as string;
    const spendingBefore = await kit.get(`/reviews/${spending}`);
    const notEmergency = await kit.post(`/reviews/${spending}/fast-aid`, 'street', {
      amountFen: 10000,
    });
    expect(notEmergency.status).toBe(409);
    expect(notEmergency.body.error.code).toBe('FAST_AID_EMERGENCY_ONLY');

    expect((await kit.get(`/reviews/${id}`)).body).toEqual(before.body);
    expect((await kit.get(`/reviews/${spending}`)).body).toEqual(spendingBefore.body);
    expect(await kit.outboxBeyondSteps(id)).toEqual([]);
    expect(await kit.settledEvents(caseId)).toEqual([]);
    expect(kit.approvedFor(other)).toEqual([]);
  });

  it('R-AP-4 支出型: approval without 民主评议 is refused (DEMOCRATIC_REVIEW_REQUIRED), state unchanged, no event; with it one approval pays in stages; 跟进救助 adds a new approval id', async () => {
    const caseId = await kit.newCase(TEMPORARY);
    const id = await throughChecks(kit, { caseId, item: 'temporary', kind: 'expenditure' });
    const before = await kit.get(`/reviews/${id}`);
    const refused = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 40000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DEMOCRATIC_REVIEW_REQUIRED');
    expect((await kit.get(`/reviews/${id}`)).body).toEqual(before.body);
    expect(await kit.outboxBeyondSteps(id)).toEqual([]);
    expect(await kit.settledEvents(caseId)).toEqual([]);

    const reviewed = await kit.post(`/reviews/${id}/democratic-review`, 'reviewer', {
      heldOn: '2026-11-06',
      participantCount: 9,
      conclusion: 'agree',
      note: '村民代表一致同意',
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.democraticReview).toMatchObject({
      participantCount: 9,
      conclusion: 'agree',
    });

    kit.h.clock.now = new Date('2026-11-20T02:00:00Z'); // Fri
    const approved = await kit.post(`/reviews/${id}/approve`, 'street', {
      amountFen: 40000,
      instalments: [{ amountFen: 20000 }, { amountFen: 20000, payFrom: '2026-12-01' }],
    });
    expect(approved.status).toBe(200);
    const first = approved.body.approval.approvalId as string;

    const followUp = {
      amountFen: 30000,
      reason: '医疗费用持续发生，跟进救助',
      requestKey: 'follow-1',
    };
    // 400 元 + 300 元 = 700 元 on the same case: the follow-up is the county's (R-AP-5 by total).
    const followed = await kit.post(`/reviews/${id}/follow-up`, 'county', followUp);
    expect(followed.status).toBe(200);
    expect(followed.body.approvals.map((a: { kind: string }) => a.kind)).toEqual([
      'regular',
      'follow_up',
    ]);
    const second = followed.body.approvals[1].approvalId as string;
    expect(second).not.toBe(first);
    expect(followed.body.audit.at(-1)).toMatchObject({ action: 'follow_up', byUserId: 'cty-1' });
    const retried = await kit.post(`/reviews/${id}/follow-up`, 'county', followUp);
    expect(retried.body.approvals).toHaveLength(2);

    const events = await kit.approvedEvents(caseId, 2);
    expect(events.map((e) => [e.approvalId, e.instalments.map((i) => i.idempotencyKey)])).toEqual([
      [first, [`${first}:1`, `${first}:2`]],
      [second, [`${second}:1`]],
    ]);
    expect(await kit.settledEvents(caseId)).toHaveLength(2);
  });
});
