import { isoWeekOf } from './shanghai-time';

describe('DOMAIN §10 ISO weeks of Asia/Shanghai dates (the SLA trend groups by them)', () => {
  it('§10 a week runs Monday to Sunday and takes the year of its Thursday', () => {
    expect(isoWeekOf('2026-11-04')).toEqual({
      week: '2026-W45',
      isoYear: 2026,
      weekNumber: 45,
      monday: '2026-11-02',
      sunday: '2026-11-08',
    });
    // 2027-01-01 is a Friday: its week is the last of ISO year 2026 (W53).
    expect(isoWeekOf('2027-01-01').week).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04').week).toBe('2027-W01');
    // 2024-12-30 is a Monday whose Thursday is 2025-01-02: week 1 of 2025.
    expect(isoWeekOf('2024-12-30')).toMatchObject({ week: '2025-W01', monday: '2024-12-30' });
    expect(isoWeekOf('2026-01-01').week).toBe('2026-W01');
    expect(isoWeekOf('2026-11-08').monday).toBe('2026-11-02');
  });

  it('§10 an instant counts on its Shanghai date, not its UTC date', () => {
    // Sunday 2026-11-08 16:30Z is Monday 00:30 in Shanghai: the next week.
    expect(isoWeekOf(new Date('2026-11-08T16:30:00Z')).week).toBe('2026-W46');
    expect(isoWeekOf(new Date('2026-11-08T15:59:59Z')).week).toBe('2026-W45');
  });
});
