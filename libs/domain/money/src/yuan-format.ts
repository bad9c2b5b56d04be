import { type Fen, MoneyError, fen } from './fen';

export interface FormatYuanOptions {
  /** Append " 元" (default true). */
  readonly unit?: boolean;
  /** Thousands separators (default true). */
  readonly grouping?: boolean;
}

/** Formats fen as 元 with two decimals, string arithmetic only: 123450 → "1,234.50 元". */
export function formatYuan(amount: Fen, options: FormatYuanOptions = {}): string {
  const { unit = true, grouping = true } = options;
  const digits = String(Math.abs(fen(amount))).padStart(3, '0');
  const whole = digits.slice(0, -2);
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+$)/g, ',') : whole;
  const sign = amount < 0 ? '-' : '';
  return `${sign}${grouped}.${digits.slice(-2)}${unit ? ' 元' : ''}`;
}

// Optional sign, digits with or without correct thousands groups, up to two decimals, optional 元.
const YUAN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*元)?$/;

/** Parses "1,234.5", "1234.50 元", "-3" into fen; throws MoneyError on anything else or > 2 decimals. */
export function parseYuan(text: string): Fen {
  const match = YUAN.exec(text.trim());
  if (!match) throw new MoneyError(`Not an amount in 元: "${text}"`);
  const [, minus, whole = '', cents = ''] = match;
  const digits = BigInt(`${whole.replace(/,/g, '')}${cents.padEnd(2, '0')}`);
  if (digits > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyError(`Amount too large: "${text}"`);
  const value = Number(digits);
  return fen(minus && value !== 0 ? -value : value);
}
