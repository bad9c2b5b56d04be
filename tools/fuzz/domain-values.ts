// Domain values for the fuzzer (issue 18): what the handlers check beyond the schema (zod
// refinements) — ID numbers, real days, months, region codes — and, per field name, the values a
// handler accepts and the mutants it must refuse. Pure: no I/O.
import fc from 'fast-check';
import { conforms, type Schema } from './schema-check';

/** Region of the fuzz actors (tools/local-infra realm: 西湖区 and its streets). */
export const FUZZ_REGION = '330106';
export const FUZZ_STREET = '330106001';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** GB 11643 check character of the first 17 digits. */
export const idCheckDigit = (first17: string): string =>
  '10X98765432'[[...first17].reduce((acc, ch, i) => acc + Number(ch) * ID_WEIGHTS[i]!, 0) % 11]!;

/** A real calendar day (YYYY-MM-DD) in the proleptic Gregorian calendar. */
export function isRealDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  d.setUTCFullYear(Number(m[1]));
  return d.toISOString().slice(0, 10) === day;
}

/** An ID number the handlers accept: 18 characters, a real birth day, the right check digit. */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  return isRealDay(birth) && idCheckDigit(value.slice(0, 17)) === value[17];
}

const PROVINCES = new Set('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' ')); // prettier-ignore
/** GB/T 2260 county code, optionally extended to a street (9) or community (12). */
export const isRegionCode = (v: string): boolean =>
  /^\d{6}(\d{3}|\d{6})?$/.test(v) && PROVINCES.has(v.slice(0, 2)) && v.slice(2, 6) !== '0000';

/** Birth days of generated people: leap days and the ends of months and centuries. */
const BIRTH_DAYS = ['19500101', '19600229', '19991231', '20000229', '20240229', '20121130'];
export const idNumberArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('330106', '330105', '110101'),
    fc.constantFrom(...BIRTH_DAYS),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([region, birth, serial]) => {
    const first17 = `${region}${birth}${String(serial).padStart(3, '0')}`;
    return `${first17}${idCheckDigit(first17)}`;
  });

/** Real days, edge ones first: leap days, year ends, today's neighbourhood. */
export const dayArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2024-02-29',
    '2025-12-31',
    '2026-01-01',
    '2026-12-01',
    '2026-11-30',
    '2000-02-29',
  ),
  fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2028-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
);
export const monthArb: fc.Arbitrary<string> = fc.constantFrom(
  '2026-12',
  '2026-11',
  '2027-01',
  '2024-02',
  '2026-01',
);

/** Impossible or malformed days that a `^\d{4}-\d{2}-\d{2}$` pattern lets through. */
export const IMPOSSIBLE_DAYS = [
  '2023-02-29',
  '4610-42-56',
  '2026-00-10',
  '2026-02-30',
  '0000-00-00',
  '2026-13-01',
  '9999-99-99',
];
/** A valid ID number of `birth` (YYYYMMDD, not checked) with serial 001 and its check digit. */
const idOf = (birth: string) => `330106${birth}001${idCheckDigit(`330106${birth}001`)}`;
const wrongDigit = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
/** ID numbers the pattern `^\d{17}[\dXx]$` may pass but the check digit or birth day refuses. */
export const BAD_ID_NUMBERS = [
  wrongDigit(idOf('19500101')),
  wrongDigit(idOf('20240229')),
  idOf('19500101').slice(0, 17),
  idOf('20230229'),
  idOf('46104256'),
  idOf('19991300'),
  `${idOf('19500101').slice(0, 17)}x`,
  '１１０１０１１９９００３０７１２３４',
  '000000000000000000',
];
const BAD_REGIONS = [
  '000000',
  '990106',
  '33010',
  '330000',
  '3301060011',
  '３３０１０６',
  '330106001001001',
];

export interface Hint {
  valid: fc.Arbitrary<string>;
  /** Values the handler must refuse although their type is right. */
  mutants: string[];
}

/** Name-based knowledge of a string field: what the handler accepts, and what it must refuse. */
export function hintFor(name: string | undefined, schema: Schema): Hint | undefined {
  if (!name || [schema.type].flat()[0] !== 'string' || schema.enum) return undefined;
  const n = name.toLowerCase();
  if (n.endsWith('idnumber') || n.endsWith('idnumbers'))
    return { valid: idNumberArb, mutants: BAD_ID_NUMBERS };
  if (n.endsWith('regioncode') || n.endsWith('streetcode') || n === 'region')
    return { valid: fc.constantFrom(FUZZ_REGION, FUZZ_STREET, '330106002'), mutants: BAD_REGIONS };
  if (n === 'citizencardno')
    return {
      valid: fc.stringMatching(/^\d{8,19}$/),
      mutants: ['1234567', '12345678901234567890', '６２２２０２１２３４', ''],
    };
  if (n === 'month' || /Month$/.test(name) || (schema.pattern ?? '').startsWith('^2\\d{3}-'))
    return { valid: monthArb, mutants: ['2026-13', '2026-00', '9999-99', '2026-1', '2023-02-29'] };
  if (
    schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$' ||
    /On$/.test(name) ||
    /date$/i.test(name) ||
    n === 'day' ||
    n === 'from' ||
    n === 'to'
  )
    return { valid: dayArb, mutants: IMPOSSIBLE_DAYS };
  if (n === 'department' || n === 'todepartment' || n === 'suggesteddepartment')
    return {
      valid: fc.constantFrom('education', 'housing', 'medical', 'employment'),
      mutants: ['civil_affairs_x', 'nosuchdept'],
    };
  if (schema.format === 'date-time' && /At$/.test(name))
    // Moments that already happened (observed, held…): the handlers refuse future ones.
    return {
      valid: fc
        .date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2026-11-30T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      mutants: ['2099-01-01T00:00:00Z', '2023-02-29T10:00:00Z'],
    };
  if (schema.format === 'uri')
    // Connection refused at once: a fetch of the source never leaves the machine.
    return {
      valid: fc.constant('http://127.0.0.1:9/calendar.json'),
      mutants: ['file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/'],
    };
  return undefined;
}

/** The hint's valid values when some satisfy the schema (checked once, eagerly, with a fixed seed). */
export function usableHint(
  hint: Hint | undefined,
  schema: Schema,
): fc.Arbitrary<string> | undefined {
  if (!hint) return undefined;
  const ok = (v: string) => conforms({ ...schema, type: 'string' }, v);
  return fc.sample(hint.valid, { seed: 1, numRuns: 20 }).some(ok)
    ? hint.valid.filter(ok)
    : undefined;
}
