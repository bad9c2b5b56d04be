// Starts built apps as child processes for a benchmark, optionally CPU-profiled.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export { freePort } from '@jh/platform-testing';

export interface StartedApp {
  name: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit (a CPU profile is written on a clean exit). */
  stop(): Promise<void>;
}

/** Starts `dist/apps/<name>/main.js` and waits for /ready. `cpuProfDir` adds `--cpu-prof`. */
export async function startApp(
  root: string,
  name: string,
  env: Record<string, string>,
  cpuProfDir?: string,
): Promise<StartedApp> {
  const flags = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(cpuProfDir, name)] : [];
  const child = spawn(process.execPath, [...flags, resolve(root, 'dist/apps', name, 'main.js')], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((res) => {
      if (child.exitCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${env['HTTP_PORT']}/ready`)).ok)
        return { name, child, stop };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not become ready`);
}
