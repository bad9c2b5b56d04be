import { randomUUID } from 'node:crypto';
import { AssistanceItem } from '@jh/contracts';
import { OPENED, startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let kit: ReviewKit;

beforeAll(async () => {
  kit = await startReviewKit('review-replay');
});
afterAll(async () => {
  await kit?.stop();
});

describe('R-AP-5 R-PAY-5 approval replays: same content → stored result, other content → 409 (real engines)', () => {
  it('R-PAY-5: a re-approval with a different amount is a 409 REQUEST_REPLAY_MISMATCH; the same replay returns the stored approval; one event', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const id = await throughChecks(kit, { caseId, item: 'dibao' });
    const first = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60000 });
    expect(first.status).toBe(200);

    const other = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 90000 });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('REQUEST_REPLAY_MISMATCH');

    const same = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60000 });
    expect(same.status).toBe(200);
    expect(same.body.approval).toEqual(first.body.approval);
    expect(same.body.audit).toHaveLength(first.body.audit.length);
    expect(await kit.settledEvents(caseId)).toHaveLength(1);
  });

  it('R-AP-4: a follow-up retried under the same requestKey with another amount is refused, not swallowed', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY], (app) => {
      if (app.applicant) app.applicant.idNumber = validIdNumber(701);
    });
    const id = await throughChecks(kit, { caseId, item: 'temporary', kind: 'expenditure' });
    await kit.post(`/reviews/${id}/democratic-review`, 'reviewer', {
      heldOn: '2026-11-06',
      participantCount: 9,
      conclusion: 'agree',
    });
    expect((await kit.post(`/reviews/${id}/approve`, 'county', { amountFen: 20000 })).status).toBe(
      200,
    );
    const followUp = { amountFen: 10000, reason: '跟进救助', requestKey: 'fu-1' };
    expect((await kit.post(`/reviews/${id}/follow-up`, 'county', followUp)).status).toBe(200);
    const changed = await kit.post(`/reviews/${id}/follow-up`, 'county', {
      ...followUp,
      amountFen: 15000,
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('REQUEST_REPLAY_MISMATCH');
    const replay = await kit.post(`/reviews/${id}/follow-up`, 'county', followUp);
    expect(replay.status).toBe(200);
    expect(replay.body.approvals).toHaveLength(2);
    expect(await kit.settledEvents(caseId)).toHaveLength(2);
  });

  it('R-AP-9: first aid replayed under the same requestId with another amount is a 409; the same replay is 200', async () => {
    kit.h.clock.now = OPENED;
    const requestId = randomUUID();
    const body = (amountFen: number) => ({
      requestId,
      recipient: {
        name: '王小明',
        idNumber: validIdNumber(702),
        citizenCardNo: '3301069876543219',
        regionCode: '330106',
      },
      amountFen,
      situation: { category: 'accident_or_fire', occurredOn: '2026-11-01', description: '失火' },
    });
    expect((await kit.post('/first-aid', 'street', body(200000))).status).toBe(201);
    const changed = await kit.post('/first-aid', 'street', body(300000));
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('REQUEST_REPLAY_MISMATCH');
    const same = await kit.post('/first-aid', 'street', body(200000));
    expect(same.status).toBe(200);
    expect(same.body.amountFen).toBe(200000);
    expect(await kit.settledEvents(requestId)).toHaveLength(1);
  });
});
