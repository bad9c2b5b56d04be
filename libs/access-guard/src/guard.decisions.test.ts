import { notFound } from '@jh/platform-errors';
import { AccessGuard, scopeKeysOf } from './guard';

// Issue 13 (R-OV-2): 403 for a wrong role, 404 (same body as a missing id) outside the scope.
describe('AccessGuard', () => {
  const denied: unknown[] = [];
  const guard = new AccessGuard({
    kind: 'part',
    notFound: () => notFound('PART_NOT_FOUND', '未找到该协办事项'),
    onDenied: (d) => void denied.push(d),
  });
  const officer = {
    userId: 'edu.330106',
    roles: ['department_officer'],
    regionCode: '330106',
    department: 'education',
  };
  beforeEach(() => (denied.length = 0));

  it('R-OV-2: an officer acts on his department in his county; another department or county is 404', () => {
    expect(() =>
      guard.assertInScope(officer, 'write', { regionCode: '330106001', department: 'education' }),
    ).not.toThrow();
    for (const record of [
      { regionCode: '330106001', department: 'housing' },
      { regionCode: '330105001', department: 'education' },
    ])
      expect(() => guard.assertInScope(officer, 'read', record, 'p-1')).toThrow(
        expect.objectContaining({
          kind: 'not_found',
          code: 'PART_NOT_FOUND',
          deniedReason: 'OUT_OF_SCOPE',
        }),
      );
    expect(denied).toEqual([
      { userId: 'edu.330106', kind: 'part', op: 'read', id: 'p-1', decision: 'not-found' },
      { userId: 'edu.330106', kind: 'part', op: 'read', id: 'p-1', decision: 'not-found' },
    ]);
  });

  it('R-OV-2: a wrong role is 403 before any lookup; an auditor never writes', () => {
    const clerk = { userId: 'c', roles: ['payment_staff'], regionCode: '330106' };
    expect(() => guard.assertRole(clerk, 'read')).toThrow(
      expect.objectContaining({ kind: 'not_allowed', code: 'ROLE_REQUIRED' }),
    );
    const auditor = { userId: 'a', roles: ['auditor'], regionCode: '330106' };
    expect(() => guard.assertRole(auditor, 'write')).toThrow(
      expect.objectContaining({ kind: 'not_allowed' }),
    );
  });

  it('R-OV-2: an officer lists his department only, a street clerk his street only, no region nothing', () => {
    expect(guard.listFilter(officer)).toEqual({
      scope: { county: '330106' },
      department: 'education',
    });
    const applications = new AccessGuard({
      kind: 'application',
      notFound: () => notFound('X', 'x'),
    });
    expect(
      applications.listFilter({ userId: 'c', roles: ['window_clerk'], regionCode: '330106001' }),
    ).toEqual({ scope: { street: '330106001' } });
    expect(applications.listFilter({ userId: 'c', roles: ['window_clerk'] })).toBeUndefined();
    expect(scopeKeysOf('330106001')).toEqual({
      city: '330100',
      county: '330106',
      street: '330106001',
    });
    expect(scopeKeysOf(undefined)).toEqual({ city: '', county: '', street: '' });
  });
});
