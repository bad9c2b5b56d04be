import { type Fen, MoneyError, fen } from './fen';

/**
 * Splits a non-negative total by integer weights (largest remainder; ties go to the earlier part),
 * so the parts always add up to the total exactly. BigInt keeps total × weight exact.
 */
export function allocateFen(total: Fen, weights: readonly number[]): Fen[] {
  fen(total);
  if (total < 0) throw new MoneyError('Only a non-negative total can be allocated');
  if (weights.length === 0) throw new MoneyError('At least one weight is required');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0))
    throw new MoneyError('Weights must be non-negative integers');
  const weightSum = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (weightSum === 0n) throw new MoneyError('Weights must not all be zero');

  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const parts = exact.map((e) => e / weightSum);
  let remainder = BigInt(total) - parts.reduce((a, b) => a + b, 0n);
  const byRemainder = exact
    .map((e, index) => ({ index, rest: e % weightSum }))
    .sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of byRemainder) {
    if (remainder === 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    remainder -= 1n;
  }
  return parts.map((p) => fen(Number(p)));
}

/** Equal instalments (R-AP-4 一次审批、分阶段救助); the first instalments carry any leftover fen. */
export function splitFen(total: Fen, instalments: number): Fen[] {
  if (!Number.isSafeInteger(instalments) || instalments < 1)
    throw new MoneyError('Instalments must be a positive integer');
  return allocateFen(
    total,
    Array.from({ length: instalments }, () => 1),
  );
}
