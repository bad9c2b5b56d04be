// fast-check arbitraries from the JSON Schema subset of the services' OpenAPI documents (issue 18,
// fuzzing): `valid` shapes that satisfy a schema with edge values, `invalid` ones that break it,
// and `mutant` ones that satisfy the schema but break a rule only the handler knows (an ID
// number's check digit, a real calendar day, a region code). `conforms` is the small validator
// the generator tests hold them to. Pure: no I/O.
import fc from 'fast-check';

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
  description?: string;
  examples?: unknown[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Region of the fuzz actors (tools/local-infra realm: 西湖区 and its streets). */
export const FUZZ_REGION = '330106';
export const FUZZ_STREET = '330106001';

// ---------------------------------------------------------------------------------------------
// The validator: enough JSON Schema for these documents (no $ref inside request schemas).

const typeOf = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
};

const typeMatches = (wanted: string, v: unknown): boolean => {
  const actual = typeOf(v);
  if (wanted === 'number') return actual === 'number' || actual === 'integer';
  return wanted === actual;
};

const codePoints = (s: string) => [...s].length;

const FORMATS: Record<string, (s: string) => boolean> = {
  uuid: (s) =>
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s),
  'date-time': (s) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
    !Number.isNaN(Date.parse(s)),
  uri: (s) => {
    try {
      return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) && Boolean(new URL(s));
    } catch {
      return false;
    }
  },
};

