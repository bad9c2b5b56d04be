import { uniquePrefix } from '@jh/platform-testing';
import { documents } from '../openapi/documents';
import { runFuzz, type Summary } from './engine';
import { operationsOf } from './operations';
import { startFuzzSystem, type FuzzSystem } from './system';

// Issue 18, fuzzing, HTTP (ADR 0029): the CI short form of `npm run fuzz`. A seeded run over
// every endpoint of the seven services: no 5xx, no refused request that wrote, every create
// readable back. JH_FUZZ_SEED / JH_FUZZ_REQUESTS explore further.
jest.setTimeout(600_000);

const SEED = Number(process.env['JH_FUZZ_SEED'] ?? 18);
const operations = operationsOf(documents);
/** Every endpoint at least twice (round robin), about 400 requests. */
const REQUESTS = Number(process.env['JH_FUZZ_REQUESTS'] ?? Math.max(400, operations.length * 2));

let system: FuzzSystem | undefined;
let summary: Summary;
const timings: Record<string, number> = {};

beforeAll(async () => {
  const started = Date.now();
  system = await startFuzzSystem(uniquePrefix('fuzz-http'));
  timings['start'] = (Date.now() - started) / 1000;
  const fuzzing = Date.now();
  summary = await runFuzz({
    operations,
    requests: REQUESTS,
    seed: SEED,
    targets: system.targets,
    token: system.token,
    quiet: system.quiet,
  });
  timings['fuzz'] = (Date.now() - fuzzing) / 1000;
});
afterAll(async () => {
  await system?.stop();
});

const show = (list: unknown[]) => JSON.stringify(list.slice(0, 5), null, 2);

describe('issue 18 HTTP fuzz, short form (seeded, every endpoint)', () => {
  it('covers every endpoint of the seven services, each at least once', () => {
    const { byEndpoint: _all, findings: _f, ...totals } = summary;
    console.log(`HTTP fuzz seed ${SEED}: ${JSON.stringify({ ...totals, timings })}`);
    expect(summary.requests).toBe(REQUESTS);
    expect(summary.endpoints.uncovered).toEqual([]);
    expect(summary.endpoints.covered).toBe(operations.length);
    expect(operations.length).toBeGreaterThan(150);
    // Valid shapes get through validation to the handlers on a good share of the endpoints.
    expect(summary.endpoints.with2xx).toBeGreaterThan(operations.length / 3);
  });

  it('answers no request with a 5xx (nor leaves one unanswered), and no service stops', () => {
    if (summary.serverErrors > 0) console.log(show(summary.findings.serverErrors));
    expect(
      summary.findings.serverErrors.map((f) => `${f.status} ${f.method} ${f.path} (${f.label})`),
    ).toEqual([]);
    expect(system!.exited()).toEqual([]);
  });

  it('a refused request changes no document and no outbox entry (no partial write)', () => {
    if (summary.partialWrites > 0) console.log(show(summary.findings.partialWrites));
    // Differences a replay did not bring back are a timer's writes: listed, not failed.
    if (summary.transient > 0)
      console.log(`background writes: ${show(summary.findings.transient)}`);
    expect(summary.findings.partialWrites.map((f) => `${f.status} ${f.method} ${f.path}`)).toEqual(
      [],
    );
    expect(summary.statuses['400'] ?? 0).toBeGreaterThan(REQUESTS / 5);
  });

  it('every accepted create with an id reads back through its GET', () => {
    if (summary.unreadable > 0) console.log(show(summary.findings.unreadable));
    expect(
      summary.findings.unreadable.map((f) => `${f.method} ${f.path} → ${f.read?.status}`),
    ).toEqual([]);
    expect(summary.created).toBeGreaterThan(0);
    expect(summary.readBack).toBeGreaterThan(0);
  });
});
