import { AssistanceItem } from '@jh/contracts';
import { startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let kit: ReviewKit;
let serial = 600;

beforeAll(async () => {
  kit = await startReviewKit('review-tier-total');
});
afterAll(async () => {
  await kit?.stop();
});

/** A 支出型 临时救助 review of its own applicant, ready for approval (民主评议 agreed). */
async function expenditureReview() {
  const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_TEMPORARY], (app) => {
    if (app.applicant) app.applicant.idNumber = validIdNumber(serial++);
  });
  const id = await throughChecks(kit, { caseId, item: 'temporary', kind: 'expenditure' });
  const reviewed = await kit.post(`/reviews/${id}/democratic-review`, 'reviewer', {
    heldOn: '2026-11-06',
    participantCount: 9,
    conclusion: 'agree',
  });
  expect(reviewed.status).toBe(200);
  return { caseId, id };
}

describe('R-AP-5 the level follows the total approved for the same case (real engines)', () => {
  it('R-AP-5: after a street approval of 500 元, a 500 元 follow-up by the street is refused and routed to the county; the county approves it', async () => {
    const { caseId, id } = await expenditureReview();
    const approved = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 50000 });
    expect(approved.status).toBe(200);
    expect(approved.body.approval.level).toBe('street');

    const followUp = { amountFen: 50000, reason: '医疗费用持续发生，跟进救助' };
    const refused = await kit.post(`/reviews/${id}/follow-up`, 'street', followUp);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('APPROVAL_LEVEL_TOO_LOW');
    expect(refused.body.error.message).toContain('累计审批1,000.00 元');
    const after = await kit.get(`/reviews/${id}`);
    expect(after.body.approvals).toHaveLength(1);
    expect(after.body.routedTo).toMatchObject({ level: 'county' });
    expect(await kit.settledEvents(caseId)).toHaveLength(1);

    const byCounty = await kit.post(`/reviews/${id}/follow-up`, 'county', followUp);
    expect(byCounty.status).toBe(200);
    expect(byCounty.body.approvals.at(-1)).toMatchObject({ kind: 'follow_up', level: 'county' });
    expect(await kit.approvedEvents(caseId, 2)).toHaveLength(2);
  });

  it('R-AP-5: a case routed to the county at 601 元 cannot then be approved by the street at 500 元', async () => {
    const { caseId, id } = await expenditureReview();
    const routed = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 60100 });
    expect(routed.status).toBe(403);
    expect(routed.body.error.code).toBe('APPROVAL_LEVEL_TOO_LOW');
    expect((await kit.get(`/reviews/${id}`)).body.routedTo).toMatchObject({ level: 'county' });

    const lower = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 50000 });
    expect(lower.status).toBe(403);
    expect(lower.body.error.code).toBe('APPROVAL_LEVEL_TOO_LOW');
    expect(lower.body.error.message).toContain('该案件已转县（区）民政局审批');
    const still = await kit.get(`/reviews/${id}`);
    expect(still.body.status).toBe('awaiting_confirmation');
    expect(still.body.approvals).toEqual([]);
    expect(await kit.settledEvents(caseId)).toEqual([]);

    const county = await kit.post(`/reviews/${id}/approve`, 'county', { amountFen: 50000 });
    expect(county.status).toBe(200);
    expect(county.body.approval.level).toBe('county');
  });
});
