// Invalid values and mutants for the fuzzer (issue 18): `invalid` breaks a schema (wrong types,
// oversized strings, deep nesting, `$`-operators, prototype keys, bad numbers); `mutant` satisfies
// it but breaks a rule only the handler knows (see domain-values.ts). Pure: no I/O.
import fc from 'fast-check';
import { IMPOSSIBLE_DAYS, hintFor } from './domain-values';
import { define, valid } from './schema-arb';
import { conforms, violation, type Schema } from './schema-check';

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
