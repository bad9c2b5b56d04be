// The HTTP fuzzer's requests (issue 18): per operation of a service's OpenAPI document, path
// parameters (valid, invalid, undecodable), query and body drawn from its schemas with a seeded
// fast-check sample, so the same seed, index and pools give the same request. Pure: no I/O.
import fc from 'fast-check';
import { FUZZ_STREET, IMPOSSIBLE_DAYS, dayArb, monthArb } from './domain-values';
import { poolKey, type Operation, type Pools } from './operations';
import { valid } from './schema-arb';
import { invalid, mutant } from './schema-invalid';

export type Kind = 'valid' | 'invalid' | 'mutant' | 'path' | 'query' | 'raw';

export interface FuzzRequest {
  index: number;
  op: Operation;
  kind: Kind;
  /** What was broken on purpose (or `valid`), for the report. */
  label: string;
  role?: string;
  /** Path with parameters, already encoded (an undecodable one stays as it is). */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** One seed per request: the run's seed, the request's index and what is drawn. */
const seedOf = (seed: number, index: number, salt: number) =>
  (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) +
    Math.imul(index + 1, 0xc2b2ae35) +
    salt * 0x27d4eb2f) |
  0;

function draw<T>(arb: fc.Arbitrary<T>, seed: number, index: number, salt: number): T {
  return fc.sample(arb, { seed: seedOf(seed, index, salt), numRuns: 1 })[0]!;
}

/** Path parameter values that no route should choke on. */
export const BAD_PATH_VALUES = [
  '%E0%A4%A', // undecodable percent-encoding
  '%',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  '%24gt',
  '__proto__',
  'constructor',
  '%7B%22%24gt%22%3A%22%22%7D', // {"$gt":""}
  'a'.repeat(5000),
  '%F0%A0%80%80', // 𠀀
  '-1',
  '9007199254740993',
  'NaN',
  ...IMPOSSIBLE_DAYS.slice(0, 2),
  '2026-13',
];

/** Query values that must be refused or ignored, never crash. */
const BAD_QUERY_VALUES = [
  '',
  'NaN',
  'Infinity',
  '-1',
  '1.5',
  '1e308',
  '9007199254740993',
  '0x10',
  ' 1',
  '$gt',
  '__proto__',
  '2023-02-29',
  '4610-42-56',
  '%E0%A4%A',
  'a'.repeat(5000),
  '救'.repeat(300),
];

/** Bodies that are not what the route parses: labels say what the server sees. */
const RAW_BODIES: { label: string; body: string; contentType?: string }[] = [
  {
    label: 'raw: empty body with application/json (the service reads it as {}: no body)',
    body: '',
  },
  { label: 'raw: truncated JSON', body: '{"a":' },
  { label: 'raw: JSON null', body: 'null' },
  { label: 'raw: JSON array', body: '[]' },
  { label: 'raw: JSON string', body: '"x"' },
  { label: 'raw: number out of double range', body: '1e999' },
  { label: 'raw: duplicate keys', body: '{"a":1,"a":2}' },
  { label: 'raw: byte order mark', body: '\ufeff{}' },
  { label: 'raw: 2^53+1 literal', body: '{"amountFen":9007199254740993,"page":9007199254740993}' },
  { label: 'raw: lone surrogate escape', body: '{"name":"\\ud800"}' },
  { label: 'raw: 300 levels of nesting', body: `${'['.repeat(300)}${']'.repeat(300)}` },
  {
    label: 'raw: 200 kB string (over the 100 kB limit)',
    body: JSON.stringify({ x: 'a'.repeat(200_000) }),
  },
  { label: 'raw: text/plain body', body: 'hello', contentType: 'text/plain' },
  { label: 'raw: form body', body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
];

/** A valid value for a path parameter by its name (when no pool has one). */
function pathValueArb(name: string): fc.Arbitrary<string> {
  switch (name) {
    case 'year':
      return fc.constantFrom('2026', '2027', '2024');
    case 'month':
      return monthArb;
    case 'date':
      return dayArb;
    case 'streetCode':
      return fc.constantFrom(FUZZ_STREET, '330106002', '330106');
    case 'taskNo':
    case 'chunk':
      return fc.constantFrom('0', '1', '2');
    default:
      return fc.oneof(fc.uuid(), fc.constantFrom('JH-2026-000001', 'missing-id'));
  }
}

const CSV_HEADER = 'platformRef,idempotencyKey,amountFen,status,paidAt';
const csvArb: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.stringMatching(/^[A-Z0-9]{4,12}$/),
      fc.uuid(),
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.constantFrom('PAID', 'RETURNED', '救', ''),
    ),
    { maxLength: 5 },
  )
  .map((rows) =>
    [CSV_HEADER, ...rows.map((r) => `${r.join(',')},2026-11-30T10:00:00+08:00`)].join('\n'),
  );

