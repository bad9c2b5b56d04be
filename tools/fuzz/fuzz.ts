// `npm run fuzz -- --requests 10000 --seed 18 [--services intake,payment]` (issue 18, ADR 0029):
// builds and starts the seven services on their own topic prefix and databases, sends seeded
// requests generated from their OpenAPI documents over every endpoint, prints progress every 500
// requests and a JSON summary; exits 1 on any 5xx (or no answer), partial write or crashed service.
// Expects the shared engines (`npm run infra:up`).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { uniquePrefix } from '@jh/platform-testing';
import { repoRoot } from '../../e2e/src/processes';
import { documents } from '../openapi/documents';
import { runFuzz, type Summary } from './engine';
import { operationsOf } from './operations';
import { assertEnginesUp, startFuzzSystem } from './system';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '18' },
    services: { type: 'string' },
    // JSONL of every request and the start of its answer (reproductions, debugging).
    log: { type: 'string' },
  },
});
const requests = Number(values.requests);
const seed = Number(values.seed);
if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(seed)) {
  console.error('用法 / usage: npm run fuzz -- --requests 10000 --seed 18 [--services a,b]');
  process.exit(2);
}
const services = values.services
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = services?.filter((s) => !(s in documents)) ?? [];
if (unknown.length > 0) {
  console.error(
    `未知服务 / unknown services: ${unknown.join(', ')} (known: ${Object.keys(documents).join(', ')})`,
  );
  process.exit(2);
}

const log = (line: string) =>
  console.error(`[fuzz ${new Date().toISOString().slice(11, 19)}] ${line}`);
const brief = (s: Summary) =>
  `${s.requests} requests, ${s.endpoints.covered}/${s.endpoints.total} endpoints (${s.endpoints.with2xx} with a 2xx), ` +
  `5xx ${s.serverErrors}, partial writes ${s.partialWrites} (background ${s.transient}), unreadable ${s.unreadable}, ` +
  `statuses ${JSON.stringify(s.statuses)}, ${s.seconds} s`;

async function main(): Promise<number> {
  await assertEnginesUp();
  const started = Date.now();
  log('building and starting the seven services…');
  const system = await startFuzzSystem(uniquePrefix('fuzz-http'));
  log(`services up in ${Math.round((Date.now() - started) / 1000)} s`);
  try {
    const operations = operationsOf(documents, services);
    const summary = await runFuzz({
      operations,
      requests,
      seed,
      targets: system.targets,
      token: system.token,
      quiet: system.quiet,
      progressEvery: 500,
      onProgress: (_done, s) => log(brief(s)),
      ...(values.log
        ? {
            onAnswer: (req, status, answer) =>
              appendFileSync(
                values.log!,
                `${JSON.stringify({ i: req.index, service: req.op.service, method: req.op.method, url: req.url.slice(0, 500), kind: req.kind, label: req.label, role: req.role, body: req.body?.slice(0, 3000), status, answer })}\n`,
              ),
          }
        : {}),
    });
    const exited = system.exited();
    const outDir = join(repoRoot, '.local', 'fuzz');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `summary-seed${seed}-${requests}.json`);
    writeFileSync(file, JSON.stringify({ ...summary, exited }, null, 2));
    log(brief(summary));
    // The full summary (every endpoint's statuses) is in the file; stdout keeps it readable.
    const { byEndpoint: _all, ...shown } = summary;
    console.log(JSON.stringify({ ...shown, exited, file }, null, 2));
    if (exited.length > 0) log(`services that stopped: ${exited.join(', ')}\n${system.output()}`);
    return summary.serverErrors > 0 || summary.partialWrites > 0 || exited.length > 0 ? 1 : 0;
  } finally {
    await system.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
