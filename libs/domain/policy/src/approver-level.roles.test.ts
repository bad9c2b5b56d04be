import { approverLevelOf, mayApproveAt } from './approver-level';

describe('approver level of a role (R-AP-5)', () => {
  it('R-AP-5: approver is street, county_bureau county, city_bureau city', () => {
    expect(approverLevelOf(['approver'])).toBe('street');
    expect(approverLevelOf(['county_bureau'])).toBe('county');
    expect(approverLevelOf(['city_bureau'])).toBe('city');
  });

  it('R-AP-5: the highest level among several roles counts, in any order', () => {
    expect(approverLevelOf(['county_bureau', 'approver'])).toBe('county');
    expect(approverLevelOf(['approver', 'city_bureau', 'county_bureau'])).toBe('city');
  });

  it('R-AP-5: roles that approve nothing give no level', () => {
    expect(approverLevelOf([])).toBeUndefined();
    expect(approverLevelOf(['first_reviewer', 'intake_clerk'])).toBeUndefined();
  });

  it('R-AP-5: a level may approve its own level and below, not above', () => {
    expect(mayApproveAt('county', 'street')).toBe(true);
    expect(mayApproveAt('county', 'county')).toBe(true);
    expect(mayApproveAt('county', 'city')).toBe(false);
  });
});
