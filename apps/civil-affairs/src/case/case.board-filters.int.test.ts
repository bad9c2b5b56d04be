import { randomInt, randomUUID } from 'node:crypto';
import { AssistanceItem, Topics } from '@jh/contracts';
import { keycloakToken, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { application, startHarness, type Harness } from '../test-harness';

jest.setTimeout(120_000);

let h: Harness;
let county330105: string;
let street330106002: string;

beforeAll(async () => {
  h = await startHarness('ca-board');
  county330105 = await keycloakToken({
    userId: 'coord-330105',
    roles: ['coordinator'],
    regionCode: '330105',
  });
  street330106002 = await keycloakToken({
    userId: 'board-clerk-330106002',
    roles: ['window_clerk'],
    regionCode: '330106002',
  });
});
afterAll(async () => {
  await h?.stop();
});

interface Opened {
  id: string;
  number: string;
}

/** Opens a case of `regionCode` at the harness clock, with a numeric application number. */
async function open(regionCode: string): Promise<Opened> {
  const id = randomUUID();
  const number = `JH-2026-${String(randomInt(100_000, 999_999)).padStart(6, '0')}`;
  const payload = application(id, [AssistanceItem.ASSISTANCE_ITEM_EDUCATION], h.clock.now);
  await h.publish(
    Topics.applicationSubmitted,
    {
      ...payload,
      applicationNumber: number,
      applicant: { ...payload.applicant!, regionCode },
    },
    id,
  );
  await waitFor(async () => (h.of(Topics.partDispatched, id).length > 0 ? true : undefined), {
    what: 'PartDispatched',
  });
  return { id, number };
}

/** The derived due fields of a stored case (not sealed). */
async function dueFields(id: string) {
  const doc = await h.db
    .collection<{ _id: string; earliestOpenDueAt: Date; earliestOpenAtRiskAt: Date }>('cases')
    .findOne({ _id: id });
  return { dueAt: doc!.earliestOpenDueAt, atRiskAt: doc!.earliestOpenAtRiskAt };
}

const list = (token: string, query: string) =>
  request(h.base).get(`/cases?pageSize=200&${query}`).set('authorization', `Bearer ${token}`);
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id).sort();

describe('GET /cases: the board filters (region, deadline, application number)', () => {
  let overdue: Opened;
  let atRisk: Opened;
  let fresh: Opened;

  beforeAll(async () => {
    h.clock.now = new Date('2026-11-02T02:00:00Z');
    overdue = await open('330106001');
    h.clock.now = new Date('2026-11-03T02:00:00Z');
    atRisk = await open('330106002');
    // "Now" is the moment the second case enters its at-risk window.
    h.clock.now = (await dueFields(atRisk.id)).atRiskAt;
    fresh = await open('330105001');
    // The layout the assertions rely on, checked on the stored cases.
    expect((await dueFields(overdue.id)).dueAt.getTime()).toBeLessThan(h.clock.now.getTime());
    expect((await dueFields(atRisk.id)).dueAt.getTime()).toBeGreaterThan(h.clock.now.getTime());
    expect((await dueFields(fresh.id)).atRiskAt.getTime()).toBeGreaterThan(h.clock.now.getTime());
  });

  it('R-JH-4: deadline=overdue and deadline=at_risk are disjoint; overdue=true still answers the overdue cases', async () => {
    const city = h.coordinatorToken;
    expect(ids(await list(city, '').expect(200))).toEqual([overdue.id, atRisk.id, fresh.id].sort());
    const late = await list(city, 'deadline=overdue').expect(200);
    expect(ids(late)).toEqual([overdue.id]);
    expect(late.body.total).toBe(1);
    expect(ids(await list(city, 'overdue=true').expect(200))).toEqual([overdue.id]);
    expect(ids(await list(city, 'overdue=false').expect(200))).toEqual(
      [atRisk.id, fresh.id].sort(),
    );
    const soon = await list(city, 'deadline=at_risk').expect(200);
    expect(ids(soon)).toEqual([atRisk.id]);
    expect(soon.body.total).toBe(1);
    // One millisecond earlier nothing is at risk yet.
    h.clock.now = new Date(h.clock.now.getTime() - 1);
    expect(ids(await list(city, 'deadline=at_risk').expect(200))).toEqual([]);
    h.clock.now = new Date(h.clock.now.getTime() + 1);
  });

  it('R-OV-2: region narrows inside the caller’s scope; a region outside it answers an empty page, not an error', async () => {
    const city = h.coordinatorToken;
    expect(ids(await list(city, 'region=330106').expect(200))).toEqual(
      [overdue.id, atRisk.id].sort(),
    );
    expect(ids(await list(city, 'region=330106002').expect(200))).toEqual([atRisk.id]);
    expect(ids(await list(city, 'region=330106002&deadline=overdue').expect(200))).toEqual([]);
    expect(ids(await list(city, 'region=330100&deadline=at_risk').expect(200))).toEqual([
      atRisk.id,
    ]);

    expect(ids(await list(county330105, '').expect(200))).toEqual([fresh.id]);
    expect(ids(await list(county330105, 'region=330105001').expect(200))).toEqual([fresh.id]);
    const outside = await list(county330105, 'region=330106&page=2').expect(200);
    expect(outside.body).toEqual({ items: [], total: 0, page: 2, pageSize: 200 });

    // A street clerk: its own street only, whatever the region asked for.
    expect(ids(await list(street330106002, '').expect(200))).toEqual([atRisk.id]);
    expect(ids(await list(street330106002, 'region=330106').expect(200))).toEqual([atRisk.id]);
    expect(ids(await list(street330106002, 'region=330106001').expect(200))).toEqual([]);
  });

  it('q finds one case by its exact application number, inside the caller’s scope only', async () => {
    const city = h.coordinatorToken;
    expect(ids(await list(city, `q=${overdue.number}`).expect(200))).toEqual([overdue.id]);
    expect(ids(await list(city, `q=${overdue.number.toLowerCase()}`).expect(200))).toEqual([
      overdue.id,
    ]);
    expect(ids(await list(city, `q=${overdue.number}&deadline=at_risk`).expect(200))).toEqual([]);
    expect(ids(await list(county330105, `q=${overdue.number}`).expect(200))).toEqual([]);
    expect(ids(await list(county330105, `q=${fresh.number}`).expect(200))).toEqual([fresh.id]);
    // Searched through an index on the number (an indexed equality, ADR 0013/0017).
    const indexes = await h.db.collection('cases').indexes();
    expect(indexes.map((i) => i.key)).toContainEqual({ applicationNumber: 1 });
  });

  it('bad filters answer 400 with the field, a code and a Chinese message', async () => {
    const city = h.coordinatorToken;
    const details = async (query: string) =>
      (await list(city, query).expect(400)).body.error.details as {
        path: string;
        code: string;
        message: string;
      }[];
    expect(await details('q=123')).toEqual([
      { path: 'q', code: 'APPLICATION_NUMBER_INVALID', message: expect.stringMatching(/申请编号/) },
    ]);
    for (const region of ['33010', '330000', '3301060011'])
      expect((await details(`region=${region}`)).map((d) => [d.path, d.code])).toContainEqual([
        'region',
        'REGION_CODE_INVALID',
      ]);
    expect(await details('deadline=late')).toEqual([
      expect.objectContaining({ path: 'deadline', code: 'INVALID_VALUE' }),
    ]);
    expect(await details('overdue=true&deadline=at_risk')).toEqual([
      expect.objectContaining({ path: 'deadline', code: 'DEADLINE_CONFLICT' }),
    ]);
  });
});