/** The first reason `value` does not satisfy `schema`, or undefined when it does. */
export function violation(schema: Schema, value: unknown, at = '$'): string | undefined {
  if (value === null && schema.nullable) return undefined;
  if (schema.allOf) {
    for (const s of schema.allOf) {
      const v = violation(s, value, at);
      if (v) return v;
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s) => !violation(s, value, at)))
    return `${at}: matches no anyOf branch`;
  if (schema.oneOf && schema.oneOf.filter((s) => !violation(s, value, at)).length !== 1)
    return `${at}: matches not exactly one oneOf branch`;
  if (schema.type !== undefined) {
    const types = [schema.type].flat();
    if (!types.some((t) => typeMatches(t, value))) return `${at}: not ${types.join('|')}`;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) return `${at}: not in enum`;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && codePoints(value) < schema.minLength)
      return `${at}: shorter than ${schema.minLength}`;
    if (schema.maxLength !== undefined && codePoints(value) > schema.maxLength)
      return `${at}: longer than ${schema.maxLength}`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
      return `${at}: does not match ${schema.pattern}`;
    const format = schema.format ? FORMATS[schema.format] : undefined;
    if (format && !format(value)) return `${at}: not a ${schema.format}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `${at}: not finite`;
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: below minimum`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: above maximum`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      return `${at}: not above exclusiveMinimum`;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      return `${at}: not below exclusiveMaximum`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return `${at}: fewer than ${schema.minItems} items`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      return `${at}: more than ${schema.maxItems} items`;
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const v = violation(schema.items, value[i], `${at}[${i}]`);
        if (v) return v;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!Object.hasOwn(object, key)) return `${at}: ${key} missing`;
    for (const key of Object.keys(object)) {
      const declared = schema.properties && Object.hasOwn(schema.properties, key);
      const sub = declared
        ? schema.properties![key]!
        : typeof schema.additionalProperties === 'object'
          ? schema.additionalProperties
          : undefined;
      if (!declared && schema.additionalProperties === false)
        return `${at}: unexpected key ${JSON.stringify(key)}`;
      if (schema.propertyNames) {
        const v = violation(schema.propertyNames, key, `${at} key`);
        if (v) return v;
      }
      if (sub) {
        const v = violation(sub, object[key], `${at}.${key}`);
        if (v) return v;
      }
    }
  }
  return undefined;
}

export const conforms = (schema: Schema, value: unknown): boolean => !violation(schema, value);

// ---------------------------------------------------------------------------------------------
// Domain values: what the handlers check beyond the schema (zod refinements).

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

interface Hint {
  valid: fc.Arbitrary<string>;
  /** Values the handler must refuse although their type is right. */
  mutants: string[];
}

/** Name-based knowledge of a string field: what the handler accepts, and what it must refuse. */
function hintFor(name: string | undefined, schema: Schema): Hint | undefined {
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
function usableHint(hint: Hint | undefined, schema: Schema): fc.Arbitrary<string> | undefined {
  if (!hint) return undefined;
  const ok = (v: string) => conforms({ ...schema, type: 'string' }, v);
  return fc.sample(hint.valid, { seed: 1, numRuns: 20 }).some(ok)
    ? hint.valid.filter(ok)
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// Strings with edge characters.

const CJK = '王李张刘陈杨赵黄周吴丽强敏静磊芳军洋艳勇杰娟涛明超霞平刚救助低保';
const ASTRAL = ['𠀀', '𠮷', '𪚥', '😀', '🀄', '𝒜'];
const charArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CJK) },
  { weight: 2, arbitrary: fc.constantFrom(...ASTRAL) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(' ', '\t', '\u200b', '\u0000', '"', '\\', '<', '$', '.', '%'),
  },
);

/** A string whose UTF-16 length (zod) and code-point count (JSON Schema) both stay in bounds. */
function boundedString(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.min(max, min + 64);
  const body = fc
    .array(charArb, { minLength: min, maxLength: Math.max(min, Math.min(cap, 24)) })
    .map((cs) => cs.join(''))
    .map((s) => (s.length > max ? [...s].slice(0, max).join('').slice(0, max) : s))
    .filter((s) => s.length <= max && codePoints(s) >= min);
  const edges: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [
    { weight: 8, arbitrary: body },
  ];
  const edge = (v: string) => edges.push({ weight: 1, arbitrary: fc.constant(v) });
  if (min === 0) edge('');
  if (Number.isFinite(max) && max <= 100_000) {
    // Exactly the maximum: ASCII, and CJK (three UTF-8 bytes each).
    edge('a'.repeat(max));
    edge('救'.repeat(max));
    if (max >= 2) edge('𠀀'.repeat(Math.floor(max / 2)).padEnd(Math.max(min, 0), 'a'));
  }
  if (min > 0) edge('a'.repeat(min));
  return fc.oneof(...edges).filter((s) => codePoints(s) >= min && s.length <= max);
}

function stringArb(schema: Schema, name?: string): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const hint = usableHint(hintFor(name, schema), schema);
  const plain: fc.Arbitrary<string> = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern))
    : schema.format === 'uuid'
      ? fc.uuid()
      : schema.format === 'date-time'
        ? fc
            .date({
              min: new Date('2000-01-01T00:00:00Z'),
              max: new Date('2099-12-31T00:00:00Z'),
              noInvalidDate: true,
            })
            .map((d) => d.toISOString())
        : schema.format === 'uri'
          ? fc.constant('http://127.0.0.1:9/x')
          : boundedString(min, max);
  // A field the handler checks further gets only values it accepts; mutants break them on purpose.
  const arb = hint ?? plain;
  return arb.filter((s) => conforms({ ...schema, type: 'string' }, s));
}

// ---------------------------------------------------------------------------------------------
// valid

function mergeAll(schemas: Schema[]): Schema {
  const out: Schema = {};
  for (const s of schemas) {
    const { properties, required, ...rest } = s;
    Object.assign(out, rest);
    if (properties) out.properties = { ...out.properties, ...properties };
    if (required) out.required = [...new Set([...(out.required ?? []), ...required])];
  }
  return out;
}

function integerArb(schema: Schema, name?: string): fc.Arbitrary<number> {
  let min = schema.minimum ?? -MAX_SAFE;
  if (schema.exclusiveMinimum !== undefined)
    min = Math.max(min, Math.floor(schema.exclusiveMinimum) + 1);
  let max = schema.maximum ?? MAX_SAFE;
  if (schema.exclusiveMaximum !== undefined)
    max = Math.min(max, Math.ceil(schema.exclusiveMaximum) - 1);
  const edges = [min, max, 0, 1, -1, 100, 100_000, 10_000_000].filter((v) => v >= min && v <= max);
  const arbs: fc.Arbitrary<number>[] = [fc.constantFrom(...edges), fc.integer({ min, max })];
  // Years: mostly the ones with data (the calendar, batches, reviews).
  if (name === 'year' && min <= 2026 && max >= 2026)
    arbs.unshift(fc.constantFrom(2024, 2026, 2027));
  return fc.oneof(...arbs);
}

/** Values that satisfy `schema`, edge values often; `name` is the property's name (hints). */
export function valid(schema: Schema, name?: string, depth = 0): fc.Arbitrary<unknown> {
  if (schema.allOf)
    return valid(mergeAll([schema, ...schema.allOf].map(({ allOf: _a, ...s }) => s)), name, depth);
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => valid(s, name, depth)));
    if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => valid(s, name, depth)));
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const type = [schema.type ?? 'any'].flat()[0];
    switch (type) {
      case 'string':
        return stringArb(schema, name);
      case 'integer':
        return integerArb(schema, name);
      case 'number':
        return fc.oneof(
          integerArb(schema, name),
          fc.double({
            min: schema.minimum ?? -1e9,
            max: schema.maximum ?? 1e9,
            noNaN: true,
            noDefaultInfinity: true,
          }),
        );
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const min = schema.minItems ?? 0;
        const max = Math.min(schema.maxItems ?? 5, min + 5);
        const items = valid(schema.items ?? {}, name, depth + 1);
        // Lists of codes and names are refused with duplicates (zod noDuplicates): unique by value.
        const primitive = ['string', 'integer'].includes([schema.items?.type].flat()[0] ?? '');
        const listOf = (minLength: number, maxLength: number) =>
          primitive || schema.items?.enum
            ? fc.uniqueArray(items, { minLength, maxLength })
            : fc.array(items, { minLength, maxLength });
        const list = listOf(
          min,
          schema.items?.enum ? Math.min(max, schema.items.enum.length) : max,
        );
        return fc.oneof(
          list,
          ...(schema.maxItems !== undefined && schema.maxItems <= 50 && !schema.items?.enum
            ? [listOf(schema.maxItems, schema.maxItems)]
            : []),
        );
      }
      case 'object':
        return objectArb(schema, depth);
      default:
        return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.option(base, { nil: null, freq: 5 }) : base;
}

function objectArb(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(props)) model[key] = valid(sub, key, depth + 1);
  const record = fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
  const extra =
    typeof schema.additionalProperties === 'object'
      ? fc.dictionary(
          schema.propertyNames
            ? (valid(schema.propertyNames, undefined, depth + 1) as fc.Arbitrary<string>)
            : fc.string({ minLength: 1, maxLength: 12 }),
          valid(schema.additionalProperties, undefined, depth + 1),
          { maxKeys: 4 },
        )
      : fc.constant({});
  return fc.tuple(record, extra).map(([r, e]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) if (!(k in props)) define(out, k, v);
    for (const [k, v] of Object.entries(r)) define(out, k, v);
    return out;
  });
}

/** Own property even for `__proto__` (an assignment would set the prototype instead). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

// ---------------------------------------------------------------------------------------------
// invalid

/** `levels` nested objects (or arrays): parsers and validators that recurse must not fall over. */
export function deepNest(levels: number, array = false): unknown {
  let v: unknown = array ? [] : {};
  for (let i = 0; i < levels; i++) v = array ? [v] : { a: v };
  return v;
}

const OPERATOR_VALUES: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000) || true' },
  { $regex: '.*' },
  { $expr: { $eq: [1, 1] } },
  { $in: [] },
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Values of the wrong JSON type for `schema` (each fails its `type`). */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const candidates: unknown[] = [
    null,
    true,
    0,
    -1,
    1.5,
    '',
    'NaN',
    '1e308',
    [],
    ['x'],
    {},
    deepNest(200),
    deepNest(200, true),
    ...OPERATOR_VALUES,
  ];
  const bad = candidates.filter((v) => violation(schema, v) !== undefined);
  return bad.length > 0 ? fc.constantFrom(...bad) : fc.constant(undefined);
}

/** Strings the schema refuses: too long, too short, off the pattern or format, outside the enum. */
function badStrings(schema: Schema): unknown[] {
  const out: unknown[] = [];
  const max = schema.maxLength;
  if (max !== undefined)
    out.push('a'.repeat(max + 1), '救'.repeat(max + 1), 'x'.repeat(Math.max(max + 1, 100_000)));
  if (schema.minLength !== undefined && schema.minLength > 0)
    out.push('a'.repeat(schema.minLength - 1));
  if (schema.pattern !== undefined || schema.format !== undefined || schema.enum !== undefined)
    out.push(
      '',
      ' ',
      'NaN',
      'Infinity',
      '-1',
      '1e308',
      '9007199254740993',
      '0x1F',
      '$gt',
      '__proto__',
      '%E0%A4%A',
      ...IMPOSSIBLE_DAYS.slice(0, 2),
      'a'.repeat(17),
    );
  return out.filter((v) => violation(schema, v) !== undefined);
}

/** Numbers the schema refuses: below/above the bounds, fractions for integers, huge ones. */
function badNumbers(schema: Schema): unknown[] {
  const out: unknown[] = [2 ** 53 + 2, 1e308, -1, -(2 ** 53) - 2, 0.5, -0.000001];
  if (schema.minimum !== undefined) out.push(schema.minimum - 1);
  if (schema.maximum !== undefined) out.push(schema.maximum + 1, schema.maximum * 2);
  if (schema.exclusiveMinimum !== undefined) out.push(schema.exclusiveMinimum);
  return out.filter((v) => violation(schema, v) !== undefined);
}

/**
 * Values that do not satisfy `schema` (wrong types, oversized strings, deep nesting,
 * `$`-operators, `__proto__`/`constructor` keys, bad numbers), or undefined when the schema takes
 * anything.
 */
export function invalid(schema: Schema, depth = 0): fc.Arbitrary<unknown> | undefined {
  const type = [schema.type ?? ''].flat()[0];
  const options: fc.Arbitrary<unknown>[] = [];
  const wrong = wrongType(schema);
  const wrongAny = [null, true, 0, '', [], {}, deepNest(200)].some((v) => violation(schema, v));
  if (wrongAny) options.push(wrong);
  if (type === 'string') {
    const bad = badStrings(schema);
    if (bad.length > 0) options.push(fc.constantFrom(...bad));
  }
  if (type === 'integer' || type === 'number') {
    const bad = badNumbers(schema);
    if (bad.length > 0) options.push(fc.constantFrom(...bad));
  }
  if (type === 'array') {
    const items = schema.items ? invalid(schema.items, depth + 1) : undefined;
    const okItem = valid(schema.items ?? {}, undefined, depth + 1);
    if (items)
      options.push(
        fc.tuple(fc.array(okItem, { maxLength: 2 }), items).map(([ok, bad]) => [...ok, bad]),
      );
    if (schema.maxItems !== undefined)
      options.push(
        fc.array(okItem, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 3 }),
      );
    if (schema.minItems !== undefined && schema.minItems > 0) options.push(fc.constant([]));
  }
  if (type === 'object' && depth < 4) options.push(...badObjects(schema, depth));
  const kept = options.map((a) =>
    a.filter((v) => v !== undefined && violation(schema, v) !== undefined),
  );
  return kept.length > 0 ? fc.oneof(...kept) : undefined;
}

function badObjects(schema: Schema, depth: number): fc.Arbitrary<unknown>[] {
  const props = schema.properties ?? {};
  const base = valid(schema, undefined, depth) as fc.Arbitrary<Record<string, unknown>>;
  const out: fc.Arbitrary<unknown>[] = [];
  const required = (schema.required ?? []).filter((k) => k in props);
  if (required.length > 0)
    out.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([o, k]) => {
        const copy = { ...o };
        delete copy[k];
        return copy;
      }),
    );
  if (schema.additionalProperties === false) {
    const keys = [...PROTO_KEYS, '$gt', '$where', '$set', 'extra', '字段'];
    out.push(
      fc
        .tuple(
          base,
          fc.constantFrom(...keys),
          fc.constantFrom<unknown>(
            { admin: true },
            { prototype: { polluted: true } },
            '',
            1,
            ...OPERATOR_VALUES,
          ),
        )
        .map(([o, k, v]) => {
          const copy = { ...o };
          define(copy, k, v);
          return copy;
        }),
    );
  }
  // One property with a value its schema refuses (operators, nesting, oversized, wrong type).
  const broken = Object.entries(props)
    .map(([k, sub]) => [k, invalid(sub, depth + 1)] as const)
    .filter((e): e is readonly [string, fc.Arbitrary<unknown>] => e[1] !== undefined);
  if (broken.length > 0)
    out.push(
      fc.tuple(base, fc.integer({ min: 0, max: broken.length - 1 })).chain(([o, i]) =>
        broken[i]![1].map((bad) => {
          const copy = { ...o };
          define(copy, broken[i]![0], bad);
          return copy;
        }),
      ),
    );
  if (typeof schema.additionalProperties === 'object') {
    const values = invalid(schema.additionalProperties, depth + 1);
    if (values)
      out.push(
        fc.tuple(base, fc.constantFrom(...PROTO_KEYS, '$gt', 'k'), values).map(([o, k, v]) => {
          const copy = { ...o };
          define(copy, k, v);
          return copy;
        }),
      );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// mutant: satisfies the schema, breaks a domain rule the handler checks.

/** Paths (property names from the root) of string fields with a domain hint in `schema`. */
export function hintedFields(schema: Schema, name?: string, path: string[] = []): string[][] {
  if (hintFor(name, schema)) return [path];
  if ([schema.type].flat()[0] !== 'object' || !schema.properties) return [];
  const required = new Set(schema.required ?? []);
  // Only through required objects: an optional parent left out would come back incomplete.
  return Object.entries(schema.properties).flatMap(([k, sub]) =>
    hintFor(k, sub) || required.has(k) ? hintedFields(sub, k, [...path, k]) : [],
  );
}

/** Mutants of one field that still satisfy its schema (none: the field cannot be mutated). */
export function mutantValues(name: string, schema: Schema): string[] {
  return (hintFor(name, schema)?.mutants ?? []).filter((v) => conforms(schema, v));
}

/**
 * A valid object with one hinted field (ID number, day, month, region…) replaced by a value that
 * still satisfies the schema but breaks the rule behind it; undefined when no field has a hint.
 */
export function mutant(schema: Schema): fc.Arbitrary<unknown> | undefined {
  const fields = hintedFields(schema).filter(
    (p) => p.length > 0 && mutantValues(p.at(-1)!, at(schema, p)!).length > 0,
  );
  if (fields.length === 0) return undefined;
  return fc
    .tuple(valid(schema) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...fields))
    .chain(([o, path]) =>
      fc
        .constantFrom(...mutantValues(path.at(-1)!, at(schema, path)!))
        .map((bad) => setPath(o, path, bad)),
    );
}

const at = (schema: Schema, path: string[]): Schema | undefined =>
  path.reduce<Schema | undefined>((s, k) => s?.properties?.[k], schema);

function setPath(
  o: Record<string, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy = { ...o };
  if (rest.length === 0) define(copy, head!, value);
  else {
    const inner = copy[head!];
    define(
      copy,
      head!,
      setPath(
        typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {},
        rest,
        value,
      ),
    );
  }
  return copy;
}
