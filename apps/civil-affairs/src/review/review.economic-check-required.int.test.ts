import { AssistanceItem } from '@jh/contracts';
import { startReviewKit, type ReviewKit } from '../test-harness.review';

jest.setTimeout(60000);

let kit: ReviewKit;

beforeAll(async () => {
  kit = await startReviewKit('review-econ-check');
});
afterAll(async () => {
  await kit?.stop();
});

describe('逢进必核: no approval without the household economic check (real Kafka + MongoDB-wire engine)', () => {
  it('R-JH-7: approving after 初审 and 入户调查 but without the economic check is refused; state unchanged, no event; once checked it goes through', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const opened = await kit.post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect((await kit.post(`/reviews/${id}/first-review`, 'reviewer', {})).status).toBe(200);
    kit.h.clock.now = new Date('2026-11-06T02:00:00Z');
    const visited = await kit.post(`/reviews/${id}/home-visit`, 'reviewer', {
      visitedOn: '2026-11-06',
    });
    expect(visited.status).toBe(200);
    // The home visit alone does not make the case ready for 审核确认.
    expect(visited.body.status).toBe('under_check');
    expect(visited.body.economicCheck).toBeNull();

    const before = await kit.get(`/reviews/${id}`);
    const refused = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('REVIEW_WRONG_STATUS');
    expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await kit.get(`/reviews/${id}`)).body).toEqual(before.body);
    expect(await kit.outboxBeyondSteps(id)).toEqual([]);
    expect(await kit.settledEvents(caseId)).toEqual([]);

    // The check recorded, the same approval is accepted: the missing check was the only reason.
    const checked = await kit.post(`/reviews/${id}/economic-check`, 'reviewer', {
      startedOn: '2026-11-03',
      completedOn: '2026-11-05',
    });
    expect(checked.status).toBe(200);
    expect(checked.body.status).toBe('awaiting_confirmation');
    const approved = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60000 });
    expect(approved.status).toBe(200);
    expect(await kit.approvedEvents(caseId)).toHaveLength(1);
  });
});
