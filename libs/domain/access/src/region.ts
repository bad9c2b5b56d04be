/** Levels of the GB/T 2260 hierarchy and its 9/12-digit street and community extensions. */
export type RegionLevel = 'province' | 'city' | 'county' | 'street' | 'community';

/** The levels a stored record carries a scope key for (one indexed equality per list, ADR 0013). */
export const scopeFields = ['city', 'county', 'street'] as const;
export type ScopeField = (typeof scopeFields)[number];

/** Scope keys of a record: each level it lies in, absent where the code is coarser or skips it. */
export type RegionKeys = Partial<Record<ScopeField, string>>;

interface Parsed {
  level: RegionLevel;
  /** The code of every level that contains it, itself included. */
  ancestors: Partial<Record<RegionLevel, string>>;
}

const SHAPE = /^\d{6}(\d{3}){0,2}$/;

function parse(code: unknown): Parsed | undefined {
  if (typeof code !== 'string' || !SHAPE.test(code)) return undefined;
  const [p, c, d] = [code.slice(0, 2), code.slice(2, 4), code.slice(4, 6)];
  if (p === '00' || (c === '00' && d !== '00')) return undefined;
  const province = `${p}0000`;
  const base = code.slice(0, 6);
  const ancestors: Partial<Record<RegionLevel, string>> = { province };
  if (c !== '00') ancestors.city = `${p}${c}00`;
  // A county-level code, or a city without counties (e.g. 东莞 441900) whose streets hang below it.
  if (d !== '00') ancestors.county = base;
  if (code.length === 6) {
    return { level: c === '00' ? 'province' : d === '00' ? 'city' : 'county', ancestors };
  }
  const street = code.slice(0, 9);
  // Streets sit below a county or a county-less city, never directly below a province.
  if (c === '00' || street.slice(6) === '000') return undefined;
  ancestors.street = street;
  if (code.length === 9) return { level: 'street', ancestors };
  if (code.slice(9) === '000') return undefined;
  ancestors.community = code;
  return { level: 'community', ancestors };
}

/**
 * Level of a region code: 6 digits `PP0000` province, `PPCC00` city, otherwise county; 9 digits
 * street (乡镇/街道); 12 digits community (村/社区). Undefined for anything else: wrong length,
 * non-digits, province `00`, a `PP00DD` code, a street below a province, an all-zero suffix.
 */
export function regionLevel(code: unknown): RegionLevel | undefined {
  return parse(code)?.level;
}

/** Whether `outer` is `inner` or one of the levels above it; false when either code is invalid. */
export function regionContains(outer: unknown, inner: unknown): boolean {
  const o = parse(outer);
  const i = parse(inner);
  return !!o && !!i && i.ancestors[o.level] === outer;
}

/**
 * The scope keys a stored record carries for its region, e.g. `330106001` →
 * `{ city: '330100', county: '330106', street: '330106001' }`; a county code has no street key,
 * a province code none at all. Invalid codes give `{}`: only unscoped readers (services) see them.
 */
export function regionKeys(code: unknown): RegionKeys {
  const parsed = parse(code);
  const keys: RegionKeys = {};
  if (!parsed) return keys;
  for (const field of scopeFields) {
    const value = parsed.ancestors[field];
    if (value) keys[field] = value;
  }
  return keys;
}

/**
 * The one scope key that equals a subject's own region: the field of {@link RegionKeys} at its
 * level. Provinces and communities have none (no back-office role sits there; DOMAIN §1).
 */
export function scopeKeyOf(code: unknown): { field: ScopeField; value: string } | undefined {
  const level = parse(code)?.level;
  return level === 'city' || level === 'county' || level === 'street'
    ? { field: level, value: code as string }
    : undefined;
}
