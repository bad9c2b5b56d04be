import { accessTable, resourceKinds, rolesFor } from './access-table';
import { decide, listAccess, listScope, mayAccess, type Subject } from './decide';

const who = (roles: string[], regionCode?: string, department?: string): Subject => ({
  userId: 'u',
  roles,
  regionCode,
  department,
});
const read = (regionCode?: string) => ({
  kind: 'application' as const,
  op: 'read' as const,
  regionCode,
});
const write = (regionCode?: string) => ({
  kind: 'application' as const,
  op: 'write' as const,
  regionCode,
});

describe('region scope of a single record (R-OV-2)', () => {
  it('R-OV-2: street staff see their street (and its communities), nothing else', () => {
    const clerk = who(['window_clerk'], '330106001');
    expect(decide(clerk, read('330106001'))).toBe('allow');
    expect(decide(clerk, read('330106001002'))).toBe('allow');
    expect(decide(clerk, read('330106002'))).toBe('not-found');
    expect(decide(clerk, read('330106'))).toBe('not-found');
    expect(decide(clerk, write('330105001'))).toBe('not-found');
  });

  it('R-OV-2: county staff see all their streets; the city sees every county', () => {
    const county = who(['first_reviewer'], '330106');
    expect(decide(county, read('330106001'))).toBe('allow');
    expect(decide(county, read('330106002'))).toBe('allow');
    expect(decide(county, read('330106'))).toBe('allow');
    expect(decide(county, read('330105001'))).toBe('not-found');
    const city = who(['coordinator'], '330100');
    for (const code of ['330106001', '330105002', '330105', '330100']) {
      expect(decide(city, write(code))).toBe('allow');
    }
    expect(decide(city, read('330200'))).toBe('not-found');
  });

  it('R-OV-2: a subject without a usable region code sees nothing', () => {
    for (const region of [undefined, '', 'x', '330000', '330106001002']) {
      expect(decide(who(['coordinator'], region), read('330106001'))).toBe('not-found');
    }
  });

  it('R-OV-2: a record without a valid region is seen only by services', () => {
    expect(decide(who(['coordinator'], '330100'), read(undefined))).toBe('not-found');
    expect(decide(who(['coordinator'], '330100'), read('bad'))).toBe('not-found');
    expect(decide(who(['service']), read(undefined))).toBe('allow');
  });

  it('R-OV-2: the wrong role is forbidden wherever the record is', () => {
    expect(decide(who(['payment_staff'], '330106'), read('330106001'))).toBe('forbidden');
    expect(decide(who(['payment_staff'], '330106'), read('330105001'))).toBe('forbidden');
    expect(decide(who([], '330106'), read('330106'))).toBe('forbidden');
  });
});

describe('auditors and service accounts (R-OV-2, R-OV-1)', () => {
  it('R-OV-2: auditors read within their region and never write any kind', () => {
    const auditor = who(['auditor'], '330106');
    expect(decide(auditor, read('330106001'))).toBe('allow');
    expect(decide(auditor, read('330105001'))).toBe('not-found');
    for (const kind of resourceKinds) {
      expect(rolesFor(kind, 'write')).not.toContain('auditor');
      expect(decide(auditor, { kind, op: 'write', regionCode: '330106001' })).toBe('forbidden');
    }
  });

  it('R-OV-2: services read every kind everywhere and write nothing through user endpoints', () => {
    const service = who(['service']);
    for (const kind of resourceKinds) {
      expect(decide(service, { kind, op: 'read', regionCode: '330105002' })).toBe('allow');
      expect(decide(service, { kind, op: 'write', regionCode: '330105002' })).toBe('forbidden');
    }
    expect(listScope(service)).toEqual({ all: true });
  });
});

describe('department parts (R-JH-2, R-OV-2)', () => {
  const part = (department?: string, op: 'read' | 'write' = 'read') => ({
    kind: 'part' as const,
    op,
    regionCode: '330106001',
    department,
  });

  it("R-JH-2: department officers see only their own department's parts, in their region", () => {
    const officer = who(['department_officer'], '330106', 'education');
    expect(decide(officer, part('education'))).toBe('allow');
    expect(decide(officer, part('education', 'write'))).toBe('allow');
    expect(decide(officer, part('housing'))).toBe('not-found');
    expect(decide(officer, part(undefined))).toBe('not-found');
    expect(decide(who(['department_officer'], '330106'), part('education'))).toBe('not-found');
    expect(decide(who(['department_officer'], '330105', 'education'), part('education'))).toBe(
      'not-found',
    );
  });

  it('R-JH-4: coordinators read every department in their region but do not handle parts', () => {
    const coordinator = who(['coordinator'], '330106');
    expect(decide(coordinator, part('housing'))).toBe('allow');
    expect(decide(coordinator, part('housing', 'write'))).toBe('forbidden');
    // Another role next to the officer's lifts the department limit only for what it grants.
    const both = who(['department_officer', 'coordinator'], '330106', 'education');
    expect(decide(both, part('housing'))).toBe('allow');
    expect(decide(both, part('housing', 'write'))).toBe('not-found');
  });

  it('R-OV-2: payment staff see payment kinds and nothing of the case files', () => {
    const payment = who(['payment_staff'], '330106');
    expect(decide(payment, { kind: 'order', op: 'write', regionCode: '330106001' })).toBe('allow');
    expect(decide(payment, { kind: 'reserve', op: 'read', regionCode: '330106001' })).toBe('allow');
    for (const kind of ['application', 'case', 'review', 'part', 'deliberation'] as const) {
      expect(decide(payment, { kind, op: 'read', regionCode: '330106001' })).toBe('forbidden');
    }
  });
});

