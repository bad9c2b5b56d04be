import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import {
  engineEndpoints,
  identityEndpoints,
  identityEnv,
  mongoUrlFor,
  releaseTestDatabase,
  uniquePrefix,
} from '@jh/platform-testing';
import { buildApps, freePort, repoRoot, startApp, startCardSimulator } from './processes';

// The whole platform as a browser sees it: every built service on its own port and test
// databases, the card simulator, and the console gateway (one origin) on one of the fixed e2e
// ports, those the realm's `console` client accepts as redirects (tools/local-infra/keycloak).

/** Gateway ports of browser tests: one per test file running at once (realm CONSOLE_ORIGINS). */
export const E2E_PORTS = [3100, 3101, 3102, 3103] as const;
export const SERVICES = [
  'intake',
  'civil-affairs',
  'education',
  'housing',
  'medical',
  'employment',
  'payment',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface System {
  /** The console's origin, e.g. http://127.0.0.1:3100 (API under /api/<service>/). */
  url: string;
  /** A service's own loopback URL (for seeding data without the browser). */
  serviceUrl(name: ServiceName): string;
  /** Topic and database prefix of this system. */
  prefix: string;
  /** Everything this system started, last lines first when a test fails. */
  output(): string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Extra environment per service (deadlines, scan intervals…). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** How long to wait for another test file's system to free an e2e port when all are taken. */
  portWaitMs?: number;
  /** How long each service may take to answer /ready (a bench's large database: longer). */
  readyTimeoutMs?: number;
  /** OTLP/HTTP endpoint: every service and the card simulator export traces there (ADR 0024). */
  otlpHttp?: string;
}

export interface Stoppable {
  name: string;
  output(): string;
  stop(): Promise<void>;
}

const lockFile = (port: number) => join(repoRoot, '.local', `e2e-gateway-${port}.lock`);
const CALLBACK_TOKEN = 'e2e-ui-callback-token-0123456789';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Takes the port's lock file (our pid inside; stale when that process is gone), or answers false. */
function tryLock(port: number): boolean {
  const file = lockFile(port);
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue; // released meanwhile
    }
    if (holder && alive(holder)) return false;
    rmSync(file, { force: true });
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const server = createServer();
    server.once('error', () => res(false));
    server.listen(port, '127.0.0.1', () => server.close(() => res(true)));
  });
}

/**
 * The e2e ports are fixed (Keycloak's redirect URIs), so each test file's system takes one by a
 * lock file; when all are taken, the next waits its turn.
 */
