// Small helpers shared by the benchmarks.

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** A valid 18-digit resident ID number (check digit per GB 11643) for synthetic applicant i. */
export const idFor = (i: number) => {
  const base = `3301061990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, k) => acc + w * Number(base.charAt(k)), 0);
  return base + '10X98765432'.charAt(sum % 11);
};
