import { formatMonth, monthlyDueAt, monthOf, nextMonth, parseMonth } from './month';

describe('payment months', () => {
  it('parses YYYY-MM only', () => {
    expect(parseMonth('2026-12')).toBe(202612);
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-12', '2026/12', '1999-12', ' 2026-12']) {
      expect(parseMonth(bad)).toBeUndefined();
    }
    expect(formatMonth(202601)).toBe('2026-01');
  });

  it('R-PAY-2: due by the end of the 10th in Asia/Shanghai', () => {
    expect(monthlyDueAt(202612).toISOString()).toBe('2026-12-10T15:59:59.999Z');
    expect(monthlyDueAt(202702).toISOString()).toBe('2027-02-10T15:59:59.999Z');
  });

  it('months follow Asia/Shanghai and roll over the year', () => {
    expect(monthOf(new Date('2026-11-30T16:00:00Z'))).toBe(202612);
    expect(monthOf(new Date('2026-11-30T15:59:59Z'))).toBe(202611);
    expect(nextMonth(202612)).toBe(202701);
  });
});
