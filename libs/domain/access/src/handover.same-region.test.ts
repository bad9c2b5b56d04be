import { applicationOwnerRoles, canHandOver } from './handover';

const clerk = (regionCode?: string) => ({ userId: 'c', roles: ['window_clerk'], regionCode });

describe('首问负责 hand-over target (R-JH-5)', () => {
  it('R-JH-5: owners are the roles that may register applications', () => {
    expect([...applicationOwnerRoles].sort()).toEqual([
      'coordinator',
      'first_reviewer',
      'window_clerk',
    ]);
  });

  it('R-JH-5: street staff hand over within their street only', () => {
    const from = clerk('330106001');
    expect(canHandOver(from, { roles: ['first_reviewer'], regionCode: '330106001' })).toEqual({
      ok: true,
    });
    expect(canHandOver(from, { roles: ['window_clerk'], regionCode: '330106002' })).toMatchObject({
      ok: false,
      code: 'TARGET_REGION_OUT_OF_SCOPE',
    });
    expect(canHandOver(from, { roles: ['window_clerk'], regionCode: '330106' })).toMatchObject({
      ok: false,
      code: 'TARGET_REGION_OUT_OF_SCOPE',
    });
  });

  it('R-JH-5: county staff hand over within their county; city staff within the city', () => {
    const from = clerk('330106');
    expect(canHandOver(from, { roles: ['window_clerk'], regionCode: '330106002' }).ok).toBe(true);
    expect(canHandOver(from, { roles: ['window_clerk'], regionCode: '330106' }).ok).toBe(true);
    expect(canHandOver(from, { roles: ['window_clerk'], regionCode: '330105001' })).toMatchObject({
      ok: false,
      code: 'TARGET_REGION_OUT_OF_SCOPE',
    });
    const city = { userId: 'k', roles: ['coordinator'], regionCode: '330100' };
    expect(canHandOver(city, { roles: ['window_clerk'], regionCode: '330105001' }).ok).toBe(true);
  });

  it('R-JH-5: the target needs an owning role and a region', () => {
    const from = clerk('330106');
    for (const roles of [['auditor'], ['department_officer'], ['service'], []]) {
      expect(canHandOver(from, { roles, regionCode: '330106' })).toMatchObject({
        ok: false,
        code: 'TARGET_ROLE_NOT_ALLOWED',
      });
    }
    expect(canHandOver(from, { roles: ['window_clerk'] })).toMatchObject({
      ok: false,
      code: 'TARGET_REGION_OUT_OF_SCOPE',
    });
  });

  it('R-JH-5: a subject without a region hands over to nobody', () => {
    expect(canHandOver(clerk(), { roles: ['window_clerk'], regionCode: '330106' })).toMatchObject({
      ok: false,
      code: 'TARGET_REGION_OUT_OF_SCOPE',
    });
  });

  it('R-JH-5: with the record given, the new owner must be able to see it', () => {
    const from = clerk('330106');
    const record = { regionCode: '330106001' };
    expect(canHandOver(from, { roles: ['window_clerk'], regionCode: '330106001' }, record).ok).toBe(
      true,
    );
    expect(canHandOver(from, { roles: ['window_clerk'], regionCode: '330106' }, record).ok).toBe(
      true,
    );
    expect(
      canHandOver(from, { roles: ['window_clerk'], regionCode: '330106002' }, record),
    ).toMatchObject({ ok: false, code: 'TARGET_CANNOT_SEE_RECORD' });
    // A community-level target has no list scope: it could not find the record.
    expect(
      canHandOver(from, { roles: ['window_clerk'], regionCode: '330106001002' }, record),
    ).toMatchObject({ ok: false, code: 'TARGET_CANNOT_SEE_RECORD' });
  });
});
