import { AssistanceItem } from '@jh/contracts';
import { keycloakToken } from '@jh/platform-testing';
import request from 'supertest';
import { startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(90000);

let kit: ReviewKit;
let serial = 900;
const STREET_A = '330106001';
const STREET_B = '330106002';
const tokens: Record<string, string> = {};

beforeAll(async () => {
  kit = await startReviewKit('review-queue');
  // Street-level readers of the queue (R-OV-2 scope: a street sees only its own households).
  tokens['streetA'] = await keycloakToken({
    userId: 'appr-sa',
    roles: ['approver'],
    regionCode: STREET_A,
  });
  tokens['streetB'] = await keycloakToken({
    userId: 'appr-sb',
    roles: ['approver'],
    regionCode: STREET_B,
  });
});
afterAll(async () => {
  await kit?.stop();
});

const queue = (who: 'streetA' | 'streetB', query = '') =>
  request(kit.h.base).get(`/reviews${query}`).set('authorization', `Bearer ${tokens[who]}`);

/** A 支出型 临时救助 case of a household in `street`. */
async function temporaryCase(street: string): Promise<string> {
  return kit.newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY], (app) => {
    if (app.applicant) {
      app.applicant.idNumber = validIdNumber(serial++);
      app.applicant.regionCode = street;
    }
    if (app.owner) app.owner.regionCode = street;
  });
}

const ids = (body: { items: { id: string }[] }) => body.items.map((r) => r.id);

