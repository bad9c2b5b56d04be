import { randomUUID } from 'node:crypto';
import { AssistanceItem } from '@jh/contracts';
import { OPENED, startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let kit: ReviewKit;
const TEMPORARY = [AssistanceItem.ASSISTANCE_ITEM_TEMPORARY];
const CARD = '3301060000000001';
const noCard = (caseApp: { applicant?: { citizenCardNo: string } }) => {
  if (caseApp.applicant) caseApp.applicant.citizenCardNo = '';
};

beforeAll(async () => {
  kit = await startReviewKit('review-payee');
});
afterAll(async () => {
  await kit?.stop();
});

async function unchanged(id: string, before: { body: { audit: unknown[] } }) {
  const after = await kit.get(`/reviews/${id}`);
  expect(after.body.status).toBe((before.body as { status?: string }).status);
  expect(after.body.approvals).toEqual([]);
  expect(after.body.routedTo).toBeNull();
  expect(after.body.audit).toHaveLength(before.body.audit.length);
  expect(await kit.outboxBeyondSteps(id)).toEqual([]);
}

describe('ADR 0010 approved aid always has a payee (real Kafka + MongoDB-wire engine)', () => {
  it('R-PAY-1: approving a review without a citizen card is refused with PAYEE_REQUIRED, nothing written, no event; after PUT /payee the approval goes through and the event carries the card', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO], noCard);
    const id = await throughChecks(kit, { caseId, item: 'dibao' });
    const before = await kit.get(`/reviews/${id}`);

    const refused = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PAYEE_REQUIRED');
    expect(refused.body.error.message).toContain('市民卡号');
    expect(refused.body.error.details[0]).toMatchObject({
      path: 'citizenCardNo',
      code: 'PAYEE_REQUIRED',
    });
    await unchanged(id, before);
    expect(await kit.settledEvents(caseId)).toEqual([]);

    const malformed = await kit.put(`/reviews/${id}/payee`, 'clerk', {
      citizenCardNo: '12ab',
      reason: '补登记',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('citizenCardNo');
    const noReason = await kit.put(`/reviews/${id}/payee`, 'clerk', { citizenCardNo: CARD });
    expect(noReason.status).toBe(400);
    const coordinator = await kit.put(`/reviews/${id}/payee`, 'coordinator', {
      citizenCardNo: CARD,
      reason: '补登记',
    });
    expect(coordinator.status).toBe(403);
    await unchanged(id, before);

    const recorded = await kit.put(`/reviews/${id}/payee`, 'clerk', {
      citizenCardNo: CARD,
      reason: '申请人补交市民卡',
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.citizenCardNo).not.toBe(CARD); // masked (R-OV-2)
    expect(recorded.body.audit.at(-1)).toMatchObject({
      action: 'payee_recorded',
      byUserId: 'clerk-1',
      reason: expect.stringContaining('申请人补交市民卡'),
    });

    const approved = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60000 });
    expect(approved.status).toBe(200);
    const [event] = await kit.approvedEvents(caseId);
    expect(event?.recipient?.citizenCardNo).toBe(CARD);
  });

  it('R-PAY-1: 急难型 先行救助 without a card is refused with PAYEE_REQUIRED, no guard claimed', async () => {
    const caseId = await kit.newCase(TEMPORARY, noCard);
    const opened = await kit.post('/reviews', 'reviewer', {
      caseId,
      item: 'temporary',
      kind: 'emergency',
      emergency: { category: 'sudden_illness', occurredOn: '2026-10-20', description: '突发重病' },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const fast = await kit.post(`/reviews/${id}/fast-aid`, 'street', { amountFen: 30000 });
    expect(fast.status).toBe(409);
    expect(fast.body.error.code).toBe('PAYEE_REQUIRED');
    await unchanged(id, opened);
    expect(await kit.count('emergency_aid_guards', { ownerId: id })).toBe(0);
    expect(await kit.settledEvents(caseId)).toEqual([]);
  });

  it('R-PAY-1 R-AP-9: first aid without a citizen card answers 409 PAYEE_REQUIRED (field named), malformed 400, nothing stored, no event', async () => {
    kit.h.clock.now = OPENED;
    const body = (requestId: string, citizenCardNo?: string) => ({
      requestId,
      recipient: {
        name: '李大山',
        idNumber: validIdNumber(951),
        regionCode: '330106',
        ...(citizenCardNo === undefined ? {} : { citizenCardNo }),
      },
      amountFen: 100000,
      situation: { category: 'accident_or_fire', occurredOn: '2026-11-01', description: '失火' },
    });
    for (const card of [undefined, '']) {
      const requestId = randomUUID();
      const refused = await kit.post('/first-aid', 'street', body(requestId, card));
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('PAYEE_REQUIRED');
      expect(refused.body.error.details[0].path).toBe('recipient.citizenCardNo');
      expect(await kit.raw('first_aid', requestId)).toBeNull();
      expect(await kit.settledEvents(requestId)).toEqual([]);
    }
    const malformed = await kit.post('/first-aid', 'street', body(randomUUID(), '123'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0]).toMatchObject({
      path: 'recipient.citizenCardNo',
      code: 'CITIZEN_CARD_FORMAT',
    });
  });

  it('R-PAY-1: 一事一议 from a case whose card is malformed needs a valid payee before it is accepted', async () => {
    const caseId = await kit.newCase(TEMPORARY, (app) => {
      if (app.applicant) app.applicant.citizenCardNo = 'N/A';
    });
    const open = (extra: object = {}) =>
      kit.post('/deliberations', 'clerk', {
        caseId,
        hardship: '现行政策难以覆盖的特殊困难',
        declaration: { signed: true, signedOn: '2026-11-02', text: '承诺' },
        ...extra,
      });
    const refused = await open();
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].code).toBe('RECIPIENT_REQUIRED');
    const accepted = await open({
      recipient: { idNumber: '11010519491231002X', citizenCardNo: CARD },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.applicant.citizenCardNo).not.toBe('N/A');
  });
});