const memo = new WeakMap<object, Map<string, unknown>>();
/** Arbitraries are built once per schema (building one samples its hints). */
function cached<T>(owner: object, name: string, make: () => T): T {
  let m = memo.get(owner);
  if (!m) memo.set(owner, (m = new Map()));
  if (!m.has(name)) m.set(name, make());
  return m.get(name) as T;
}

/**
 * Points `…Id` fields of a generated body at records the run has seen (8 times in 10 when the
 * pool has one), so valid bodies reach the handler's logic instead of its 404.
 */
function aimIds(value: unknown, pools: Pools, pick: (n: number, salt: number) => number): unknown {
  let salt = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const pool = typeof x === 'string' && /.Id$/.test(k) ? pools.get(k) : [];
      salt++;
      const aimed =
        pool.length > 0 && pick(10, salt) < 8 ? pool[pick(pool.length, salt + 500)] : undefined;
      Object.defineProperty(out, k, {
        value: aimed ?? walk(x),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(value);
}

/** Builds request `index` of the run for `op`; `pools` aims id parameters at known records. */
export function buildRequest(
  op: Operation,
  index: number,
  seed: number,
  pools: Pools,
): FuzzRequest {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const jsonBody = op.body?.contentType === 'application/json' ? op.body.schema : undefined;
  const bodyMutant = jsonBody ? cached(jsonBody, 'mutant', () => mutant(jsonBody)) : undefined;
  const bodyInvalid = jsonBody ? cached(jsonBody, 'invalid', () => invalid(jsonBody)) : undefined;

  const kinds: { weight: number; arbitrary: fc.Arbitrary<Kind> }[] = [
    { weight: 45, arbitrary: fc.constant('valid') },
  ];
  if (bodyInvalid || op.body) kinds.push({ weight: 25, arbitrary: fc.constant('invalid') });
  if (bodyMutant) kinds.push({ weight: 12, arbitrary: fc.constant('mutant') });
  if (pathParams.length > 0) kinds.push({ weight: 10, arbitrary: fc.constant('path') });
  if (queryParams.length > 0) kinds.push({ weight: 12, arbitrary: fc.constant('query') });
  if (op.body) kinds.push({ weight: 5, arbitrary: fc.constant('raw') });
  const kind = draw(fc.oneof(...kinds), seed, index, 1);
  const pick = (n: number, salt: number) =>
    draw(fc.integer({ min: 0, max: n - 1 }), seed, index, 1000 + salt);
  const role = op.roles?.length ? draw(fc.constantFrom(...op.roles), seed, index, 2) : undefined;
  const labels: string[] = [];

  // Path: known ids most of the time; one parameter broken for `path`.
  const broken = kind === 'path' ? draw(fc.constantFrom(...pathParams), seed, index, 3) : undefined;
  let url = op.path;
  pathParams.forEach((p, i) => {
    let value: string;
    if (p === broken) {
      value = draw(fc.constantFrom(...BAD_PATH_VALUES), seed, index, 10 + i);
      labels.push(`path ${p.name}=${value.slice(0, 40)}`);
    } else {
      const pool = pools.get(poolKey(op.service, op.path, p.name));
      const fromPool =
        pool.length > 0 && draw(fc.integer({ min: 0, max: 9 }), seed, index, 20 + i) < 8;
      value = fromPool
        ? pool[draw(fc.integer({ min: 0, max: pool.length - 1 }), seed, index, 30 + i)]!
        : draw(pathValueArb(p.name), seed, index, 40 + i);
      value = encodeURIComponent(value);
    }
    url = url.replace(`{${p.name}}`, value);
  });

  // Query: each optional parameter present half of the time; one refused value for `query`.
  const query: string[] = [];
  const badQuery =
    kind === 'query' ? draw(fc.constantFrom(...queryParams), seed, index, 4) : undefined;
  queryParams.forEach((p, i) => {
    const present = p.required || p === badQuery || draw(fc.boolean(), seed, index, 50 + i);
    if (!present) return;
    const name = encodeURIComponent(p.name);
    if (p === badQuery) {
      const how = draw(fc.integer({ min: 0, max: 5 }), seed, index, 60 + i);
      const schemaBad = cached(p.schema, 'invalid', () => invalid(p.schema));
      if (how === 0) {
        // The same key twice: the simple parser hands the route an array.
        query.push(`${name}=1`, `${name}=2`);
        labels.push(`query ${p.name} repeated`);
      } else if (how === 1) {
        query.push(`${name}%5B%24gt%5D=`, `${name}[$ne]=x`);
        labels.push(`query ${p.name}[$gt]`);
      } else if (how === 2 && schemaBad) {
        const v = draw(schemaBad, seed, index, 70 + i);
        const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
        query.push(`${name}=${encodeURIComponent(text)}`);
        labels.push(`query ${p.name}=${text.slice(0, 40)}`);
      } else {
        const v = draw(fc.constantFrom(...BAD_QUERY_VALUES), seed, index, 80 + i);
        // `%E0%A4%A` goes as it is (undecodable); the others encoded.
        query.push(`${name}=${v.startsWith('%') ? v : encodeURIComponent(v)}`);
        labels.push(`query ${p.name}=${v.slice(0, 40)}`);
      }
      return;
    }
    const v = draw(
      cached(p.schema, `valid ${p.name}`, () => valid(p.schema, p.name)),
      seed,
      index,
      90 + i,
    );
    query.push(`${name}=${encodeURIComponent(String(v))}`);
  });
  if (query.length > 0) url += `?${query.join('&')}`;

  const headers: Record<string, string> = { 'x-request-id': `fuzz-${seed}-${index}` };
  if (op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) {
    // Mostly a fresh key; sometimes the previous request's (a replay) or a malformed one.
    headers['Idempotency-Key'] = draw(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(`fuzz-${seed}-${index}`) },
        { weight: 1, arbitrary: fc.constant(`fuzz-${seed}-${Math.max(0, index - 1)}`) },
        { weight: 1, arbitrary: fc.constantFrom('short', 'k'.repeat(300), 'bad key!', '$gt') },
      ),
      seed,
      index,
      5,
    );
  }

  let body: string | undefined;
  if (op.body) {
    headers['content-type'] = op.body.contentType;
    if (kind === 'raw') {
      const raw = draw(fc.constantFrom(...RAW_BODIES), seed, index, 6);
      body = raw.body;
      if (raw.contentType) headers['content-type'] = raw.contentType;
      labels.push(raw.label);
    } else if (!jsonBody) {
      // text/csv (the card platform's statement file)
      body =
        kind === 'invalid'
          ? draw(
              fc.constantFrom('\u0000\u0001\u0002', 'a,b\n"unterminated', '救,'.repeat(50_000), ''),
              seed,
              index,
              7,
            )
          : draw(csvArb, seed, index, 7);
      if (kind === 'invalid') labels.push('csv: malformed');
    } else if (kind === 'invalid' && bodyInvalid) {
      body = JSON.stringify(draw(bodyInvalid, seed, index, 8));
      labels.push('body: breaks the schema');
    } else if (kind === 'mutant' && bodyMutant) {
      body = JSON.stringify(aimIds(draw(bodyMutant, seed, index, 8), pools, pick));
      labels.push('body: breaks a domain rule (ID number, day, month, region…)');
    } else {
      const schema = jsonBody ?? {};
      body = JSON.stringify(
        draw(
          cached(schema, 'valid', () => valid(schema)),
          seed,
          index,
          8,
        ),
      );
    }
  }
  return {
    index,
    op,
    kind,
    label: labels.join('; ') || 'valid',
    ...(role ? { role } : {}),
    url,
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}
