import { Topics } from '@jh/contracts';
import { HouseholdRelation } from '@jh/contracts';
import { keycloakToken } from '@jh/platform-testing';
import request from 'supertest';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(60000);

let h: IntakeHarness;
let clerk1: string;
let clerk2: string;
let reviewer: string;
let coordinator: string;
let officer: string;
const ids: string[] = [];

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  h = await startIntakeHarness('intake-list');
  clerk1 = await h.token('lh-clerk-1', ['window_clerk'], '330106');
  // Issue 13 (R-OV-2): a token's region limits what it sees, so the actors that work across the
  // fixture's two districts are city-level; hand-over targets are users of the directory (R-JH-5).
  clerk2 = await h.token('lh-clerk-2', ['window_clerk'], '330100');
  reviewer = await h.token('reviewer-1', ['first_reviewer'], '330106');
  coordinator = await h.token('coord-1', ['coordinator'], '330100');
  officer = await h.token('officer-1', ['department_officer'], '330106');
  // Hand-over targets are users of the identity provider (R-JH-5).
  await keycloakToken({ userId: 'lh-clerk-2', roles: ['window_clerk'], regionCode: '330100' });
  await keycloakToken({ userId: 'lh-clerk-3', roles: ['window_clerk'], regionCode: '330106' });
  // Six applications, created one after another so "newest first" is well defined.
  const forms = [
    { token: clerk1, items: ['dibao'], channel: 'window', regionCode: '330106' },
    { token: clerk1, items: ['medical', 'dibao'], channel: 'hotline', regionCode: '330106001' },
    { token: clerk2, items: ['housing'], channel: 'online', regionCode: '330108' },
    { token: clerk2, items: ['dibao'], channel: 'village_report', regionCode: '330108' },
    { token: clerk1, items: ['education'], channel: 'proactive_discovery', regionCode: '330106' },
    { token: clerk2, items: ['temporary'], channel: 'window', regionCode: '330106' },
  ];
  for (const f of forms) {
    const res = await request(h.base)
      .post('/applications')
      .set(auth(f.token))
      .send({
        ...validApplication,
        applicant: { ...validApplication.applicant, regionCode: f.regionCode },
        items: f.items,
        channel: f.channel,
      })
      .expect(201);
    ids.push(res.body.id);
  }
});

afterAll(async () => {
  await h?.stop();
});

const list = (query: string, token = coordinator) =>
  request(h.base).get(`/applications?${query}`).set(auth(token)).expect(200);

describe('application list: filters and pagination (newest first)', () => {
  it('pages newest first with a total count and masks identity data (R-OV-2)', async () => {
    const p1 = await list('pageSize=4');
    expect(p1.body).toMatchObject({ page: 1, pageSize: 4, total: 6 });
    expect(p1.body.items.map((i: { id: string }) => i.id)).toEqual([...ids].reverse().slice(0, 4));
    const p2 = await list('pageSize=4&page=2');
    expect(p2.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]]);
    const p3 = await list('pageSize=4&page=3');
    expect(p3.body).toMatchObject({ items: [], total: 6 });
    expect(p1.body.items[0].applicant).toMatchObject({
      idNumber: '110105********002X',
      phone: '138****8000',
      address: '浙江省杭州市****',
    });
    // Even roles entitled to the full number see it masked in lists.
    const asClerk = await list('pageSize=1', clerk1);
    expect(asClerk.body.items[0].applicant.idNumber).toBe('110105********002X');
    expect(JSON.stringify(p1.body)).not.toContain('11010519491231002X');
  });

  it('filters by item, channel, region (including finer codes), owner, status and date range', async () => {
    const idsOf = (res: request.Response) => res.body.items.map((i: { id: string }) => i.id);
    expect(idsOf(await list('item=dibao'))).toEqual([ids[3], ids[1], ids[0]]);
    expect(idsOf(await list('channel=window'))).toEqual([ids[5], ids[0]]);
    expect(idsOf(await list('regionCode=330106'))).toEqual([ids[5], ids[4], ids[1], ids[0]]);
    expect(idsOf(await list('regionCode=330106001'))).toEqual([ids[1]]);
    expect(idsOf(await list('owner=lh-clerk-2'))).toEqual([ids[5], ids[3], ids[2]]);
    expect(idsOf(await list('owner=lh-clerk-2&item=dibao&channel=village_report'))).toEqual([
      ids[3],
    ]);
    expect((await list('status=submitted')).body.total).toBe(6);
    expect((await list('status=approved')).body.total).toBe(0);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await list(`from=${today}&to=${today}`)).body.total).toBe(6);
    expect((await list('from=2020-01-01&to=2020-12-31')).body.total).toBe(0);
  });

  it('is not open to department officers', async () => {
    await request(h.base).get('/applications').set(auth(officer)).expect(403);
  });
});

