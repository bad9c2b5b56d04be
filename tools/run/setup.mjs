// Shared by `npm start` and `npm test`: install what is missing and start the local engines.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function step(message) {
  process.stdout.write(`\n▶ ${message}\n`);
}

export const seconds = (started) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/**
 * Installs from package-lock.json when node_modules is missing or came from another lock file.
 * `npm install --no-save` rather than `npm ci`: npm 11 on Linux records only this platform's
 * optional binaries (buf, swc, esbuild) in the lock file, and `npm ci` then refuses the lock.
 */
export function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.jh-lock-hash');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) return false;
  step('安装依赖 / installing npm dependencies from package-lock.json…');
  const started = Date.now();
  const result = spawnSync(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  if (result.status !== 0) throw new Error('依赖安装失败 / npm install failed');
  writeFileSync(marker, hash);
  console.log(`  dependencies installed in ${seconds(started)}`);
  return true;
}

/** Starts Kafka, FerretDB and Keycloak unless already healthy; returns endpoints and which ones we started. */
export async function ensureEngines() {
  const infra = await import('../local-infra/index.mjs');
  const before = await infra.status();
  step(
    before.healthy
      ? '本地引擎已在运行 / local engines already running'
      : '启动本地引擎 / starting local engines (Kafka + FerretDB + Keycloak)…',
  );
  const started = Date.now();
  const result = await infra.up();
  if (!before.healthy) console.log(`  engines healthy in ${seconds(started)}`);
  // Only what this run started is stopped at its end.
  const startedByUs = before.engines.filter((e) => !e.healthy).map((e) => e.name);
  return { ...infra.endpoints(), startedByUs, infra, result };
}
