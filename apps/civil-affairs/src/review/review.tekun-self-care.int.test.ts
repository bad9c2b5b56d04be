import { AssistanceItem } from '@jh/contracts';
import { startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';

jest.setTimeout(60000);

let kit: ReviewKit;

beforeAll(async () => {
  kit = await startReviewKit('review-tekun');
});
afterAll(async () => {
  await kit?.stop();
});

describe('R-AP-3 特困 self-care assessment (real Kafka + MongoDB-wire engine)', () => {
  it('R-AP-3: 特困 approval without the self-care assessment is refused (SELF_CARE_ASSESSMENT_REQUIRED), state unchanged and no event; once recorded, partly unable → 集中供养, 半护理', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_TEKUN]);
    const id = await throughChecks(kit, { caseId, item: 'tekun' });
    const before = await kit.get(`/reviews/${id}`);
    expect(before.body.selfCare).toBeNull();

    const refused = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 120000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SELF_CARE_ASSESSMENT_REQUIRED');
    expect(refused.body.error.message).toContain('生活自理能力评估');
    expect((await kit.get(`/reviews/${id}`)).body).toEqual(before.body);
    expect(await kit.outboxBeyondSteps(id)).toEqual([]);
    expect(await kit.settledEvents(caseId)).toEqual([]);

    const badAbility = await kit.post(`/reviews/${id}/self-care`, 'reviewer', {
      ability: 'unknown',
    });
    expect(badAbility.status).toBe(400);
    const assessed = await kit.post(`/reviews/${id}/self-care`, 'reviewer', {
      ability: 'partly_unable',
      note: '行动需他人协助',
    });
    expect(assessed.status).toBe(200);
    expect(assessed.body.selfCare).toMatchObject({
      ability: 'partly_unable',
      supportMode: 'centralized',
      careStandard: 'half_care',
      byUserId: 'rev-1',
    });
    expect(assessed.body.audit.at(-1)).toMatchObject({
      action: 'self_care_assessed',
      byUserId: 'rev-1',
    });
    expect(assessed.body.audit.at(-1).reason).toContain('集中供养');
    const again = await kit.post(`/reviews/${id}/self-care`, 'reviewer', { ability: 'fully_able' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RECORDED');

    const approved = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 120000 });
    expect(approved.status).toBe(200);
    expect(await kit.approvedEvents(caseId)).toHaveLength(1);
  });

  it('R-AP-3: the assessment recorded at the home visit decides the support: fully able → 分散供养 全自理, fully unable → 集中供养 全护理', async () => {
    const able = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_TEKUN]);
    const ableId = await throughChecks(
      kit,
      { caseId: able, item: 'tekun' },
      { selfCare: { ability: 'fully_able' } },
    );
    expect((await kit.get(`/reviews/${ableId}`)).body.selfCare).toMatchObject({
      supportMode: 'dispersed',
      careStandard: 'full_self_care',
    });
    const unable = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_TEKUN]);
    const unableId = await throughChecks(
      kit,
      { caseId: unable, item: 'tekun' },
      { selfCare: { ability: 'fully_unable', note: '长期卧床' } },
    );
    const view = await kit.get(`/reviews/${unableId}`);
    expect(view.body.selfCare).toMatchObject({
      supportMode: 'centralized',
      careStandard: 'full_care',
      note: '长期卧床',
    });
    expect(
      view.body.audit.find((a: { action: string }) => a.action === 'home_visit').reason,
    ).toContain('完全丧失生活自理能力');
  });

  it('R-AP-3: the self-care assessment applies to 特困 only; a 低保 home visit with it is refused, state unchanged', async () => {
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const opened = await kit.post('/reviews', 'reviewer', { caseId, item: 'dibao' });
    const id = opened.body.id as string;
    await kit.post(`/reviews/${id}/first-review`, 'reviewer', {});
    const before = await kit.get(`/reviews/${id}`);
    const refused = await kit.post(`/reviews/${id}/home-visit`, 'reviewer', {
      visitedOn: '2026-11-02',
      selfCare: { ability: 'fully_able' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SELF_CARE_NOT_APPLICABLE');
    expect((await kit.get(`/reviews/${id}`)).body).toEqual(before.body);
  });
});
