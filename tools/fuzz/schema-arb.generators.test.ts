import fc from 'fast-check';
import { documents } from '../openapi/documents';
import {
  BAD_ID_NUMBERS,
  IMPOSSIBLE_DAYS,
  isRealDay,
  isRegionCode,
  isValidIdNumber,
} from './domain-values';
import { valid } from './schema-arb';
import { conforms, violation, type Schema } from './schema-check';
import { hintedFields, invalid, mutant } from './schema-invalid';

// Issue 18, fuzzing: the generators behind the HTTP fuzzer, held to a small validator over every
// request schema of the services' OpenAPI documents. Pure: no engine, no service.

interface Target {
  label: string;
  schema: Schema;
  name?: string;
}

/** Every request body and parameter schema of every service, with a label for failures. */
function targets(): Target[] {
  const out: Target[] = [];
  for (const [service, document] of Object.entries(documents)) {
    const doc = document() as { paths: Record<string, Record<string, Record<string, unknown>>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const label = `${service} ${method.toUpperCase()} ${path}`;
        const body = (op['requestBody'] as { content?: Record<string, { schema?: Schema }> })
          ?.content?.['application/json']?.schema;
        if (body) out.push({ label: `${label} body`, schema: body });
        for (const p of (op['parameters'] as { name: string; in: string; schema: Schema }[]) ?? [])
          out.push({ label: `${label} ${p.in}:${p.name}`, schema: p.schema, name: p.name });
      }
    }
  }
  return out;
}

const all = targets();
const sample = <T>(arb: fc.Arbitrary<T>, seed: number, numRuns = 25) =>
  fc.sample(arb, { seed, numRuns });

