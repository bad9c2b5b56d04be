import { randomUUID } from 'node:crypto';
import { AssistanceApproved, AssistanceItem, PaymentSchedule, Topics } from '@jh/contracts';
import { endOfShanghaiDay } from '@jh/domain-calendar';
import { type Actor } from '@jh/platform-auth';
import { startConsumer, type ConsumedEvent } from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';
import { testKafka, waitFor, keycloakToken } from '@jh/platform-testing';
import request from 'supertest';
import { application, isBarrier, startHarness, type Harness } from '../test-harness';

jest.setTimeout(60000);

let h: Harness;
const approvals: ConsumedEvent[] = [];
let probe: Awaited<ReturnType<typeof startConsumer>>;
const tokens: Record<string, string> = {};
const OPENED = new Date('2026-11-02T02:00:00Z'); // Mon 10:00 Shanghai

beforeAll(async () => {
  h = await startHarness('civil-review');
  // Own group: the harness probe's group "probe" subscribes to other topics.
  probe = await startConsumer({
    handle: testKafka(h.prefix),
    logger: createLogger({ name: 'approval-probe', level: 'silent' }),
    group: 'approval-probe',
    types: [Topics.assistanceApproved],
    handler: async (event) => {
      approvals.push(event);
    },
  });
  const users: Record<string, { userId: string; roles: string[]; regionCode?: string }> = {
    clerk: { userId: 'clerk-1', roles: ['window_clerk'], regionCode: '330106' },
    clerkAsReviewer: {
      userId: 'clerk-1',
      roles: ['first_reviewer', 'approver'],
      regionCode: '330106',
    },
    reviewer: { userId: 'rev-1', roles: ['first_reviewer'], regionCode: '330106' },
    reviewerAsApprover: { userId: 'rev-1', roles: ['approver'], regionCode: '330106' },
    street: { userId: 'appr-1', roles: ['approver'], regionCode: '330106' },
    county: { userId: 'cty-1', roles: ['county_bureau'], regionCode: '330106' },
    coordinator: { userId: 'coord-1', roles: ['coordinator'], regionCode: '330100' },
  };
  for (const [name, user] of Object.entries(users)) {
    tokens[name] = await keycloakToken(user as Actor);
  }
});
afterAll(async () => {
  await probe?.stop();
  await h?.stop();
});

const post = (path: string, who: string, body: object = {}) =>
  request(h.base).post(path).set('authorization', `Bearer ${tokens[who]}`).send(body);
const get = (path: string, who = 'coordinator') =>
  request(h.base).get(path).set('authorization', `Bearer ${tokens[who]}`);

async function newCase(items: AssistanceItem[]): Promise<string> {
  h.clock.now = OPENED;
  const id = randomUUID();
  await h.publish(Topics.applicationSubmitted, application(id, items, OPENED), id);
  await waitFor(
    async () => ((await get(`/cases/${id}`, 'clerk')).status === 200 ? true : undefined),
    {
      what: `case ${id}`,
    },
  );
  return id;
}

/** Opens the review and takes it through 初审, 核对 and 入户调查. */
async function readyForConfirmation(caseId: string, item: string): Promise<string> {
  const opened = await post('/reviews', 'reviewer', openBody(caseId, item));
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  expect(
    (await post(`/reviews/${id}/first-review`, 'reviewer', { opinion: '材料齐全' })).status,
  ).toBe(200);
  h.clock.now = new Date('2026-11-06T02:00:00Z');
  expect(
    (
      await post(`/reviews/${id}/economic-check`, 'reviewer', {
        startedOn: '2026-11-03',
        completedOn: '2026-11-05',
      })
    ).status,
  ).toBe(200);
  const visited = await post(`/reviews/${id}/home-visit`, 'reviewer', { visitedOn: '2026-11-06' });
  expect(visited.body.status).toBe('awaiting_confirmation');
  return id;
}

/** 临时救助 needs its kind (R-AP-4); these tests take the 急难型 full path. */
const EMERGENCY = {
  kind: 'emergency',
  emergency: { category: 'sudden_illness', occurredOn: '2026-11-01', description: '突发重病' },
};
const openBody = (caseId: string, item: string) =>
  item === 'temporary' ? { caseId, item, ...EMERGENCY } : { caseId, item };

const approvedFor = (caseId: string): AssistanceApproved[] =>
  approvals
    .filter((e) => e.event.type === Topics.assistanceApproved && e.key === caseId && !isBarrier(e))
    .map((e) => e.event.payload as AssistanceApproved);

/** Every event published for the case so far has arrived (a barrier, not a sleep). */
const settled = (caseId: string) =>
  h.barrier(
    Topics.assistanceApproved,
    AssistanceApproved.fromPartial({ approvalId: `barrier-${randomUUID()}` }),
    caseId,
    () => approvals,
  );

