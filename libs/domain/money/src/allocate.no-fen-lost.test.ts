import { fen, sumFen } from './fen';
import { allocateFen, splitFen } from './allocate';

describe('allocation into instalments never loses or invents a fen (R-AP-4 一次审批、分阶段救助, R-PAY-5)', () => {
  it('R-AP-4 splits 100.00 元 into 3 instalments as 33.34 + 33.33 + 33.33', () => {
    expect(splitFen(fen(10_000), 3)).toEqual([3334, 3333, 3333]);
  });

  it('R-AP-4 allocates by integer weights with the largest remainder, ties to the earlier part', () => {
    expect(allocateFen(fen(100), [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateFen(fen(10), [3, 7])).toEqual([3, 7]);
    expect(allocateFen(fen(5), [1, 2])).toEqual([2, 3]);
    expect(allocateFen(fen(7), [0, 1, 0])).toEqual([0, 7, 0]);
  });

  it('R-PAY-5 parts always sum to the total, for many totals and instalment counts', () => {
    for (let total = 0; total < 2_000; total += 37) {
      for (let n = 1; n <= 12; n++) {
        const parts = splitFen(fen(total), n);
        expect(sumFen(parts)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('R-PAY-5 stays exact for totals near 2^53 where float multiplication would round', () => {
    const total = fen(Number.MAX_SAFE_INTEGER);
    const parts = allocateFen(total, [Number.MAX_SAFE_INTEGER, 1]);
    expect(BigInt(parts[0] ?? 0) + BigInt(parts[1] ?? 0)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('R-PAY-5 refuses negative totals, bad weights and bad instalment counts', () => {
    expect(() => allocateFen(fen(-1), [1])).toThrow('non-negative total');
    expect(() => allocateFen(fen(1), [])).toThrow('At least one weight');
    expect(() => allocateFen(fen(1), [1, -1])).toThrow('non-negative integers');
    expect(() => allocateFen(fen(1), [0.5])).toThrow('non-negative integers');
    expect(() => allocateFen(fen(1), [0, 0])).toThrow('must not all be zero');
    expect(() => allocateFen(1.5 as never, [1])).toThrow('Not a safe integer');
    expect(() => splitFen(fen(1), 0)).toThrow('positive integer');
  });
});
