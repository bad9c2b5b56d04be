import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';

export { freePort } from '@jh/platform-testing';

export const repoRoot = resolve(__dirname, '../..');

/** Builds the given apps exactly as `npm start` does, so tests exercise the real composition roots. */
export function buildApps(names: string[]): void {
  execFileSync(process.execPath, [resolve(repoRoot, 'tools/run/build.mjs'), ...names], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `dist/apps/<name>/main.js` and waits until its /ready answers 200. */
export async function startApp(
  name: string,
  env: Record<string, string>,
  httpPort: number,
  // A bound, not a wait: two journeys start seven services each at once on 2 cores (45 s was
  // too short once with another job on the machine).
  readyTimeoutMs = 90_000,
): Promise<AppProcess> {
  const child = spawn(process.execPath, [resolve(repoRoot, 'dist/apps', name, 'main.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, HTTP_PORT: String(httpPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Starts the "一键达" card-platform simulator (apps/card-platform) as its own process on `port`;
 * it pushes its callbacks to `callbackUrl` with `callbackToken`, like the real platform.
 */
export async function startCardSimulator(
  port: number,
  callbackUrl: string,
  callbackToken: string,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const child = spawn(
    process.execPath,
    [resolve(repoRoot, 'tools/run/ts-run.mjs'), 'apps/card-platform/src/main.ts', String(port)],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        CARD_SIMULATOR_CALLBACK_URL: callbackUrl,
        CARD_PLATFORM_CALLBACK_TOKEN: callbackToken,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`card simulator not listening in time:\n${out}`));
    }, 45000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        res();
      }
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`card simulator exited with ${code}:\n${out}`));
    });
  });
  return {
    name: 'card-simulator',
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The local Jaeger (opt-in engine, ADR 0024): the test command starts it; a test run alone starts
 * it here (a first run builds it from the Go module proxy, minutes).
 */
export async function upJaeger(): Promise<{ query: string; otlpHttp: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [resolve(repoRoot, 'tools/local-infra/cli.mjs'), 'up', 'jaeger', '--json'],
    { maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 },
  );
  return (JSON.parse(stdout) as { jaeger: { query: string; otlpHttp: string } }).jaeger;
}

/**
 * POSTs JSON from a fresh Node process and answers its status and body. For requests that carry
 * the test's own `traceparent`: in a jest worker where an earlier test started the OTel SDK, the
 * fetch instrumentation stays subscribed and adds a second `traceparent` ("ours, theirs"), which
 * the server cannot parse, so its span begins a new trace (trace.full-path failed so in CI).
 */
export async function postFromOwnProcess(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const script = `
    const { url, headers, body } = JSON.parse(process.env.JH_REQUEST);
    fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })
      .then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, text: await r.text() })))
      .catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    env: { ...process.env, JH_REQUEST: JSON.stringify({ url, headers, body }), NODE_OPTIONS: '' },
    timeout: 60_000,
  });
  const answer = JSON.parse(stdout) as { status: number; text: string };
  return { status: answer.status, body: answer.text ? (JSON.parse(answer.text) as unknown) : {} };
}