describe('review and approval per item (real Kafka + MongoDB-wire engine)', () => {
  it('R-AP-1: the intake owner may not do 初审, the first reviewer may not 审核确认; state unchanged', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const opened = await post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect(opened.body.actors.intake).toBe('clerk-1');

    const same = await post(`/reviews/${id}/first-review`, 'clerkAsReviewer', {});
    expect(same.status).toBe(403);
    expect(same.body.error.code).toBe('SOD_SAME_PERSON');
    expect(same.body.error.message).toContain('受理、初审、审核确认须由三名不同人员办理');
    const after = await get(`/reviews/${id}`);
    expect(after.body.status).toBe('accepted');
    expect(after.body.actors.firstReview).toBeNull();
    expect(after.body.audit).toHaveLength(1);

    // The acting user comes from the token; a userId in the body is rejected as unknown input.
    const spoofed = await post(`/reviews/${id}/first-review`, 'clerkAsReviewer', {
      userId: 'rev-1',
    });
    expect(spoofed.status).toBe(400);

    const ready = await readyForConfirmation(
      await newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]),
      'dibao',
    );
    const before = await get(`/reviews/${ready}`);
    for (const who of ['reviewerAsApprover', 'clerkAsReviewer']) {
      const refused = await post(`/reviews/${ready}/approve`, who, { amountFen: 80000 });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('SOD_SAME_PERSON');
    }
    const unchanged = await get(`/reviews/${ready}`);
    expect(unchanged.body).toEqual(before.body);
  });

  it('R-AP-2: confirmation due in 20 working days, extended to 30 when the economic check took 16 days', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const opened = await post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    const id = opened.body.id as string;
    expect(opened.body.deadline).toMatchObject({ ruleId: 'R-AP-2', extended: false });
    expect(opened.body.deadline.limit.amount).toBe(20);
    // Working days after Mon 2 Nov 2026: the 20th is Mon 30 Nov.
    expect(opened.body.deadline.dueAt).toBe(endOfShanghaiDay('2026-11-30').toISOString());

    await post(`/reviews/${id}/first-review`, 'reviewer', {});
    h.clock.now = new Date('2026-11-20T02:00:00Z');
    const checked = await post(`/reviews/${id}/economic-check`, 'reviewer', {
      startedOn: '2026-11-03',
      completedOn: '2026-11-19',
      note: '跨部门核对',
    });
    expect(checked.status).toBe(200);
    expect(checked.body.deadline.extended).toBe(true);
    expect(checked.body.deadline.limit.amount).toBe(30);
    // The 30th working day is Mon 14 Dec.
    expect(checked.body.deadline.dueAt).toBe(endOfShanghaiDay('2026-12-14').toISOString());
  });

  it('R-AP-2: a 15-day economic check does not extend the 20-working-day limit', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_TEKUN]);
    const id = (await post('/reviews', 'reviewer', { caseId, item: 'tekun' })).body.id as string;
    await post(`/reviews/${id}/first-review`, 'reviewer', {});
    h.clock.now = new Date('2026-11-20T02:00:00Z');
    const checked = await post(`/reviews/${id}/economic-check`, 'reviewer', {
      startedOn: '2026-11-03',
      completedOn: '2026-11-18',
    });
    expect(checked.body.deadline.extended).toBe(false);
    expect(checked.body.deadline.limit.amount).toBe(20);
  });

  it('R-AP-4: temporary aid approval due in 15 working days', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY]);
    const opened = await post('/reviews', 'reviewer', openBody(caseId, 'temporary'));
    expect(opened.body.deadline).toMatchObject({
      ruleId: 'R-AP-4',
      kind: 'temporary_aid_approval',
    });
    expect(opened.body.deadline.limit.amount).toBe(15);
    expect(opened.body.deadline.dueAt).toBe(endOfShanghaiDay('2026-11-23').toISOString());
  });

  it('bad input → 400 field errors and nothing changes', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY]);
    const id = await readyForConfirmation(caseId, 'temporary');
    const before = await get(`/reviews/${id}`);
    const bad = await post(`/reviews/${id}/approve`, 'county', { amountFen: -5 });
    expect(bad.status).toBe(400);
    const badSum = await post(`/reviews/${id}/approve`, 'county', {
      amountFen: 1000,
      instalments: [{ amountFen: 400 }],
    });
    expect(badSum.status).toBe(400);
    expect(badSum.body.error.details[0].code).toBe('INSTALMENTS_SUM');
    expect((await get(`/reviews/${id}`)).body).toEqual(before.body);
  });

  it('R-AP-5/R-PAY-2: a street approver is refused above 500 元 and routed to the county; the county approval publishes AssistanceApproved once with instalments', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY]);
    const id = await readyForConfirmation(caseId, 'temporary');

    const low = await post(`/reviews/${id}/approve`, 'street', { amountFen: 80000 });
    expect(low.status).toBe(403);
    expect(low.body.error.code).toBe('APPROVAL_LEVEL_TOO_LOW');
    const routed = await get(`/reviews/${id}`);
    expect(routed.body.status).toBe('awaiting_confirmation');
    expect(routed.body.approval).toBeNull();
    expect(routed.body.routedTo).toMatchObject({
      level: 'county',
      ruleId: 'R-AP-5',
      amountFen: 80000,
    });

    h.clock.now = new Date('2026-11-20T02:00:00Z'); // Fri 10:00 Shanghai
    const body = {
      amountFen: 80000,
      instalments: [{ amountFen: 50000 }, { amountFen: 30000, payFrom: '2026-12-01' }],
    };
    const approved = await post(`/reviews/${id}/approve`, 'county', body);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.actors).toEqual({
      intake: 'clerk-1',
      firstReview: 'rev-1',
      confirmation: 'cty-1',
    });
    const retried = await post(`/reviews/${id}/approve`, 'county', body);
    expect(retried.status).toBe(200);
    expect(retried.body.approval.approvalId).toBe(approved.body.approval.approvalId);

    const [event] = await waitFor(
      async () => {
        const got = approvedFor(caseId);
        return got.length > 0 ? got : undefined;
      },
      { what: 'AssistanceApproved' },
    );
    const approvalId = approved.body.approval.approvalId as string;
    expect(event).toMatchObject({
      approvalId,
      caseId,
      applicationId: caseId,
      item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
      schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
      approverId: 'cty-1',
    });
    expect(
      event?.instalments.map((i) => [
        i.number,
        i.amountFen,
        i.idempotencyKey,
        i.dueAt?.toISOString(),
      ]),
    ).toEqual([
      // 3 working days after Fri 20 Nov → Wed 25 Nov; from Tue 1 Dec → Fri 4 Dec.
      [1, 50000, `${approvalId}:1`, endOfShanghaiDay('2026-11-25').toISOString()],
      [2, 30000, `${approvalId}:2`, endOfShanghaiDay('2026-12-04').toISOString()],
    ]);

    // Once the outbox is drained and a later event on the case arrived, there is still exactly one.
    await settled(caseId);
    expect(approvedFor(caseId)).toHaveLength(1);
  });

  it('R-AP-5: a case no current policy covers is routed to 一事一议, recorded, and nothing is approved', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY]);
    const id = await readyForConfirmation(caseId, 'temporary');
    const res = await post(`/reviews/${id}/approve`, 'county', {
      amountFen: 200000,
      notCoveredByPolicy: true,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CASE_BY_CASE_REQUIRED');
    const after = await get(`/reviews/${id}`);
    expect(after.body.status).toBe('awaiting_confirmation');
    expect(after.body.approval).toBeNull();
    expect(after.body.routedTo).toMatchObject({
      level: 'case_by_case',
      ruleId: 'R-AP-5',
      amountFen: 200000,
    });
    await settled(caseId);
    expect(approvedFor(caseId)).toEqual([]);
  });

  it('R-PAY-2: a 低保 approval by the street pays monthly by the 10th', async () => {
    const caseId = await newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const id = await readyForConfirmation(caseId, 'dibao');
    h.clock.now = new Date('2026-11-20T02:00:00Z');
    const approved = await post(`/reviews/${id}/approve`, 'street', {
      amountFen: 150000,
      instalments: [{ amountFen: 75000 }, { amountFen: 75000 }],
    });
    expect(approved.status).toBe(200);
    expect(approved.body.approval.level).toBe('street');
    expect(approved.body.approval.instalments.map((i: { dueAt: string }) => i.dueAt)).toEqual([
      endOfShanghaiDay('2026-12-10').toISOString(),
      endOfShanghaiDay('2027-01-10').toISOString(),
    ]);
    const [event] = await waitFor(
      async () => {
        const got = approvedFor(caseId);
        return got.length > 0 ? got : undefined;
      },
      { what: 'AssistanceApproved (monthly)' },
    );
    expect(event?.schedule).toBe(PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY);
  });

  it('rejection and withdrawal record who and why and close the review', async () => {
    const caseId = await newCase([
      AssistanceItem.ASSISTANCE_ITEM_DIBAO,
      AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
    ]);
    const dibao = (await post('/reviews', 'reviewer', { caseId, item: 'dibao' })).body.id as string;
    const emptyReason = await post(`/reviews/${dibao}/reject`, 'reviewer', { reason: ' ' });
    expect(emptyReason.status).toBe(400);
    const rejected = await post(`/reviews/${dibao}/reject`, 'reviewer', {
      reason: '家庭收入超过低保标准',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.audit.at(-1)).toMatchObject({
      byUserId: 'rev-1',
      action: 'rejected',
      fromStatus: 'accepted',
      toStatus: 'rejected',
      reason: '家庭收入超过低保标准',
    });
    const temporary = (await post('/reviews', 'reviewer', openBody(caseId, 'temporary'))).body
      .id as string;
    const withdrawn = await post(`/reviews/${temporary}/withdraw`, 'clerk', {
      reason: '申请人主动撤回',
    });
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await post(`/reviews/${temporary}/first-review`, 'reviewer', {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REVIEW_WRONG_STATUS');
  });
});
