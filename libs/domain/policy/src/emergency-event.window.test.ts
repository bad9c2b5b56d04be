import { PolicyInputError } from './policy-result';
import { isSameEmergencyDate, sameEmergencyDays } from './emergency-event';

describe('R-AP-6 the same emergency is recognised within a window of event dates', () => {
  it('R-AP-6 an emergency claims its date and the window days before it', () => {
    expect(sameEmergencyDays('2026-03-02', 3)).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(sameEmergencyDays('2026-03-02', 0)).toEqual(['2026-03-02']);
  });

  it('R-AP-6 dates at most the window apart are the same emergency, in either order; further apart are not', () => {
    expect(isSameEmergencyDate('2026-10-30', '2026-10-31', 3)).toBe(true);
    expect(isSameEmergencyDate('2026-11-02', '2026-10-30', 3)).toBe(true);
    expect(isSameEmergencyDate('2026-10-30', '2026-11-02', 3)).toBe(true);
    expect(isSameEmergencyDate('2026-10-30', '2026-11-03', 3)).toBe(false);
    expect(isSameEmergencyDate('2026-10-30', '2026-10-31', 0)).toBe(false);
  });

  it('R-AP-6 refuses a negative or fractional window (configuration error)', () => {
    expect(() => sameEmergencyDays('2026-03-02', -1)).toThrow(PolicyInputError);
    expect(() => sameEmergencyDays('2026-03-02', 1.5)).toThrow(PolicyInputError);
  });
});
