import { iso, isoDay } from './view-format';

describe('view formatting: one iso and one isoDay for every service (R-OV-1)', () => {
  it('R-OV-1: a stored time is shown as ISO-8601 UTC text, a missing one as null', () => {
    expect(iso(new Date('2026-03-02T01:30:00+08:00'))).toBe('2026-03-01T17:30:00.000Z');
    expect(iso('2026-03-01T17:30:00.000Z')).toBe('2026-03-01T17:30:00.000Z');
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
  });

  it('R-OV-1: a request day is YYYY-MM-DD, refused with a Chinese reason otherwise', () => {
    expect(isoDay.parse('2026-03-02')).toBe('2026-03-02');
    const res = isoDay.safeParse('2026/03/02');
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.message).toBe('日期格式应为 YYYY-MM-DD');
  });

  it('a request day is a real day: leap days pass, 2 月 30 日 and month 13 are refused', () => {
    for (const day of ['2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01']) {
      expect(isoDay.safeParse(day).success).toBe(true);
    }
    for (const day of [
      '2025-02-30',
      '2025-13-01',
      '2023-02-29',
      '1900-02-29',
      '2025-04-31',
      '4610-42-56',
      '0000-01-01',
    ]) {
      const res = isoDay.safeParse(day);
      expect(res.success).toBe(false);
      expect(res.error?.issues[0]).toMatchObject({
        message: '不是有效的日期',
        params: { code: 'INVALID_DATE' },
      });
    }
  });
});
