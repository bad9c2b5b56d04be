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

/**
 * Jaeger (opt-in engine, issue 17) for the trace tests and `npm start`: built once from the Go
 * module proxy into the cache (minutes on a new machine), then started in about a second. Added
 * to `startedByUs` when this run started it, so the test command stops it again.
 */
export async function ensureJaeger(engines) {
  const before = await engines.infra.status();
  const running = before.engines.some((e) => e.name === 'jaeger' && e.healthy);
  if (running) return engines.infra.jaegerEndpoints();
  step(
    '启动 Jaeger（首次需从 Go 模块代理构建）/ starting Jaeger (built once from the Go module proxy)…',
  );
  const started = Date.now();
  await engines.infra.up({ engines: ['jaeger'] });
  console.log(`  jaeger healthy in ${seconds(started)}`);
  engines.startedByUs.push('jaeger');
  return engines.infra.jaegerEndpoints();
}

/** Debian's Chromium, driven by playwright-core in the browser tests; never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function hasCjkFont() {
  if (existsSync(CJK_FONT)) return true;
  // Another distribution may put it elsewhere: ask fontconfig.
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 && /Noto (Sans|Serif) CJK/.test(r.stdout);
}

/**
 * Installs Chromium and the Noto CJK fonts with apt-get when missing (without a CJK font every
 * Chinese character in a screenshot is an empty box). As root, or with password-less sudo.
 */
export function ensureBrowser() {
  // playwright-core never downloads, but keep any tool from fetching its own browser.
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : ['chromium']),
    ...(hasCjkFont() ? [] : ['fonts-noto-cjk']),
  ];
  if (missing.length === 0) return false;
  step(`安装浏览器与中文字体 / installing ${missing.join(' + ')} (apt-get)…`);
  const started = Date.now();
  const manual = `请手动安装 / install by hand: apt-get install -y ${missing.join(' ')}`;
  if (!onPath('apt-get')) {
    throw new Error(`缺少 ${missing.join('、')}，且本机没有 apt-get / no apt-get here. ${manual}`);
  }
  let sudo = [];
  if (process.getuid?.() !== 0) {
    if (!onPath('sudo')) {
      throw new Error(`安装 ${missing.join('、')} 需要 root 权限 / root needed. ${manual}`);
    }
    sudo = ['sudo', '-n'];
  }
  const apt = (args) => {
    const [cmd, ...rest] = [...sudo, 'apt-get', ...args];
    const r = spawnSync(cmd, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) {
      throw new Error(
        `apt-get ${args[0]} 失败 / failed (exit ${r.status ?? r.error?.message})` +
          (sudo.length ? '（sudo 需要免密码 / sudo must not ask for a password）' : '') +
          `. ${manual}`,
      );
    }
  };
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', ...missing]);
  if (!existsSync(CHROMIUM) || !hasCjkFont()) {
    throw new Error(`安装后仍缺少浏览器或字体 / still missing after apt-get. ${manual}`);
  }
  console.log(`  ${missing.join(' + ')} installed in ${seconds(started)}`);
  return true;
}
