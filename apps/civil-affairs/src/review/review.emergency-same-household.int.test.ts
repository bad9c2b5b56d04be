import { randomUUID } from 'node:crypto';
import { AssistanceItem, HouseholdRelation, type ApplicationSubmitted } from '@jh/contracts';
import { OPENED, startReviewKit, throughChecks, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let kit: ReviewKit;
const TEMPORARY = [AssistanceItem.ASSISTANCE_ITEM_TEMPORARY];

beforeAll(async () => {
  kit = await startReviewKit('review-same-household');
});
afterAll(async () => {
  await kit?.stop();
});

/** A case of `applicant` with `members` in the household. */
function household(applicant: string, members: string[] = []) {
  return (app: ApplicationSubmitted) => {
    if (app.applicant) app.applicant.idNumber = applicant;
    app.householdMembers = members.map((idNumber) => ({
      name: '家庭成员',
      relation: HouseholdRelation.HOUSEHOLD_RELATION_SPOUSE,
      idNumber,
    }));
  };
}

const emergency = (caseId: string, occurredOn: string, category = 'accident_or_fire') => ({
  caseId,
  item: 'temporary',
  kind: 'emergency',
  emergency: { category, occurredOn, description: `事项描述${caseId.slice(0, 6)}` },
});

const firstAid = (requestId: string, idNumber: string, amountFen: number, occurredOn: string) => ({
  requestId,
  recipient: { name: '张三', idNumber, citizenCardNo: '3301069876543210', regionCode: '330106' },
  amountFen,
  situation: { category: 'accident_or_fire', occurredOn, description: '住房失火' },
});

describe('R-AP-6 R-AP-9 one aid per household and emergency, however it is worded (real engines)', () => {
  it('R-AP-6: the same fire reported by another household member, one day later, under another category, is refused; state unchanged, no event', async () => {
    const husband = validIdNumber(811);
    const wife = validIdNumber(812, '19820202');
    const first = await kit.newCase(TEMPORARY, household(husband, [wife]));
    const a = await kit.post('/reviews', 'reviewer', emergency(first, '2026-10-30'));
    expect(
      (await kit.post(`/reviews/${a.body.id}/fast-aid`, 'street', { amountFen: 20000 })).status,
    ).toBe(200);

    const second = await kit.newCase(TEMPORARY, household(wife));
    const b = await kit.post(
      '/reviews',
      'reviewer',
      emergency(second, '2026-10-31', 'special_misfortune'),
    );
    const before = await kit.get(`/reviews/${b.body.id}`);
    const refused = await kit.post(`/reviews/${b.body.id}/fast-aid`, 'street', {
      amountFen: 20000,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
    expect((await kit.get(`/reviews/${b.body.id}`)).body).toEqual(before.body);
    expect(await kit.outboxBeyondSteps(b.body.id)).toEqual([]);
    expect(await kit.settledEvents(second)).toEqual([]);
    expect(await kit.count('emergency_aid_guards', { ownerId: b.body.id })).toBe(0);
  });

  it('R-AP-9: a second first aid for the same person and emergency (date moved a day, another request) is refused; paid once', async () => {
    kit.h.clock.now = OPENED;
    const person = validIdNumber(821);
    const one = randomUUID();
    expect(
      (await kit.post('/first-aid', 'street', firstAid(one, person, 100000, '2026-11-01'))).status,
    ).toBe(201);
    const two = randomUUID();
    const again = await kit.post(
      '/first-aid',
      'street2',
      firstAid(two, person, 100000, '2026-11-02'),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
    expect(await kit.raw('first_aid', two)).toBeNull();
    expect(await kit.settledEvents(two)).toEqual([]);
    expect(await kit.approvedEvents(one)).toHaveLength(1);
  });

  it('R-AP-9 R-AP-6: a second first aid for another member of the same household (named in the request, or through the case) is refused; paid once', async () => {
    kit.h.clock.now = OPENED;
    const mother = validIdNumber(841, '19700303');
    const son = validIdNumber(842, '20000404');
    const daughter = validIdNumber(843, '20020505');
    const caseId = await kit.newCase(TEMPORARY, household(mother, [son]));
    const one = randomUUID();
    const forMother = { ...firstAid(one, mother, 50000, '2026-10-28'), caseId };
    expect((await kit.post('/first-aid', 'street', forMother)).status).toBe(201);

    // The son has no case of his own; the mother's case knows him.
    const two = randomUUID();
    const forSon = await kit.post('/first-aid', 'street2', firstAid(two, son, 50000, '2026-10-29'));
    expect(forSon.status).toBe(409);
    expect(forSon.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
    expect(await kit.raw('first_aid', two)).toBeNull();

    // A first aid without a case that names the household member is refused too.
    const three = randomUUID();
    const daughterFirst = await kit.post('/first-aid', 'street', {
      ...firstAid(three, daughter, 30000, '2026-10-27'),
      householdIdNumbers: [daughter, mother],
    });
    expect(daughterFirst.status).toBe(409);
    expect(daughterFirst.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
    expect(await kit.raw('first_aid', three)).toBeNull();
    expect(await kit.settledEvents(two)).toEqual([]);
    expect(await kit.settledEvents(three)).toEqual([]);
    expect(await kit.approvedEvents(one)).toHaveLength(1);
  });

  it('R-AP-9: a household member ID number that is not valid is refused with its field, nothing stored', async () => {
    kit.h.clock.now = OPENED;
    const id = randomUUID();
    const res = await kit.post('/first-aid', 'street', {
      ...firstAid(id, validIdNumber(851), 30000, '2026-10-27'),
      householdIdNumbers: ['110105194912310021'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({
      path: 'householdIdNumbers.0',
      code: 'ID_NUMBER_CHECKSUM',
    });
    expect(await kit.raw('first_aid', id)).toBeNull();
  });

  it('R-AP-9 R-AP-5: the regular approval after first aid for the same emergency completes it (linked, amounts added for the tier), and no third aid follows', async () => {
    kit.h.clock.now = OPENED;
    const person = validIdNumber(831);
    const aidId = randomUUID();
    expect(
      (await kit.post('/first-aid', 'street', firstAid(aidId, person, 40000, '2026-11-01'))).status,
    ).toBe(201);

    const caseId = await kit.newCase(TEMPORARY, household(person));
    const id = await throughChecks(kit, emergency(caseId, '2026-11-01', 'sudden_illness'));
    // 400 元 first aid + 200 元 now = 600 元 for the same emergency: the county's.
    const street = await kit.post(`/reviews/${id}/approve`, 'street', { amountFen: 20000 });
    expect(street.status).toBe(403);
    expect(street.body.error.code).toBe('APPROVAL_LEVEL_TOO_LOW');
    const county = await kit.post(`/reviews/${id}/approve`, 'county', { amountFen: 20000 });
    expect(county.status).toBe(200);
    expect(county.body.approval.level).toBe('county');
    expect(county.body.approvals[0].linkedFirstAids).toEqual([
      { approvalId: aidId, amountFen: 40000 },
    ]);
    expect(await kit.approvedEvents(caseId)).toHaveLength(1);

    kit.h.clock.now = new Date('2026-11-09T02:00:00Z');
    const third = await kit.post(
      '/first-aid',
      'street',
      firstAid(randomUUID(), person, 10000, '2026-11-02'),
    );
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
  });
});
