// fast-check arbitraries from the JSON Schema subset of the services' OpenAPI documents (issue 18,
// fuzzing): `valid` shapes that satisfy a schema with edge values, `invalid` ones that break it,
// and `mutant` ones that satisfy the schema but break a rule only the handler knows (an ID
// number's check digit, a real calendar day, a region code). `conforms` is the small validator
// the generator tests hold them to. Pure: no I/O.
//
// This file: `valid`. Invalid values and mutants: schema-invalid.ts; the validator: schema-check.ts;
// domain values and field hints: domain-values.ts.
import fc from 'fast-check';
import { hintFor, usableHint } from './domain-values';
import { codePoints, conforms, type Schema } from './schema-check';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

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
export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