describe('GET /reviews: the queue per reviewer (real engines)', () => {
  it('R-OV-2: a street sees only its own reviews; the county sees both', async () => {
    const a = await temporaryCase(STREET_A);
    const b = await temporaryCase(STREET_B);
    const openA = await kit.post('/reviews', 'reviewer', {
      caseId: a,
      item: 'temporary',
      kind: 'expenditure',
    });
    const openB = await kit.post('/reviews', 'reviewer', {
      caseId: b,
      item: 'temporary',
      kind: 'expenditure',
    });
    expect([openA.status, openB.status]).toEqual([201, 201]);

    const seenA = await queue('streetA');
    expect(seenA.status).toBe(200);
    expect(ids(seenA.body)).toContain(openA.body.id);
    expect(ids(seenA.body)).not.toContain(openB.body.id);
    const seenB = await queue('streetB');
    expect(ids(seenB.body)).toEqual([openB.body.id]);
    expect(seenB.body.total).toBe(1);

    const county = await kit.get('/reviews?pageSize=200', 'county');
    expect(ids(county.body)).toEqual(expect.arrayContaining([openA.body.id, openB.body.id]));

    // The row: number, masked applicant, next step and its role, the R-AP-4 clock.
    const row = seenB.body.items[0];
    expect(row).toMatchObject({
      applicationNumber: `JH-2026-${b.slice(-6)}`,
      applicantName: '王**',
      status: 'accepted',
      stage: 'first_review',
      nextRole: 'first_reviewer',
      deadline: { ruleId: 'R-AP-4', status: 'on_track' },
      actors: { intake: 'clerk-1', firstReview: null, confirmation: null },
    });
    expect(row.applicantIdNumber).not.toContain(validIdNumber(serial - 1).slice(6, 14));
  });

  it('R-AP-5: a 601 元 case a street approver tried is in the county stage with its amount and level', async () => {
    const caseId = await temporaryCase(STREET_A);
    const id = await throughChecks(kit, { caseId, item: 'temporary', kind: 'expenditure' });
    const listed = await queue('streetA', '?stage=democratic_review&pageSize=200');
    expect(ids(listed.body)).toContain(id);
    expect(
      (
        await kit.post(`/reviews/${id}/democratic-review`, 'reviewer', {
          heldOn: '2026-11-06',
          participantCount: 9,
          conclusion: 'agree',
        })
      ).status,
    ).toBe(200);
    expect(ids((await queue('streetA', '?stage=approval&pageSize=200')).body)).toContain(id);

    const refused = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60100 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('APPROVAL_LEVEL_TOO_LOW');

    const routed = await queue('streetA', '?stage=routed_county&pageSize=200');
    const row = routed.body.items.find((r: { id: string }) => r.id === id);
    expect(row).toMatchObject({
      stage: 'routed_county',
      nextRole: 'county_bureau',
      amountFen: 60100,
      level: 'county',
    });
    expect(ids((await queue('streetA', '?stage=approval&pageSize=200')).body)).not.toContain(id);
  });

  it('R-AP-1: the detail says in advance that the first reviewer may not confirm, in the words the service then refuses with', async () => {
    const caseId = await temporaryCase(STREET_A);
    const id = await throughChecks(kit, { caseId, item: 'temporary', kind: 'expenditure' });
    await kit.post(`/reviews/${id}/democratic-review`, 'reviewer', {
      heldOn: '2026-11-06',
      participantCount: 9,
      conclusion: 'agree',
    });
    // rev-1 did 初审 and now holds the county role.
    const detail = await kit.get(`/reviews/${id}`, 'reviewerAsCounty');
    const approve = detail.body.nextSteps.find((s: { step: string }) => s.step === 'approve');
    expect(approve).toMatchObject({
      allowed: false,
      reasonCode: 'SOD_SAME_PERSON',
      earlierStep: 'first_review',
    });
    const refused = await kit.post(`/reviews/${id}/approve`, 'reviewerAsCounty', {
      amountFen: 30000,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SOD_SAME_PERSON');
    expect(refused.body.error.message).toBe(approve.reason);
    expect((await kit.get(`/reviews/${id}`)).body.status).toBe('awaiting_confirmation');

    // Another approver may; the street's tier limits are in the view for the form (R-AP-5).
    const other = await kit.get(`/reviews/${id}`, 'street');
    // The first reviewer's finished steps are shown to the approver as done, not as "not your role".
    const steps = other.body.nextSteps as { step: string; reasonCode: string | null }[];
    expect(steps.find((s) => s.step === 'first_review')?.reasonCode).toBe('REVIEW_WRONG_STATUS');
    expect(steps.find((s) => s.step === 'home_visit')?.reasonCode).toBe('REVIEW_WRONG_STATUS');
    expect(other.body.nextSteps.find((s: { step: string }) => s.step === 'approve')).toMatchObject({
      allowed: true,
    });
    expect(other.body.approvalRule).toMatchObject({
      tiered: true,
      streetMaxFen: 50000,
      ownLevel: 'street',
    });
  });

  it('R-AP-4: the clock filter lists a review at risk, then overdue, and not once it is decided', async () => {
    const caseId = await temporaryCase(STREET_B);
    const opened = await kit.post('/reviews', 'reviewer', {
      caseId,
      item: 'temporary',
      kind: 'expenditure',
    });
    const id = opened.body.id as string;
    const dueAt = new Date(opened.body.deadline.dueAt);
    const startedAt = new Date(opened.body.deadline.startedAt);
    expect(ids((await queue('streetB', '?clock=overdue')).body)).not.toContain(id);

    // Just before due: in the at-risk window, not overdue.
    kit.h.clock.now = new Date(dueAt.getTime() - 60_000);
    expect(startedAt < kit.h.clock.now).toBe(true);
    expect(ids((await queue('streetB', '?clock=at_risk')).body)).toContain(id);
    expect(ids((await queue('streetB', '?clock=overdue')).body)).not.toContain(id);

    kit.h.clock.now = new Date(dueAt.getTime() + 60_000);
    const overdue = await queue('streetB', '?clock=overdue');
    expect(ids(overdue.body)).toContain(id);
    expect(ids((await queue('streetB', '?clock=at_risk')).body)).not.toContain(id);

    expect(
      (await kit.post(`/reviews/${id}/withdraw`, 'reviewer', { reason: '申请人撤回' })).status,
    ).toBe(200);
    expect(ids((await queue('streetB', '?clock=overdue')).body)).not.toContain(id);
    expect(ids((await queue('streetB', '?status=withdrawn')).body)).toContain(id);
  });
});
