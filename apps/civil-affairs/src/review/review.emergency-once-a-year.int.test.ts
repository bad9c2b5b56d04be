import { AssistanceItem } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { startReviewKit, type ReviewKit } from '../test-harness.review';

jest.setTimeout(60000);

let kit: ReviewKit;
const APPLICANT_ID = '11010519491231002X'; // every harness application's applicant

beforeAll(async () => {
  kit = await startReviewKit('review-emergency');
});
afterAll(async () => {
  await kit?.stop();
});

/** A 临时救助 急难型 review of the same applicant for the event (category, date). */
async function emergencyReview(occurredOn: string, category = 'accident_or_fire') {
  const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY]);
  const opened = await kit.post('/reviews', 'reviewer', {
    caseId,
    item: 'temporary',
    kind: 'emergency',
    emergency: { category, occurredOn, description: `申请人${caseId.slice(0, 4)}号描述` },
  });
  expect(opened.status).toBe(201);
  return { caseId, id: opened.body.id as string };
}

describe('R-AP-6 the same emergency event is aided at most once a year (real engines)', () => {
  it('R-AP-6: a second approval of the same event for the same person (another case, reworded) is refused with EMERGENCY_ALREADY_AIDED; state unchanged, no event; another event is fine', async () => {
    const first = await emergencyReview('2026-10-30');
    expect(
      (await kit.post(`/reviews/${first.id}/fast-aid`, 'street', { amountFen: 20000 })).status,
    ).toBe(200);
    expect(await kit.approvedEvents(first.caseId)).toHaveLength(1);

    const second = await emergencyReview('2026-10-30');
    const before = await kit.get(`/reviews/${second.id}`);
    const refused = await kit.post(`/reviews/${second.id}/fast-aid`, 'street', {
      amountFen: 20000,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
    expect(refused.body.error.message).toContain('同一急难事项一年内只能救助一次');
    expect((await kit.get(`/reviews/${second.id}`)).body).toEqual(before.body);
    expect(await kit.outboxBeyondSteps(second.id)).toEqual([]);
    expect(await kit.settledEvents(second.caseId)).toEqual([]);
    // ADR 0011: guards per household member and day of the event window, not per category.
    expect(await kit.count('emergency_aid_guards', { day: '2026-10-30' })).toBe(1);

    // Another emergency (dates further apart than the window) is fine.
    const otherEvent = await emergencyReview('2026-10-20', 'sudden_illness');
    expect(
      (await kit.post(`/reviews/${otherEvent.id}/fast-aid`, 'street', { amountFen: 20000 })).status,
    ).toBe(200);
  });

  it('R-AP-6: two concurrent approvals of the same event — exactly one wins on the guard _id', async () => {
    const a = await emergencyReview('2026-09-15');
    const b = await emergencyReview('2026-09-15');
    const results = await Promise.all([
      kit.post(`/reviews/${a.id}/fast-aid`, 'street', { amountFen: 10000 }),
      kit.post(`/reviews/${b.id}/fast-aid`, 'street2', { amountFen: 10000 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
    expect(
      // Stored sealed: the member's guards are found by the blind index of the ID number.
      await kit.count('emergency_aid_guards', {
        idNumberBidx: kit.h.keys.indexer.of('id-number', APPLICANT_ID),
        day: '2026-09-15',
      }),
    ).toBe(1);
    await waitFor(
      async () =>
        kit.approvedFor(a.caseId).length + kit.approvedFor(b.caseId).length > 0 ? true : undefined,
      { what: 'the winning AssistanceApproved' },
    );
    await kit.settledEvents(a.caseId);
    const events = [...kit.approvedFor(a.caseId), ...kit.approvedFor(b.caseId)];
    expect(events).toHaveLength(1);
  });

  it('R-AP-6: the regular approval path is guarded too, and a year later the same event may be aided again', async () => {
    const first = await emergencyReview('2026-08-01');
    kit.h.clock.now = new Date('2026-11-03T02:00:00Z');
    expect(
      (await kit.post(`/reviews/${first.id}/fast-aid`, 'street', { amountFen: 10000 })).status,
    ).toBe(200);

    const within = await emergencyReview('2026-08-01');
    await kit.post(`/reviews/${within.id}/first-review`, 'reviewer', {});
    await kit.post(`/reviews/${within.id}/economic-check`, 'reviewer', {
      startedOn: '2026-11-02',
      completedOn: '2026-11-02',
    });
    await kit.post(`/reviews/${within.id}/home-visit`, 'reviewer', { visitedOn: '2026-11-02' });
    kit.h.clock.now = new Date('2027-11-02T02:00:00Z'); // within a year of 3 Nov 2026
    const refused = await kit.post(`/reviews/${within.id}/approve`, 'street', { amountFen: 10000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
    expect((await kit.get(`/reviews/${within.id}`)).body.status).toBe('awaiting_confirmation');

    kit.h.clock.now = new Date('2027-11-04T02:00:00Z'); // more than a year later
    const later = await kit.post(`/reviews/${within.id}/approve`, 'street', { amountFen: 10000 });
    expect(later.status).toBe(200);
  });
});
