import { startHarness, type Harness, clientFor, validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let h: Harness;
let api: Awaited<ReturnType<typeof clientFor>>;

beforeAll(async () => {
  h = await startHarness('oversight-relatives');
  api = await clientFor(h);
});
afterAll(async () => {
  await h?.stop();
});

const filing = (overrides: Record<string, unknown> = {}) => ({
  staffId: 'staff-zhang',
  staffName: '张建国',
  staffRole: 'assistance_staff',
  post: '社会救助经办员',
  relativeName: '张小红',
  relativeIdNumber: validIdNumber(1),
  relation: 'spouse',
  ...overrides,
});

const listAll = async () => (await api.get('/oversight/relatives?pageSize=200', 'county')).body;

describe('R-AP-8 relatives-of-staff registry (近亲属备案) through the HTTP API', () => {
  it('R-AP-8 registers a close relative, masks the ID number in every view and audits the filer from the token', async () => {
    const idNumber = validIdNumber(2);
    const created = await api.post(
      '/oversight/relatives',
      'clerk',
      filing({ relativeIdNumber: idNumber }),
    );
    expect(created.status).toBe(201);
    expect(created.body.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    expect(JSON.stringify(created.body)).not.toContain(idNumber);
    expect(created.body.registrationId).toBe(`${created.body.id}~staff-zhang`);
    expect(created.body.registrations).toEqual([
      expect.objectContaining({
        staffId: 'staff-zhang',
        staffName: '张建国',
        staffRoleZh: '社会救助经办人员',
        relation: 'spouse',
        relationZh: '配偶',
        active: true,
        registeredBy: 'clerk-1',
      }),
    ]);
    expect(created.body.audit).toEqual([
      expect.objectContaining({ action: 'registered', byUserId: 'clerk-1' }),
    ]);
    const read = await api.get(`/oversight/relatives/${created.body.id}`, 'auditor');
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(idNumber);
    const listed = await listAll();
    expect(JSON.stringify(listed)).not.toContain(idNumber);
  });

  it('R-AP-8 refuses a second filing of the same relative for the same staff member (deterministic id) and changes nothing', async () => {
    const idNumber = validIdNumber(3);
    const first = await api.post(
      '/oversight/relatives',
      'county',
      filing({ relativeIdNumber: idNumber }),
    );
    expect(first.status).toBe(201);
    const snapshot = (await api.get(`/oversight/relatives/${first.body.id}`, 'county')).body;
    // Lower-case x / spaces normalise to the same person.
    const again = await api.post(
      '/oversight/relatives',
      'reviewer',
      filing({ relativeIdNumber: ` ${idNumber.toLowerCase()} `, relation: 'parent' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('RELATIVE_ALREADY_REGISTERED');
    const after = await api.get(`/oversight/relatives/${first.body.id}`, 'county');
    expect(after.body).toEqual(snapshot);
    expect(after.body.registrations).toHaveLength(1);
    expect(after.body.registrations[0].relation).toBe('spouse');
    expect(after.body.audit).toHaveLength(1);

    // Another staff member with the same relative is a second filing on the same person.
    const other = await api.post(
      '/oversight/relatives',
      'county',
      filing({
        relativeIdNumber: idNumber,
        staffId: 'cadre-li',
        staffName: '李村长',
        staffRole: 'village_cadre',
        post: '村委会主任',
        relation: 'sibling',
      }),
    );
    expect(other.status).toBe(201);
    expect(other.body.id).toBe(first.body.id);
    expect(other.body.registrations).toHaveLength(2);
  });

  it('R-AP-8 refuses bad input (ID checksum, unknown relation, body user id) and wrong roles; nothing stored', async () => {
    const before = await listAll();
    const bad = validIdNumber(4).slice(0, 17) + (validIdNumber(4).endsWith('1') ? '2' : '1');
    const checksum = await api.post(
      '/oversight/relatives',
      'county',
      filing({ relativeIdNumber: bad }),
    );
    expect(checksum.status).toBe(400);
    expect(checksum.body.error.details).toEqual([
      expect.objectContaining({ path: 'relativeIdNumber', code: 'ID_NUMBER_CHECKSUM' }),
    ]);
    const relation = await api.post(
      '/oversight/relatives',
      'county',
      filing({ relativeIdNumber: validIdNumber(4), relation: 'friend' }),
    );
    expect(relation.status).toBe(400);
    const spoof = await api.post('/oversight/relatives', 'county', {
      ...filing({ relativeIdNumber: validIdNumber(4) }),
      registeredBy: 'someone',
    });
    expect(spoof.status).toBe(400);
    const operator = await api.post('/oversight/relatives', 'county', {
      ...filing({ relativeIdNumber: validIdNumber(4) }),
      $set: {},
    });
    expect(operator.status).toBe(400);
    const officer = await api.post(
      '/oversight/relatives',
      'officer',
      filing({ relativeIdNumber: validIdNumber(4) }),
    );
    expect(officer.status).toBe(403);
    const anonymous = await (await import('supertest')).default(h.base).get('/oversight/relatives');
    expect(anonymous.status).toBe(401);
    expect(await listAll()).toEqual(before);
  });

  it('R-AP-8 lists with pagination and filters by staff, staff role and status', async () => {
    for (let i = 10; i < 13; i++) {
      const res = await api.post(
        '/oversight/relatives',
        'county',
        filing({
          relativeIdNumber: validIdNumber(i),
          staffId: 'cadre-wang',
          staffName: '王书记',
          staffRole: 'community_cadre',
          post: '社区书记',
          relation: 'child',
        }),
      );
      expect(res.status).toBe(201);
    }
    const page1 = await api.get(
      '/oversight/relatives?staffId=cadre-wang&pageSize=2&page=1',
      'coordinator',
    );
    const page2 = await api.get(
      '/oversight/relatives?staffId=cadre-wang&pageSize=2&page=2',
      'coordinator',
    );
    expect(page1.body.total).toBe(3);
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items).toHaveLength(1);
    const ids = [...page1.body.items, ...page2.body.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(3);
    const byRole = await api.get('/oversight/relatives?staffRole=community_cadre', 'county');
    expect(byRole.body.total).toBe(3);
    const bad = await api.get('/oversight/relatives?staffRole=mayor', 'county');
    expect(bad.status).toBe(400);
    const inactive = await api.get('/oversight/relatives?status=inactive', 'county');
    expect(inactive.body.total).toBe(0);
  });

  it("R-AP-8 the check flags registered relatives; a deactivated filing (county only, with reason, audited, not one's own) stops flagging", async () => {
    const relative = validIdNumber(20);
    const stranger = validIdNumber(21);
    const created = await api.post(
      '/oversight/relatives',
      'county',
      filing({
        relativeIdNumber: relative,
        staffId: 'chk-a',
        staffName: '陈核查',
        relation: 'parent',
      }),
    );
    expect(created.status).toBe(201);
    const flagged = await api.post('/oversight/relatives/check', 'reviewer', {
      idNumbers: [stranger, relative.toLowerCase()],
    });
    expect(flagged.status).toBe(200);
    expect(flagged.body.ruleId).toBe('R-AP-8');
    expect(flagged.body.flagged).toBe(true);
    expect(flagged.body.reason).toContain('近亲属');
    expect(flagged.body.matches).toEqual([
      expect.objectContaining({
        idNumber: `${relative.slice(0, 6)}********${relative.slice(14)}`,
        staffName: '陈核查',
        relation: '父母',
        staffId: 'chk-a',
      }),
    ]);
    const clean = await api.post('/oversight/relatives/check', 'reviewer', {
      idNumbers: [stranger],
    });
    expect(clean.body).toEqual({ ruleId: 'R-AP-8', flagged: false, matches: [] });

    const regId = created.body.registrationId as string;
    const path = `/oversight/relatives/registrations/${regId}/deactivate`;
    const snapshot = (await api.get(`/oversight/relatives/${created.body.id}`, 'county')).body;
    expect((await api.post(path, 'reviewer', { reason: '调离岗位' })).status).toBe(403);
    expect((await api.post(path, 'county', {})).status).toBe(400);
    const self = await api.post(path, 'checkerA', { reason: '调离岗位' });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('SELF_DEACTIVATION');
    expect((await api.get(`/oversight/relatives/${created.body.id}`, 'county')).body).toEqual(
      snapshot,
    );

    const ended = await api.post(path, 'county', { reason: '该工作人员已调离社会救助岗位' });
    expect(ended.status).toBe(200);
    expect(ended.body.active).toBe(false);
    expect(ended.body.registrations[0]).toEqual(
      expect.objectContaining({
        active: false,
        deactivatedBy: 'cty-1',
        deactivationReason: '该工作人员已调离社会救助岗位',
      }),
    );
    expect(ended.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'registered',
      'deactivated',
    ]);
    const twice = await api.post(path, 'county2', { reason: '重复' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('RELATIVE_REGISTRATION_INACTIVE');
    const after = await api.post('/oversight/relatives/check', 'reviewer', {
      idNumbers: [relative],
    });
    expect(after.body.flagged).toBe(false);
    const inactive = await api.get('/oversight/relatives?status=inactive', 'county');
    expect(inactive.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);

    // Filing again (back in post) reactivates the same registration, audited.
    const again = await api.post(
      '/oversight/relatives',
      'county',
      filing({
        relativeIdNumber: relative,
        staffId: 'chk-a',
        staffName: '陈核查',
        relation: 'parent',
      }),
    );
    expect(again.status).toBe(201);
    expect(again.body.registrationId).toBe(regId);
    expect(again.body.registrations).toHaveLength(1);
    expect(again.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'registered',
      'deactivated',
      'reregistered',
    ]);
    expect(
      (await api.post('/oversight/relatives/check', 'reviewer', { idNumbers: [relative] })).body
        .flagged,
    ).toBe(true);
  });

  it('R-AP-8 an unknown registration is 404 and a malformed check body 400', async () => {
    const missing = await api.post(
      '/oversight/relatives/registrations/nope~x/deactivate',
      'county',
      { reason: '无' },
    );
    expect(missing.status).toBe(404);
    expect(
      (await api.post('/oversight/relatives/check', 'reviewer', { idNumbers: [] })).status,
    ).toBe(400);
    expect((await api.get('/oversight/relatives/unknown', 'county')).status).toBe(404);
  });
});
