import { AssistanceItem } from '@jh/contracts';
import { startReviewKit, type ReviewKit } from '../test-harness.review';

jest.setTimeout(60000);

let kit: ReviewKit;

beforeAll(async () => {
  kit = await startReviewKit('review-step-dates');
});
afterAll(async () => {
  await kit?.stop();
});

/** A review after 初审 (case accepted Mon 2 Nov 2026), today Fri 6 Nov. */
async function underCheck(item: 'dibao' | 'temporary', extra: object = {}) {
  const caseId = await kit.newCase([
    item === 'dibao'
      ? AssistanceItem.ASSISTANCE_ITEM_DIBAO
      : AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
  ]);
  const opened = await kit.post('/reviews', 'reviewer', { caseId, item, ...extra });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  expect((await kit.post(`/reviews/${id}/first-review`, 'reviewer', {})).status).toBe(200);
  kit.h.clock.now = new Date('2026-11-06T02:00:00Z');
  return id;
}

async function refused(id: string, path: string, body: object, field: string, code: string) {
  const before = await kit.get(`/reviews/${id}`);
  const res = await kit.post(`/reviews/${id}/${path}`, 'reviewer', body);
  expect(res.status).toBe(400);
  expect(res.body.error.details[0]).toMatchObject({ path: field, code });
  expect(res.body.error.details[0].message).toMatch(/日期/);
  expect((await kit.get(`/reviews/${id}`)).body).toEqual(before.body);
}

describe('R-AP-2 review step dates lie between acceptance and today (real engines)', () => {
  it('R-AP-2: an economic check started before the case existed is refused and does not extend the deadline to 30 working days', async () => {
    const id = await underCheck('dibao');
    await refused(
      id,
      'economic-check',
      { startedOn: '2026-10-01', completedOn: '2026-11-05' },
      'startedOn',
      'DATE_BEFORE_CASE',
    );
    const view = await kit.get(`/reviews/${id}`);
    expect(view.body.economicCheck).toBeNull();
    expect(view.body.deadline.extended).toBe(false);
    expect(view.body.deadline.limit.amount).toBe(20);
  });

  it('R-AP-2: future step dates are refused (economic check start, home visit)', async () => {
    const id = await underCheck('dibao');
    await refused(
      id,
      'economic-check',
      { startedOn: '2026-11-09', completedOn: '2026-11-05' },
      'startedOn',
      'DATE_IN_FUTURE',
    );
    await refused(id, 'home-visit', { visitedOn: '2026-11-07' }, 'visitedOn', 'DATE_IN_FUTURE');
  });

  it('R-AP-2: a home visit or 民主评议 dated before the case existed is refused', async () => {
    const id = await underCheck('temporary', { kind: 'expenditure' });
    await refused(id, 'home-visit', { visitedOn: '2026-11-01' }, 'visitedOn', 'DATE_BEFORE_CASE');
    await refused(
      id,
      'democratic-review',
      { heldOn: '2026-10-30', participantCount: 9, conclusion: 'agree' },
      'heldOn',
      'DATE_BEFORE_CASE',
    );
    const ok = await kit.post(`/reviews/${id}/home-visit`, 'reviewer', { visitedOn: '2026-11-02' });
    expect(ok.status).toBe(200);
  });
});