describe('single application view (R-OV-2)', () => {
  it('shows the full ID number and phone only to window clerks and first reviewers', async () => {
    const full = await request(h.base)
      .get(`/applications/${ids[0]}`)
      .set(auth(reviewer))
      .expect(200);
    expect(full.body.applicant).toMatchObject({
      idNumber: '11010519491231002X',
      phone: '13800138000',
    });
    expect(full.body.householdMembers).toEqual([
      { name: '王小红', relation: 'spouse', idNumber: '330106199001011221' },
    ]);
    // Department officers see only their department's parts (issue 13): a coordinator stands in
    // as the role that reads applications without needing the full identity data.
    const masked = await request(h.base)
      .get(`/applications/${ids[0]}`)
      .set(auth(coordinator))
      .expect(200);
    expect(masked.body.applicant.idNumber).toBe('110105********002X');
    expect(masked.body.householdMembers[0].idNumber).toBe('330106********1221');
    await request(h.base).get('/applications/nope').set(auth(reviewer)).expect(404);
  });

  it('fills household, owner and missing papers into ApplicationSubmitted', async () => {
    const event = await h.eventFor(String(ids[0]));
    if (event.event.type !== Topics.applicationSubmitted) throw new Error('wrong type');
    expect(event.event.payload).toMatchObject({
      householdMembers: [
        {
          name: '王小红',
          relation: HouseholdRelation.HOUSEHOLD_RELATION_SPOUSE,
          idNumber: '330106199001011221',
        },
      ],
      missingDocuments: ['户口簿', '残疾证'],
      owner: { userId: 'lh-clerk-1', regionCode: '330106' },
      declarationSigned: true,
    });
  });
});

describe('R-JH-5 首问负责: explicit hand-over', () => {
  it('changes the owner and keeps who/when/why in the history', async () => {
    const id = String(ids[0]);
    const res = await request(h.base)
      .post(`/applications/${id}/handover`)
      .set(auth(clerk1))
      .send({
        toUserId: 'lh-clerk-3',
        toRegionCode: '330106',
        reason: '申请人户籍在西湖区以外，移交属地窗口',
      })
      .expect(200);
    expect(res.body.owner).toEqual({ userId: 'lh-clerk-3', regionCode: '330106' });
    expect(res.body.ownerHistory).toEqual([
      expect.objectContaining({ fromUserId: '', toUserId: 'lh-clerk-1', reason: '首问受理' }),
      expect.objectContaining({
        fromUserId: 'lh-clerk-1',
        toUserId: 'lh-clerk-3',
        byUserId: 'lh-clerk-1',
        reason: '申请人户籍在西湖区以外，移交属地窗口',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
    expect((await list('owner=lh-clerk-3')).body.items.map((i: { id: string }) => i.id)).toEqual([
      id,
    ]);
  });

  it('only the current owner (or a first reviewer / coordinator) may hand over, with a reason', async () => {
    const id = String(ids[1]);
    const notOwner = await request(h.base)
      .post(`/applications/${id}/handover`)
      .set(auth(clerk2))
      .send({ toUserId: 'lh-clerk-2', reason: '我来处理' })
      .expect(403);
    expect(notOwner.body.error.code).toBe('NOT_OWNER');
    const noReason = await request(h.base)
      .post(`/applications/${id}/handover`)
      .set(auth(clerk1))
      .send({ toUserId: 'lh-clerk-2' })
      .expect(400);
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    await request(h.base)
      .post(`/applications/${id}/handover`)
      .set(auth(clerk1))
      .send({ toUserId: 'lh-clerk-1', reason: '原负责人' })
      .expect(400);
    const byCoordinator = await request(h.base)
      .post(`/applications/${id}/handover`)
      .set(auth(coordinator))
      .send({ toUserId: 'lh-clerk-2', reason: '原负责人休假' })
      .expect(200);
    expect(byCoordinator.body.owner.userId).toBe('lh-clerk-2');
    expect(byCoordinator.body.ownerHistory.at(-1)).toMatchObject({
      fromUserId: 'lh-clerk-1',
      byUserId: 'coord-1',
    });
    await request(h.base)
      .post('/applications/nope/handover')
      .set(auth(coordinator))
      .send({ toUserId: 'lh-clerk-2', reason: '原负责人休假' })
      .expect(404);
  });
});

describe('R-JH-6 容缺受理: missing papers accepted now, supplied later', () => {
  it('accepts with papers outstanding and records each paper when supplied', async () => {
    const id = String(ids[2]);
    const created = await request(h.base).get(`/applications/${id}`).set(auth(clerk2)).expect(200);
    expect(created.body.outstandingDocuments).toEqual(['户口簿', '残疾证']);
    const res = await request(h.base)
      .post(`/applications/${id}/missing-documents/supplied`)
      .set(auth(clerk2))
      .send({ document: '残疾证', note: '已核验原件' })
      .expect(200);
    expect(res.body.missingDocuments).toEqual(['户口簿', '残疾证']);
    expect(res.body.outstandingDocuments).toEqual(['户口簿']);
    expect(res.body.suppliedDocuments).toEqual([
      expect.objectContaining({ name: '残疾证', suppliedBy: 'lh-clerk-2', note: '已核验原件' }),
    ]);
    const again = await request(h.base)
      .post(`/applications/${id}/missing-documents/supplied`)
      .set(auth(clerk2))
      .send({ document: '残疾证' })
      .expect(409);
    expect(again.body.error.code).toBe('DOCUMENT_ALREADY_SUPPLIED');
    const unknown = await request(h.base)
      .post(`/applications/${id}/missing-documents/supplied`)
      .set(auth(clerk2))
      .send({ document: '结婚证' })
      .expect(400);
    expect(unknown.body.error.details[0].code).toBe('DOCUMENT_NOT_MISSING');
    const row = (await list('owner=lh-clerk-2&channel=online')).body.items[0];
    expect(row.outstandingDocuments).toEqual(['户口簿']);
  });
});
