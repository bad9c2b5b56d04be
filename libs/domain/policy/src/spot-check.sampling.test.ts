import type { AssistanceItem } from './policy-config';
import { defaultPolicyConfig } from './policy-config';
import { PolicyInputError } from './policy-result';
import { type SpotCheckCase, sampleSpotChecks, uniformBelow } from './spot-check';

const march = new Date('2025-03-15T02:00:00Z');
function cases(
  item: AssistanceItem,
  count: number,
  prefix: string,
  newAt = march,
): SpotCheckCase[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(3, '0')}`,
    item,
    newAt,
  }));
}
const mixed = [
  ...cases('minimum_living', 20, 'db'),
  ...cases('low_income_marginal', 7, 'db2'),
  ...cases('extreme_poverty', 3, 'tk'),
  ...cases('temporary', 11, 'ls'),
];

describe('R-AP-7 monthly spot checks: ≥ 30 % of new 低保/低边/特困, ≥ 20 % of new 临时救助, at random', () => {
  const sample = sampleSpotChecks({
    month: '2025-03',
    seed: 'county-330106/2025-03',
    cases: mixed,
  });

  it('R-AP-7 samples at least the configured share per category, rounded up', () => {
    expect(
      sample.categories.map((c) => [
        c.category,
        c.labelZh,
        c.ratePercent,
        c.population,
        c.sampleSize,
      ]),
    ).toEqual([
      ['subsistence', '低保/低边/特困', 30, 30, 9],
      ['temporary', '临时救助', 20, 11, 3],
    ]);
    for (const c of sample.categories) {
      expect(c.selectedIds).toHaveLength(c.sampleSize);
      expect(new Set(c.selectedIds).size).toBe(c.sampleSize);
    }
  });

  it('R-AP-7 is reproducible from the seed, whatever the input order', () => {
    const again = sampleSpotChecks({
      month: '2025-03',
      seed: 'county-330106/2025-03',
      cases: [...mixed].reverse(),
    });
    expect(again).toEqual(sample);
    const other = sampleSpotChecks({ month: '2025-03', seed: 'another seed', cases: mixed });
    expect(other.categories[0]?.selectedIds).not.toEqual(sample.categories[0]?.selectedIds);
  });

  it('R-AP-7 draws only from the category: subsistence samples contain no 临时救助 case', () => {
    expect(sample.categories[0]?.selectedIds.every((id) => !id.startsWith('ls-'))).toBe(true);
    expect(sample.categories[1]?.selectedIds.every((id) => id.startsWith('ls-'))).toBe(true);
  });

  it('R-AP-7 never fewer than one case when a category has any; none when it has none', () => {
    const one = sampleSpotChecks({
      month: '2025-03',
      seed: 's',
      cases: cases('temporary', 1, 'ls'),
    });
    expect(one.categories.map((c) => c.sampleSize)).toEqual([0, 1]);
    expect(one.categories[1]?.selectedIds).toEqual(['ls-000']);
  });

  it('R-AP-7 every case has a chance: over many seeds each case of a small month is drawn', () => {
    const small = cases('temporary', 6, 'ls');
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) {
      for (const id of sampleSpotChecks({ month: '2025-03', seed: `seed-${s}`, cases: small })
        .categories[1]?.selectedIds ?? [])
        seen.add(id);
    }
    expect(seen.size).toBe(6);
  });

  it('R-AP-7 skips items without a rate and cases from another month', () => {
    const result = sampleSpotChecks({
      month: '2025-03',
      seed: 's',
      cases: [
        ...cases('medical', 2, 'yl'),
        ...cases('temporary', 2, 'old', new Date('2025-02-28T15:59:59Z')),
      ],
    });
    expect(result.skippedIds).toEqual(['yl-000', 'yl-001', 'old-000', 'old-001']);
    expect(result.categories.every((c) => c.sampleSize === 0)).toBe(true);
  });

  it('R-AP-7 rates are configuration and the sample never exceeds the population', () => {
    const config = {
      ...defaultPolicyConfig,
      spotCheck: {
        ...defaultPolicyConfig.spotCheck,
        ratePercent: { subsistence: 100, temporary: 50 },
      },
    };
    const result = sampleSpotChecks({ month: '2025-03', seed: 's', cases: mixed }, config);
    expect(result.categories.map((c) => c.sampleSize)).toEqual([30, 6]);
  });

  it('R-AP-7 refuses an empty seed or duplicate case ids', () => {
    expect(() => sampleSpotChecks({ month: '2025-03', seed: ' ', cases: mixed })).toThrow(
      PolicyInputError,
    );
    expect(() =>
      sampleSpotChecks({
        month: '2025-03',
        seed: 's',
        cases: [...mixed, mixed[0] as SpotCheckCase],
      }),
    ).toThrow('Duplicate case ids');
  });

  it('R-AP-7 the draw is unbiased: values in the incomplete top range are rejected and redrawn', () => {
    const values = [0xffffffff, 7];
    expect(uniformBelow(() => values.shift() as number, 3)).toBe(1);
  });
});
