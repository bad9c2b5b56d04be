import { AssistanceItem, HouseholdRelation } from '@jh/contracts';
import { startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let kit: ReviewKit;
const APPLICANT_ID = '11010519491231002X'; // the harness application's applicant
const CARD = '3301061234567890';

beforeAll(async () => {
  kit = await startReviewKit('review-recipient');
});
afterAll(async () => {
  await kit?.stop();
});

describe('approval recipient and R-AP-8 relatives review (real Kafka + MongoDB-wire engine)', () => {
  it('R-PAY-1 recipient: AssistanceApproved names the applicant by ID number and citizen card; views show them masked (R-OV-2)', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const id = await throughChecks(kit, { caseId, item: 'dibao' });
    const approved = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 80000 });
    expect(approved.status).toBe(200);

    const [event] = await kit.approvedEvents(caseId);
    expect(event?.recipient).toEqual({
      name: '王小明',
      idNumber: APPLICANT_ID,
      citizenCardNo: CARD,
      regionCode: '330106',
    });
    expect(approved.body.applicantIdNumber).toBe('110105********002X');
    expect(approved.body.citizenCardNo).toBe('************7890');
    for (const body of [approved.body, (await kit.get(`/cases/${caseId}`)).body]) {
      expect(JSON.stringify(body)).not.toContain(APPLICANT_ID);
      expect(JSON.stringify(body)).not.toContain(CARD);
    }
  });

  it('R-AP-8: a flagged 低保 review is refused approval without the county relatives review (RELATIVES_REVIEW_REQUIRED), state unchanged and no event; the reviewer must not have acted and may not approve', async () => {
    const member = validIdNumber(801);
    const filed = await kit.post('/oversight/relatives', 'county', {
      staffId: 'staff-zhao',
      staffName: '赵经办',
      staffRole: 'assistance_staff',
      post: '社会救助经办员',
      relativeName: '王小红',
      relativeIdNumber: member,
      relation: 'sibling',
    });
    expect(filed.status).toBe(201);
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO], (app) => {
      app.householdMembers = [
        {
          name: '王小红',
          relation: HouseholdRelation.HOUSEHOLD_RELATION_SIBLING,
          idNumber: member,
        },
      ];
    });
    const id = await throughChecks(kit, { caseId, item: 'dibao' });
    const flagged = await kit.get(`/reviews/${id}`);
    expect(flagged.body.relatives).toMatchObject({ flagged: true, reviewRequired: true });
    expect(flagged.body.relatives.matches).toEqual([
      expect.objectContaining({
        staffName: '赵经办',
        idNumber: `${member.slice(0, 6)}********${member.slice(14)}`,
      }),
    ]);
    expect(JSON.stringify(flagged.body)).not.toContain(member);

    const refused = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 80000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RELATIVES_REVIEW_REQUIRED');
    expect((await kit.get(`/reviews/${id}`)).body).toEqual(flagged.body);
    expect(await kit.outboxBeyondSteps(id)).toEqual([]);

    // Only the county, and only someone who has not acted on this review (rev-1 did 初审).
    const street = await kit.post(`/reviews/${id}/relatives-review`, 'street', {
      opinion: '已复核',
    });
    expect(street.status).toBe(403);
    const actedBefore = await kit.post(`/reviews/${id}/relatives-review`, 'reviewerAsCounty', {
      opinion: '已复核',
    });
    expect(actedBefore.status).toBe(403);
    expect(actedBefore.body.error.code).toBe('RELATIVES_REVIEWER_ALREADY_ACTED');
    expect((await kit.get(`/reviews/${id}`)).body).toEqual(flagged.body);

    const reviewed = await kit.post(`/reviews/${id}/relatives-review`, 'county2', {
      opinion: '经复核，家庭经济状况属实，同意继续审核',
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.relatives).toMatchObject({
      reviewRequired: false,
      review: { byUserId: 'cty-2' },
    });
    expect(reviewed.body.audit.at(-1)).toMatchObject({
      action: 'relatives_review',
      byUserId: 'cty-2',
    });

    const sameReviewer = await kit.post(`/reviews/${id}/approve`, 'county2', { amountFen: 80000 });
    expect(sameReviewer.status).toBe(403);
    expect(sameReviewer.body.error.code).toBe('SOD_SAME_PERSON');
    expect(await kit.settledEvents(caseId)).toEqual([]);

    const approved = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 80000 });
    expect(approved.status).toBe(200);
    expect(await kit.approvedEvents(caseId)).toHaveLength(1);
  });

  it('R-AP-8: an unflagged review needs no relatives review', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const id = await throughChecks(kit, { caseId, item: 'dibao' });
    const view = await kit.get(`/reviews/${id}`);
    expect(view.body.relatives).toMatchObject({ flagged: false, reviewRequired: false });
    const refused = await kit.post(`/reviews/${id}/relatives-review`, 'county2', { opinion: '无' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RELATIVES_REVIEW_NOT_REQUIRED');
  });
});