describe('list filters (R-OV-2: filtered in the query, never after reading)', () => {
  it('R-OV-2: the scope is one equality on the field of the subject level', () => {
    expect(listScope(who(['window_clerk'], '330106001'))).toEqual({
      field: 'street',
      value: '330106001',
    });
    expect(listScope(who(['window_clerk'], '330106'))).toEqual({
      field: 'county',
      value: '330106',
    });
    expect(listScope(who(['city_bureau'], '330100'))).toEqual({ field: 'city', value: '330100' });
    expect(listScope(who(['city_bureau']))).toEqual({ none: true });
  });

  it('R-OV-2: a list is forbidden to the wrong role and narrowed for the right one', () => {
    expect(listAccess(who(['department_officer'], '330106', 'education'), 'application')).toEqual({
      decision: 'forbidden',
    });
    expect(listAccess(who(['auditor'], '330106'), 'application')).toEqual({
      decision: 'allow',
      scope: { field: 'county', value: '330106' },
    });
    expect(listAccess(who(['service']), 'order')).toEqual({
      decision: 'allow',
      scope: { all: true },
    });
  });

  it("R-JH-2: a department officer's list is also narrowed to his department", () => {
    expect(listAccess(who(['department_officer'], '330106', 'medical'), 'part')).toEqual({
      decision: 'allow',
      scope: { field: 'county', value: '330106' },
      department: 'medical',
    });
    expect(listAccess(who(['department_officer'], '330106'), 'part')).toEqual({
      decision: 'allow',
      scope: { none: true },
    });
    expect(listAccess(who(['coordinator', 'department_officer'], '330106', 'x'), 'part')).toEqual({
      decision: 'allow',
      scope: { field: 'county', value: '330106' },
    });
  });

  it('R-OV-2: mayAccess answers the role question alone', () => {
    expect(mayAccess(who(['window_clerk']), 'application', 'write')).toBe(true);
    expect(mayAccess(who(['auditor']), 'application', 'write')).toBe(false);
    expect(mayAccess(who(['service']), 'coordination', 'read')).toBe(true);
  });
});

describe('the one role table (R-OV-2)', () => {
  it('R-OV-2: keeps the roles the services grant today', () => {
    // intake routes: register / hand over / supply; the list for civil-affairs staff
    expect(accessTable.application.write).toEqual([
      'window_clerk',
      'first_reviewer',
      'coordinator',
    ]);
    expect([...accessTable.application.read]).toEqual(
      expect.arrayContaining(['window_clerk', 'first_reviewer', 'approver', 'county_bureau']),
    );
    expect(accessTable.order.read).toEqual([
      'payment_staff',
      'auditor',
      'city_bureau',
      'county_bureau',
    ]);
    expect(accessTable.part).toEqual({
      read: ['department_officer', 'coordinator'],
      write: ['department_officer'],
    });
    expect(resourceKinds).toEqual(
      expect.arrayContaining([
        'application',
        'case',
        'review',
        'deliberation',
        'first-aid',
        'certification',
        'part',
        'order',
        'reserve',
        'reconciliation',
        'report',
        'coordination',
      ]),
    );
  });

  it('R-OV-2: holiday data is read by every civil-affairs role and department officers, loaded by the city', () => {
    expect([...accessTable.calendar.read].sort()).toEqual(
      [
        'approver',
        'auditor',
        'city_bureau',
        'coordinator',
        'county_bureau',
        'department_officer',
        'first_reviewer',
        'window_clerk',
      ].sort(),
    );
    expect(accessTable.calendar.write).toEqual(['city_bureau', 'coordinator']);
    expect(mayAccess(who(['auditor']), 'calendar', 'write')).toBe(false);
    expect(mayAccess(who(['payment_staff']), 'calendar', 'read')).toBe(false);
  });

  it('R-OV-2: every write role of a kind may also read it (nobody writes blind)', () => {
    for (const kind of resourceKinds) {
      for (const role of rolesFor(kind, 'write')) expect(rolesFor(kind, 'read')).toContain(role);
    }
  });
});
