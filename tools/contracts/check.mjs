#!/usr/bin/env node
// Contract guards for CI and the test orchestrator.
//   node tools/contracts/check.mjs lint       buf lint (STANDARD, see buf.yaml)
//   node tools/contracts/check.mjs drift      regenerate into a temp folder, compare byte for byte
//                                             with libs/contracts/src/gen
//   node tools/contracts/check.mjs breaking   buf breaking (FILE) against the base commit:
//                                             $CONTRACTS_BREAKING_AGAINST if set, else the
//                                             merge-base with main on a side branch, else HEAD~1
// Each prints one line "contracts:<name> ok" or fails with a message and exit code 1.
// Importable: each check returns { name, ok, message, details } and never exits the process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, genDir, listFiles, repoRoot, runBuf } from './generate.mjs';

const BUF_BREAKING_FOUND = 100; // buf's exit code for "rule violations found"

const pass = (name, message = 'ok', details = '') => ({ name, ok: true, message, details });
const fail = (name, message, details = '') => ({ name, ok: false, message, details });

export function checkLint() {
  const { status, stdout, stderr } = runBuf(['lint']);
  if (status === 0) return pass('lint');
  return fail('lint', 'buf lint found problems', `${stdout}${stderr}`.trim());
}

export function checkDrift() {
  const committed = path.join(repoRoot, genDir);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'contracts-drift-'));
  try {
    let fresh;
    try {
      fresh = generate({ outputBase: scratch });
    } catch (error) {
      return fail('drift', 'code generation failed', error.message);
    }
    const expected = listFiles(fresh);
    const actual = existsSync(committed) ? listFiles(committed) : [];
    const differing = [...new Set([...expected, ...actual])].sort().filter((file) => {
      const a = path.join(fresh, file);
      const b = path.join(committed, file);
      if (!existsSync(a)) return true; // stale file, not produced any more
      if (!existsSync(b)) return true; // missing file
      return !readFileSync(a).equals(readFileSync(b));
    });
    if (differing.length === 0) return pass('drift');
    return fail(
      'drift',
      `${genDir} is out of date with proto/ (run \`npm run contracts:gen\` and commit the result)`,
      differing.map((file) => `  ${path.join(genDir, file)}`).join('\n'),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function git(args) {
  const result = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  return {
    ok: result.status === 0,
    out: (result.stdout ?? '').trim(),
    err: (result.stderr ?? '').trim(),
  };
}

/** The commit to compare against, or { skip } / { error } when there is none. */
export function resolveBreakingBase() {
  if (!git(['rev-parse', '--git-dir']).ok) return { error: `${repoRoot} is not a git repository` };
  if (!git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).ok) {
    return { skip: 'no commit yet' };
  }
  const override = process.env.CONTRACTS_BREAKING_AGAINST;
  let ref;
  let label;
  if (override) {
    ref = override;
    label = `$CONTRACTS_BREAKING_AGAINST=${override}`;
  } else if (
    git(['rev-parse', '--verify', '--quiet', 'refs/heads/main']).ok &&
    !git(['merge-base', '--is-ancestor', 'HEAD', 'refs/heads/main']).ok
  ) {
    ref = git(['merge-base', 'HEAD', 'refs/heads/main']).out;
    label = 'merge-base with main';
    if (!ref) return { error: 'HEAD has no merge-base with main' };
  } else {
    ref = 'HEAD~1';
    label = 'HEAD~1';
  }
  const sha = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).out;
  if (!sha) {
    if (override) return { error: `cannot resolve ${label}` };
    if (git(['rev-parse', '--is-shallow-repository']).out === 'true') {
      return {
        error: `${label} is not in this shallow clone; fetch with depth >= 2 (fetch-depth: 2)`,
      };
    }
    return { skip: 'no previous commit' };
  }
  if (!git(['cat-file', '-e', `${sha}:proto`]).ok) {
    return { skip: `previous commit ${sha.slice(0, 12)} (${label}) has no proto/ folder` };
  }
  return { sha, label };
}

export function checkBreaking() {
  const base = resolveBreakingBase();
  if (base.error) return fail('breaking', base.error);
  if (base.skip) return pass('breaking', `ok (skipped: ${base.skip})`);
  const against = `.git#ref=${base.sha},subdir=proto`;
  const { status, stdout, stderr } = runBuf(['breaking', 'proto', '--against', against]);
  const where = `${base.sha.slice(0, 12)} (${base.label})`;
  if (status === 0) return pass('breaking', `ok (against ${where})`);
  const output = `${stdout}${stderr}`.trim();
  if (status === BUF_BREAKING_FOUND) {
    return fail(
      'breaking',
      `breaking contract changes against ${where}; make the change additive (new field/message/` +
        'version) instead',
      output,
    );
  }
  return fail('breaking', `buf breaking could not run against ${where}`, output);
}

export const checks = { lint: checkLint, drift: checkDrift, breaking: checkBreaking };

/** Runs one check by name; unknown names fail like a check. */
export function runCheck(name) {
  const check = checks[name];
  if (!check) {
    return fail(String(name), `unknown check; use one of: ${Object.keys(checks).join(', ')}`);
  }
  return check();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    console.error(`usage: node tools/contracts/check.mjs <${Object.keys(checks).join('|')}>...`);
    process.exit(2);
  }
  let failed = false;
  for (const name of names) {
    const result = runCheck(name);
    if (result.ok) {
      console.log(`contracts:${result.name} ${result.message}`);
    } else {
      failed = true;
      console.error(`contracts:${result.name} FAILED: ${result.message}`);
      if (result.details) console.error(result.details);
    }
  }
  process.exit(failed ? 1 : 0);
}
