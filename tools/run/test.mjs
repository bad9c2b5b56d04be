#!/usr/bin/env node
// The one test command (README Quick start, .ci/run): install → engines → static checks →
// every jest test against the real engines → stop what we started → "N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureBrowser,
  ensureDependencies,
  ensureEngines,
  ensureJaeger,
  root,
  seconds,
  step,
} from './setup.mjs';

process.env.NX_DAEMON = 'false';
process.env.NX_NO_CLOUD = 'true';
const results = [];
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function check(name, fn) {
  const started = Date.now();
  let ok = false;
  let detail = '';
  try {
    const r = await fn();
    ok = r.ok;
    detail = r.detail ?? '';
  } catch (e) {
    detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  results.push({ name, ok });
  console.log(`  ${ok ? '✓' : '✗'} ${name} (${seconds(started)})`);
  if (!ok && detail)
    console.log(
      detail
        .trim()
        .split('\n')
        .slice(-60)
        .map((l) => `      ${l}`)
        .join('\n'),
    );
}

const command = (cmd, args, env) => async () => {
  const { code, output } = await run(cmd, args, env);
  return { ok: code === 0, detail: output };
};

let engines;
let exitCode = 1;
let summary = '0 passed, 1 failed';
try {
  ensureDependencies();
  engines = await ensureEngines();
  await ensureJaeger(engines);
  ensureBrowser();

  step('静态检查 / static checks');
  await check(
    'format (prettier --check)',
    command(bin('prettier'), ['--check', '.', '--log-level', 'warn']),
  );
  await check('lint (eslint + Nx module boundaries)', async () => {
    // The boundaries rule reads the cached project graph; compute it first.
    const graph = await run(bin('nx'), ['show', 'projects']);
    if (graph.code !== 0) return { ok: false, detail: graph.output };
    return command(bin('eslint'), ['.', '--max-warnings', '0'])();
  });
  await check(
    'typecheck (tsc, services and libs)',
    command(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']),
  );
  await check(
    'typecheck (tsc, console)',
    command(bin('tsc'), ['-p', 'apps/console/tsconfig.json', '--noEmit']),
  );
  const contracts = await import('../contracts/check.mjs');
  for (const name of ['lint', 'drift', 'breaking']) {
    await check(`contracts:${name}`, async () => {
      const r = contracts.runCheck(name);
      return { ok: r.ok, detail: [r.message, r.details].filter(Boolean).join('\n') };
    });
  }
  // The console's API types against the services' zod schemas (issue 15), like the contracts.
  await check('openapi:drift', async () => {
    const r = await (await import('../openapi/generate.mjs')).checkDrift();
    return { ok: r.ok, detail: [r.message, r.details].filter(Boolean).join('\n') };
  });
  await check('compose:config (docker compose config)', async () => {
    const { checkComposeConfig } = await import('../compose/check.mjs');
    const r = checkComposeConfig({ log: () => undefined });
    if (r.status === 'skipped') console.log(`      ${r.message}`);
    return { ok: r.status !== 'failed', detail: `${r.message}\n${r.output}` };
  });
  // Alert rules (issue 17): both scrape configs valid and every promtool test group of
  // alerts.test.yml passing; promtool comes from Debian's prometheus package (installed if missing).
  let ruleTests;
  await check('prometheus:rules (promtool check config + test rules)', async () => {
    const prometheus = await import('../observability/prometheus.mjs');
    const { promtool } = prometheus.ensurePrometheus();
    const config = prometheus.checkConfig({ promtool });
    ruleTests = prometheus.testRules({ promtool });
    return {
      ok: config.ok && ruleTests.failed === 0 && ruleTests.passed > 0,
      detail: `${config.ok ? '' : `${config.output}\n`}${ruleTests.output}`,
    };
  });
  if (ruleTests)
    console.log(`      rule test groups: ${ruleTests.passed} passed, ${ruleTests.failed} failed`);
  await check('build (service apps, esbuild)', command(process.execPath, ['tools/run/build.mjs']));
  await check(
    'build (console, vite)',
    command(bin('vite'), [
      'build',
      '--config',
      'apps/console/vite.config.mjs',
      '--logLevel',
      'warn',
    ]),
  );

  step('单元与集成测试 / unit + integration tests (jest, real Kafka + FerretDB)');
  mkdirSync(join(root, '.local'), { recursive: true });
  const report = join(root, '.local', 'jest-results.json');
  // Every log line of the run, debug and up, is captured here and scanned afterwards (issue 14).
  const logCapture = join(root, '.local', 'log-capture');
  rmSync(logCapture, { recursive: true, force: true });
  mkdirSync(logCapture, { recursive: true });
  const jestEnv = {
    ...process.env,
    ...engines.infra.kafkaEnv(),
    MONGO_URL: engines.mongoUrl,
    KEYCLOAK_URL: engines.keycloakUrl,
    JH_LOG_CAPTURE_DIR: logCapture,
    // Service test databases stay for the at-rest scan below (the run's data dir is its own).
    JH_KEEP_TEST_DATABASES: '1',
  };
  /** One jest run; its totals from the JSON report (a run that ran nothing counts as a failure). */
  const jestPart = async (name, args, file) => {
    const started = Date.now();
    rmSync(file, { force: true });
    const child = spawn(
      bin('jest'),
      ['--ci', '--maxWorkers=2', '--json', `--outputFile=${file}`, ...args],
      { cwd: root, stdio: 'inherit', env: jestEnv },
    );
    const code = await new Promise((resolve) => child.on('close', resolve));
    console.log(`  jest (${name}) finished in ${seconds(started)} (exit ${code})`);
    if (!existsSync(file)) return { code, passed: 0, failed: 0 };
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
    return {
      code,
      passed: summary.numPassedTests,
      failed: failed + (summary.numTotalTests ? 0 : 1),
    };
  };
  // Coverage only where it is gated (libs/domain, 100 %): v8 coverage cost every other suite
  // 8–10 s in a long-lived worker (ADR 0031), and the domain's own tests cover it alone.
  const domainPart = await jestPart(
    'libs/domain, coverage',
    ['--coverage', '/libs/domain/'],
    join(root, '.local', 'jest-domain.json'),
  );
  const restPart = await jestPart(
    'everything else',
    ['--config', 'tools/run/jest.rest.config.js'],
    report,
  );
  const parts = [domainPart, restPart];
  const jestCode = parts.find((p) => p.code !== 0)?.code ?? 0;
  const jestPassed = parts.reduce((n, p) => n + p.passed, 0);
  const jestFailed = parts.reduce((n, p) => n + p.failed, 0);
  const scan = await run(process.execPath, [
    'tools/run/ts-run.mjs',
    'tools/log-scan/scan.ts',
    logCapture,
  ]);
  await check('log scan (no personal data in logs)', async () => ({
    ok: scan.code === 0,
    detail: scan.output,
  }));
  if (scan.code === 0) console.log(`      ${scan.output.trim().split('\n')[0]}`);
  // No clear-text ID number in any collection left on the engine or in any Kafka log segment.
  const atRest = await run(process.execPath, [
    'tools/run/ts-run.mjs',
    'tools/privacy/scan-at-rest.ts',
    '--mongo-url',
    engines.mongoUrl,
    '--kafka-dir',
    engines.infra.getConfig().kafka.dataDir,
  ]);
  await check('at-rest scan (no clear ID numbers in MongoDB or Kafka)', async () => ({
    ok: atRest.code === 0,
    detail: atRest.output,
  }));
  if (atRest.code === 0) console.log(`      ${atRest.output.trim().split('\n')[0]}`);
  // Issue 18's short chaos run, on its own engines (.local/chaos) once jest has the machine no
  // longer: replicas killed, the broker and the database restarted, then the invariants (ADR 0028).
  step('混沌测试（简版）/ chaos, short form (ADR 0028)');
  const chaosArgs = [
    'tools/run/ts-run.mjs',
    'tools/chaos/chaos.ts',
    ...['--applications', '100', '--kills', '5', '--broker-restarts', '1'],
    ...['--db-restarts', '1', '--seed', '1', '--timeout-min', '15'],
    ...['--out', join(root, '.local', 'chaos-summary.json')],
  ];
  const chaos = await run(process.execPath, chaosArgs);
  await check('chaos short form (9 invariants)', async () => ({
    ok: chaos.code === 0,
    detail: chaos.output,
  }));
  const chaosLine = chaos.output.split('\n').find((l) => l.startsWith('chaos summary:'));
  if (chaosLine) console.log(`      ${chaosLine}`);
  // A non-zero exit with no failed test is the coverage gate (or a crashed run): count it.
  if (jestCode !== 0 && jestFailed === 0) {
    results.push({ name: 'jest run (coverage gate on libs/domain or runner error)', ok: false });
    console.log(
      '  ✗ jest exited non-zero without a failing test: coverage gate or runner error (see above)',
    );
  }
  const passed = results.filter((r) => r.ok).length + jestPassed;
  const failed = results.filter((r) => !r.ok).length + jestFailed;
  const failedChecks = results.filter((r) => !r.ok).map((r) => r.name);
  if (failedChecks.length > 0)
    console.log(`\n失败的检查 / failed checks: ${failedChecks.join('; ')}`);
  summary = `${passed} passed, ${failed} failed`;
  exitCode = failed === 0 && jestCode === 0 ? 0 : 1;
} catch (e) {
  console.error(`\n测试命令失败 / test command failed: ${e instanceof Error ? e.message : e}`);
  const passed = results.filter((r) => r.ok).length;
  summary = `${passed} passed, ${results.length - passed + 1} failed`;
  exitCode = 1;
} finally {
  if (engines?.startedByUs.length) {
    step('停止本次启动的引擎 / stopping the engines this run started');
    await engines.infra.down({ engines: engines.startedByUs }).catch((e) => console.error(e));
  }
}
// The totals are the very last line: CI reads it.
console.log(`\n${summary}`);
process.exit(exitCode);
