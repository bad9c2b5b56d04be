import { type YearMonth, yearMonthOf } from '@jh/domain-calendar';
import {
  type AssistanceItem,
  type PolicyConfig,
  type SpotCheckCategory,
  defaultPolicyConfig,
} from './policy-config';
import { PolicyInputError } from './policy-result';

export interface SpotCheckCase {
  readonly id: string;
  readonly item: AssistanceItem;
  /** When the case became a new recipient; only cases of the sampled month are drawn. */
  readonly newAt: Date;
}

export interface SpotCheckInput {
  readonly month: YearMonth;
  /** Recorded with the result so anyone can redraw the same sample. */
  readonly seed: string;
  readonly cases: readonly SpotCheckCase[];
}

export interface SpotCheckCategorySample {
  readonly category: SpotCheckCategory;
  readonly labelZh: string;
  readonly ratePercent: number;
  readonly population: number;
  readonly sampleSize: number;
  /** Sorted for display; drawn by a seeded Fisher–Yates shuffle. */
  readonly selectedIds: readonly string[];
}

export interface SpotCheckSample {
  readonly ruleId: 'R-AP-7';
  readonly month: YearMonth;
  readonly seed: string;
  readonly categories: readonly SpotCheckCategorySample[];
  /** Cases of items no rate applies to, or from another month. */
  readonly skippedIds: readonly string[];
}

const CATEGORY_ZH: Record<SpotCheckCategory, string> = {
  subsistence: '低保/低边/特困',
  temporary: '临时救助',
};

/** FNV-1a, 32-bit: turns the textual seed into PRNG state. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** mulberry32: small, integer-only, identical on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Unbiased integer in [0, n) by rejection sampling (exported for its test only). */
export function uniformBelow(next: () => number, n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    const r = next();
    if (r < limit) return r % n;
  }
}

/**
 * R-AP-7: for a month's new cases, draws per category at least the configured share (rounded up),
 * never fewer than one when there are any. Same seed and cases → same sample, whatever the order.
 */
export function sampleSpotChecks(
  input: SpotCheckInput,
  config: PolicyConfig = defaultPolicyConfig,
): SpotCheckSample {
  const { ratePercent, categoryOfItem, minimumWhenAny } = config.spotCheck;
  if (input.seed.trim() === '')
    throw new PolicyInputError('A seed is required for a reproducible sample');
  if (new Set(input.cases.map((c) => c.id)).size !== input.cases.length)
    throw new PolicyInputError('Duplicate case ids');

  const byCategory = new Map<SpotCheckCategory, string[]>();
  const skippedIds: string[] = [];
  for (const c of input.cases) {
    const category = categoryOfItem[c.item];
    if (category === undefined || yearMonthOf(c.newAt) !== input.month) skippedIds.push(c.id);
    else byCategory.set(category, [...(byCategory.get(category) ?? []), c.id]);
  }

  const categories = (Object.keys(ratePercent) as SpotCheckCategory[]).map(
    (category): SpotCheckCategorySample => {
      const ids = [...(byCategory.get(category) ?? [])].sort();
      const rate = ratePercent[category];
      const atRate = Math.ceil((ids.length * rate) / 100);
      const sampleSize =
        ids.length === 0 ? 0 : Math.min(ids.length, Math.max(atRate, minimumWhenAny));
      const next = mulberry32(hash32(`${input.seed}|${input.month}|${category}`));
      for (let i = 0; i < sampleSize; i++) {
        const j = i + uniformBelow(next, ids.length - i);
        [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
      }
      return {
        category,
        labelZh: CATEGORY_ZH[category],
        ratePercent: rate,
        population: ids.length,
        sampleSize,
        selectedIds: ids.slice(0, sampleSize).sort(),
      };
    },
  );
  return { ruleId: 'R-AP-7', month: input.month, seed: input.seed, categories, skippedIds };
}
