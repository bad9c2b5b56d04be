import {
  type Fen,
  ZERO_FEN,
  addFen,
  compareFen,
  fen,
  fromYuan,
  isPositiveFen,
  multiplyFen,
  subtractFen,
  sumFen,
} from './fen';

describe('Fen: integer 分 only (R-PAY-5 / R-PAY-6 exact, auditable amounts)', () => {
  it('R-PAY-6 accepts safe integers and refuses fractions, NaN, infinities and unsafe integers', () => {
    expect(fen(123)).toBe(123);
    for (const bad of [0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => fen(bad)).toThrow('Not a safe integer amount of fen');
    }
  });

  it('R-AP-9 whole 元 convert to fen (5,000 元 = 500,000 分) and fractional 元 are refused', () => {
    expect(fromYuan(5000)).toBe(500_000);
    expect(() => fromYuan(0.5)).toThrow('Not a whole number of 元');
  });

  it('R-PAY-5 adds, subtracts, sums and multiplies by integers exactly (0.1 + 0.2 problem cannot occur)', () => {
    expect(addFen(fen(10), fen(20))).toBe(30);
    expect(subtractFen(fen(10), fen(25))).toBe(-15);
    expect(sumFen([fen(1), fen(2), fen(3)])).toBe(6);
    expect(sumFen([])).toBe(ZERO_FEN);
    expect(multiplyFen(fen(123_456), 12)).toBe(1_481_472);
    expect(() => multiplyFen(fen(100), 1.5)).toThrow('Factor must be an integer');
  });

  it('R-PAY-5 throws instead of silently losing precision beyond 2^53 − 1', () => {
    const big = fen(Number.MAX_SAFE_INTEGER);
    expect(() => addFen(big, fen(1))).toThrow('Not a safe integer');
    expect(() => multiplyFen(big, 2)).toThrow('Not a safe integer');
  });

  it('R-AP-5 compares amounts for thresholds', () => {
    const cases: [Fen, Fen, -1 | 0 | 1][] = [
      [fen(1), fen(2), -1],
      [fen(2), fen(2), 0],
      [fen(3), fen(2), 1],
    ];
    for (const [a, b, expected] of cases) expect(compareFen(a, b)).toBe(expected);
    expect([isPositiveFen(fen(1)), isPositiveFen(ZERO_FEN)]).toEqual([true, false]);
  });
});