async function lockPort(waitMs: number): Promise<{ port: number; unlock: () => void }> {
  mkdirSync(join(repoRoot, '.local'), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    for (const port of E2E_PORTS) {
      if (!tryLock(port)) continue;
      const unlock = () => rmSync(lockFile(port), { force: true });
      // Another checkout's browser tests hold their own lock files: the port itself decides.
      if (await portFree(port)) return { port, unlock };
      unlock();
    }
    if (Date.now() > deadline) {
      throw new Error(`e2e ports ${E2E_PORTS.join(', ')} stay taken by other browser tests`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Builds what is missing: the services (esbuild) and the console (vite). */
function ensureBuilt(): void {
  const missing = SERVICES.filter((s) => !existsSync(join(repoRoot, 'dist/apps', s, 'main.js')));
  if (missing.length > 0) buildApps(missing);
  if (!existsSync(join(repoRoot, 'dist/apps/console/index.html'))) {
    const r = spawnSync(
      join(repoRoot, 'node_modules/.bin/vite'),
      ['build', '--config', 'apps/console/vite.config.mjs', '--logLevel', 'warn'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`console build failed:\n${r.stdout}${r.stderr}`);
  }
}

/**
 * The gateway (tools/gateway/gateway.mjs, an ES module) as its own process, as in `npm start`;
 * several ports for one service are its replicas.
 */
export async function startGatewayProcess(
  port: number,
  backends: Record<string, number | number[]>,
): Promise<Stoppable> {
  const args = [
    resolve(repoRoot, 'tools/gateway/gateway.mjs'),
    '--port',
    String(port),
    '--static',
    resolve(repoRoot, 'dist/apps/console'),
    '--authority',
    identityEndpoints().issuer,
    ...Object.entries(backends).flatMap(([name, ports]) => [
      '--backend',
      `${name}=${[ports].flat().join(',')}`,
    ]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((res, rej) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`:${port}/`)) res();
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => rej(new Error(`gateway exited with ${code}:\n${out}`)));
  });
  return {
    name: 'gateway',
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the platform for browser tests. Everything started is stopped again when a later step
 * fails, and by `stop()`; the service databases are dropped then (kept for the test command's
 * at-rest scan).
 */
export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const { port, unlock } = await lockPort(options.portWaitMs ?? 10 * 60_000);
  const running: Stoppable[] = [];
  const prefix = uniquePrefix('ui');
  const databases = SERVICES.map((s) => `${prefix}${s}`);
  const stopAll = async () => {
    // Gateway first (no new browser requests), then services, then the simulator.
    for (const group of [['gateway'], SERVICES as readonly string[], ['card-simulator']]) {
      await Promise.all(running.filter((p) => group.includes(p.name)).map((p) => p.stop()));
    }
  };
  try {
    ensureBuilt();
    const ports = {} as Record<ServiceName, number>;
    for (const s of SERVICES) ports[s] = await freePort();
    const intakeGrpc = await freePort();
    const simulatorPort = await freePort();
    const telemetry = (name: string): Record<string, string> =>
      options.otlpHttp
        ? {
            OTEL_ENABLED: 'true',
            OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpHttp,
            SERVICE_NAME: name,
          }
        : {};
    running.push(
      await startCardSimulator(
        simulatorPort,
        `http://127.0.0.1:${ports.payment}/card-platform/callbacks`,
        CALLBACK_TOKEN,
        telemetry('card-platform'),
      ),
    );
    const specific: Record<ServiceName, Record<string, string>> = {
      intake: {
        GRPC_PORT: String(intakeGrpc),
        USER_DIRECTORY_URL: `${identityEndpoints().base}/admin/realms/jh`,
      },
      'civil-affairs': { INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}` },
      education: {},
      housing: {},
      medical: {},
      employment: {},
      payment: {
        CARD_PLATFORM_URL: `127.0.0.1:${simulatorPort}`,
        CARD_PLATFORM_CALLBACK_TOKEN: CALLBACK_TOKEN,
      },
    };
    const started = await Promise.allSettled(
      SERVICES.map(async (s) => {
        const env = {
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
          ...identityEnv(`svc-${s}`),
          TOPIC_PREFIX: prefix,
          OUTBOX_SWEEP_MS: '1000',
          SERVICE_NAME: s,
          MONGO_URL: mongoUrlFor(`${prefix}${s}`),
          ...specific[s],
          ...telemetry(s),
          ...options.env?.[s],
        };
        const app = await startApp(s, env, ports[s], options.readyTimeoutMs);
        running.push(app);
        return app;
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    running.push(await startGatewayProcess(port, ports));

    const output = () =>
      running.map((p) => `---- ${p.name} ----\n${p.output().slice(-4000)}`).join('\n');
    return {
      url: `http://127.0.0.1:${port}`,
      serviceUrl: (name) => `http://127.0.0.1:${ports[name]}`,
      prefix,
      output,
      async stop() {
        try {
          await stopAll();
          await dropDatabases(databases);
        } finally {
          unlock();
        }
      },
    };
  } catch (e) {
    await stopAll().catch(() => undefined);
    await dropDatabases(databases).catch(() => undefined);
    unlock();
    throw e;
  }
}

async function dropDatabases(names: string[]): Promise<void> {
  if (process.env['JH_KEEP_TEST_DATABASES'] === '1') return;
  for (const name of names) {
    const conn = await mongoose.createConnection(mongoUrlFor(name)).asPromise();
    try {
      await releaseTestDatabase(conn);
    } finally {
      await conn.close();
    }
  }
}
