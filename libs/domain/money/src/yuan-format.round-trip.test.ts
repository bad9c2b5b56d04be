import { fen } from './fen';
import { formatYuan, parseYuan } from './yuan-format';

describe('元 formatting and parsing without float math (R-PAY-6 amounts shown and entered exactly)', () => {
  it('R-PAY-6 formats with grouping, two decimals and the 元 unit', () => {
    expect(formatYuan(fen(123_450))).toBe('1,234.50 元');
    expect(formatYuan(fen(5))).toBe('0.05 元');
    expect(formatYuan(fen(0))).toBe('0.00 元');
    expect(formatYuan(fen(-100_000_001))).toBe('-1,000,000.01 元');
    expect(formatYuan(fen(123_456_789), { unit: false, grouping: false })).toBe('1234567.89');
    expect(formatYuan(fen(Number.MAX_SAFE_INTEGER))).toBe('90,071,992,547,409.91 元');
  });

  it('R-PAY-6 parses the common written forms', () => {
    expect(parseYuan('1,234.50 元')).toBe(123_450);
    expect(parseYuan('1234.5')).toBe(123_450);
    expect(parseYuan(' 5000元 ')).toBe(500_000);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('-3.2')).toBe(-320);
    expect(Object.is(parseYuan('-0'), 0)).toBe(true);
  });

  it('R-PAY-6 refuses sub-fen precision, malformed grouping and unsafe sizes', () => {
    for (const bad of ['1.234', '1,23.00', '12,3456', 'abc', '', '1e3', '90071992547409.92']) {
      expect(() => parseYuan(bad)).toThrow(/Not an amount in 元|Amount too large/);
    }
  });

  it('R-PAY-6 round-trips every formatted amount', () => {
    for (const amount of [0, 1, 99, 100, 101, 999_999, 1_000_000, 123_456_789_012, -42]) {
      expect(parseYuan(formatYuan(fen(amount)))).toBe(amount);
    }
  });
});