/** Every string value inside `v` (keys included). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  return out;
}

describe('issue 18 fuzz generators (schema-arb)', () => {
  it('reads every request schema of the seven services (bodies and parameters)', () => {
    expect(all.filter((t) => t.label.endsWith(' body')).length).toBeGreaterThan(80);
    expect(all.length).toBeGreaterThan(250);
  });

  it('every valid sample satisfies its schema, for every request schema of every service', () => {
    const failures: string[] = [];
    all.forEach((t, i) => {
      for (const v of sample(valid(t.schema, t.name), 18 + i)) {
        const why = violation(t.schema, v);
        if (why) failures.push(`${t.label}: ${why} in ${JSON.stringify(v).slice(0, 200)}`);
      }
    });
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('every invalid sample breaks its schema; every schema with a constraint has invalid samples', () => {
    const failures: string[] = [];
    let constrained = 0;
    all.forEach((t, i) => {
      const arb = invalid(t.schema);
      if (!arb) {
        // Only a schema that takes every value (a bare `{type: string}` parameter) has none.
        if (JSON.stringify(t.schema) !== '{"type":"string"}')
          failures.push(`${t.label}: no invalid arbitrary`);
        return;
      }
      constrained++;
      for (const v of sample(arb, 18 + i)) {
        if (conforms(t.schema, v))
          failures.push(`${t.label}: invalid sample passes: ${JSON.stringify(v).slice(0, 200)}`);
      }
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect(constrained).toBeGreaterThan(200);
  });

  it('every mutant satisfies the schema but breaks the domain rule of one hinted field', () => {
    const failures: string[] = [];
    let mutated = 0;
    all.forEach((t, i) => {
      const arb = mutant(t.schema);
      if (!arb) return;
      mutated++;
      const fields = hintedFields(t.schema);
      for (const v of sample(arb, 18 + i, 10)) {
        if (!conforms(t.schema, v)) failures.push(`${t.label}: mutant breaks the schema`);
        const broken = fields.some((path) => {
          const x = path.reduce<unknown>(
            (o, k) => (o as Record<string, unknown> | undefined)?.[k],
            v,
          );
          const name = path.at(-1)!;
          if (typeof x !== 'string') return false;
          if (name === 'idNumber') return !isValidIdNumber(x);
          if (/region|streetCode/i.test(name)) return !isRegionCode(x);
          if (/On$|date$|^from$|^to$/.test(name)) return !isRealDay(x);
          return true;
        });
        if (!broken) failures.push(`${t.label}: mutant keeps every rule: ${JSON.stringify(v)}`);
      }
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect(mutated).toBeGreaterThan(20);
  });

  it('valid values carry the edges: empty and maximum-length strings, CJK and astral characters, leap days, 0 and the maximum amount', () => {
    const text: Schema = { type: 'string', minLength: 0, maxLength: 50 };
    const texts = sample(valid(text), 1, 400) as string[];
    expect(texts).toContain('');
    expect(texts.some((s) => s.length === 50)).toBe(true);
    expect(texts.some((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true);
    expect(texts.some((s) => /[\ud800-\udbff][\udc00-\udfff]/.test(s))).toBe(true);

    const day: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    const days = sample(valid(day, 'paidOn'), 2, 300) as string[];
    expect(days).toContain('2024-02-29');
    expect(days.filter(isRealDay).length).toBeGreaterThan(days.length / 2);

    const amount: Schema = { type: 'integer', minimum: 0, maximum: 10_000_000_000 };
    const amounts = sample(valid(amount, 'amountFen'), 3, 300) as number[];
    expect(amounts).toContain(0);
    expect(amounts).toContain(10_000_000_000);

    const ids = sample(valid({ type: 'string' }, 'idNumber'), 4, 100) as string[];
    expect(ids.filter(isValidIdNumber).length).toBeGreaterThan(60);
    expect(ids.some((id) => id.slice(6, 14) === '20240229')).toBe(true);
  });

  it('invalid values carry the attacks: 200-level nesting, $-operators, __proto__/constructor keys, huge numbers, oversized strings', () => {
    const body: Schema = {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 50 },
        amountFen: { type: 'integer', minimum: 0, maximum: 100_000 },
      },
      required: ['name'],
      additionalProperties: false,
    };
    const samples = sample(invalid(body)!, 5, 1500);
    const json = samples.map((v) => JSON.stringify(v));
    const depth = (v: unknown): number =>
      v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
    expect(samples.some((v) => depth(v) >= 200)).toBe(true);
    expect(json.some((s) => s.includes('"$gt"'))).toBe(true);
    expect(json.some((s) => s.includes('"$where"'))).toBe(true);
    // An own `__proto__` key survives serialisation (an assignment would have set the prototype).
    expect(json.some((s) => s.includes('"__proto__"'))).toBe(true);
    expect(json.some((s) => s.includes('"constructor"'))).toBe(true);
    const numbers = samples.flatMap((v) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? [(v as Record<string, unknown>)['amountFen']]
        : [],
    );
    expect(numbers).toEqual(expect.arrayContaining([2 ** 53 + 2, 1e308, -1]));
    expect(strings(samples).some((s) => s.length > 50)).toBe(true);
    for (const v of samples) expect(conforms(body, v)).toBe(false);
  });

  it('bad ID numbers and impossible days are refused by the domain rules but pass the bare patterns', () => {
    for (const id of BAD_ID_NUMBERS) expect(isValidIdNumber(id)).toBe(false);
    expect(BAD_ID_NUMBERS.some((id) => id.length === 17)).toBe(true);
    for (const d of IMPOSSIBLE_DAYS) {
      expect(isRealDay(d)).toBe(false);
      expect(conforms({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, d)).toBe(true);
    }
    expect(IMPOSSIBLE_DAYS).toEqual(expect.arrayContaining(['2023-02-29', '4610-42-56']));
    expect(isRealDay('2024-02-29')).toBe(true);
  });

  it('the same seed gives the same samples', () => {
    const schema = all.find((t) => t.label === 'intake POST /applications body')!.schema;
    expect(JSON.stringify(sample(valid(schema), 42, 5))).toBe(
      JSON.stringify(sample(valid(schema), 42, 5)),
    );
    expect(JSON.stringify(sample(invalid(schema)!, 42, 5))).toBe(
      JSON.stringify(sample(invalid(schema)!, 42, 5)),
    );
  });
});
