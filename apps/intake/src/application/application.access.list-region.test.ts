import { applicationScope, listRegionFilter } from './application.access';

const denied: unknown[] = [];
const onDenied = (d: unknown) => void denied.push(d);
const who = (roles: string[], regionCode?: string) => ({ userId: 'u', roles, regionCode });

describe('list region filter: the reader scope AND the regionCode narrowing (R-OV-2)', () => {
  it('R-OV-2: a reader without narrowing gets one equality on his own level', () => {
    expect(listRegionFilter(who(['window_clerk'], '330106001'), undefined, onDenied)).toEqual({
      scope: { street: '330106001' },
    });
    expect(listRegionFilter(who(['service']), undefined, onDenied)).toEqual({ scope: {} });
    expect(listRegionFilter(who(['window_clerk']), undefined, onDenied)).toBeUndefined();
  });

  it('R-OV-2: a narrowing adds its own key; one that contradicts the scope finds nothing', () => {
    expect(listRegionFilter(who(['auditor'], '330106'), '330106002', onDenied)).toEqual({
      scope: { county: '330106', street: '330106002' },
    });
    expect(listRegionFilter(who(['auditor'], '330106'), '330105', onDenied)).toBeUndefined();
    expect(listRegionFilter(who(['auditor'], '330106'), '330106001002', onDenied)).toEqual({
      scope: { county: '330106', street: '330106001' },
      exact: '330106001002',
    });
  });

  it('R-OV-2: a wrong role is refused (403) and recorded', () => {
    expect(() => listRegionFilter(who(['payment_staff'], '330106'), undefined, onDenied)).toThrow(
      expect.objectContaining({ kind: 'not_allowed', code: 'ROLE_REQUIRED' }),
    );
    expect(denied).toEqual([
      { userId: 'u', kind: 'application', op: 'read', decision: 'forbidden' },
    ]);
  });

  it('R-OV-2: stored scope keys are empty strings where the applicant code is coarser', () => {
    expect(applicationScope('330106')).toEqual({ city: '330100', county: '330106', street: '' });
  });
});
