// Money is an integer number of 分 (fen). No floats: every operation stays within safe integers.

declare const fenBrand: unique symbol;
/** An integer amount of 分 (1 元 = 100 分). */
export type Fen = number & { readonly [fenBrand]: true };

export const FEN_PER_YUAN = 100;

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

/** Brands a safe integer as fen; throws on fractions, NaN, ±Infinity or beyond ±2^53−1. */
export function fen(amount: number): Fen {
  if (!Number.isSafeInteger(amount))
    throw new MoneyError(`Not a safe integer amount of fen: ${amount}`);
  return amount as Fen;
}

/** Whole 元 to fen, e.g. fromYuan(5000) for a 5,000 元 cap. Fractional 元 must go through parseYuan. */
export function fromYuan(yuan: number): Fen {
  if (!Number.isSafeInteger(yuan)) throw new MoneyError(`Not a whole number of 元: ${yuan}`);
  return fen(yuan * FEN_PER_YUAN);
}

export const ZERO_FEN: Fen = fen(0);

export function addFen(a: Fen, b: Fen): Fen {
  return fen(a + b);
}

export function subtractFen(a: Fen, b: Fen): Fen {
  return fen(a - b);
}

/** Multiplies by an integer factor (e.g. months × monthly amount). */
export function multiplyFen(amount: Fen, factor: number): Fen {
  if (!Number.isSafeInteger(factor)) throw new MoneyError(`Factor must be an integer: ${factor}`);
  return fen(amount * factor);
}

export function sumFen(amounts: readonly Fen[]): Fen {
  return amounts.reduce(addFen, ZERO_FEN);
}

export function compareFen(a: Fen, b: Fen): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isPositiveFen(amount: Fen): boolean {
  return amount > 0;
}
