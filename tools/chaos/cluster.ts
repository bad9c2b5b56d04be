// The platform under fire: every service as several replicas (built apps, their own ports, one
// database and one set of consumer groups per service), the gateway balancing them, and the card
// platform simulator in this process (its ledger is what the invariant checker reads).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CardPlatformSimulator, httpCallbackSender } from '@jh/platform-card-simulator';
import type { GrpcServerHandle } from '@jh/platform-grpc';
import { freePort, identityEndpoints, identityEnv } from '@jh/platform-testing';
import type { ChaosEngines } from './engines';
import { SERVICES, type ServiceName } from './plan';

export const CALLBACK_TOKEN = 'chaos-callback-token-0123456789abcdef';
/** The database of a service in the chaos instance (as `npm start` names them). */
export const databaseOf = (service: string) => `jh_${service.replace(/-/g, '_')}`;

interface Replica {
  service: ServiceName;
  index: number;
  port: number;
  env: Record<string, string>;
  child: ChildProcess | null;
  /** Last lines of its output, for the report when something fails. */
  tail: string[];
  exits: number;
  /** Exits nobody asked for (the supervisor started it again, as an orchestrator would). */
  crashes: number;
  spawnedAt: number;
  /** Killed on purpose: the schedule restarts it, not the supervisor. */
  killed: boolean;
}

export interface Cluster {
  gateway: string;
  simulator: CardPlatformSimulator;
  replicas: readonly Pick<Replica, 'service' | 'index' | 'port' | 'exits' | 'crashes'>[];
  /** Each exit nobody asked for: which replica, its code, how long after its start, why. */
  unplannedExits: { replica: string; code: string; afterSeconds: number; lastLine: string }[];
  /** Each request a replica answered 500 (its "unhandled error" log line): the error's name and message. */
  unhandledErrors: { replica: string; error: string }[];
  kill(service: ServiceName, index: number): boolean;
  restart(service: ServiceName, index: number): Promise<void>;
  /** Waits until every replica answers /ready (after engine restarts). */
  allReady(timeoutMs: number): Promise<boolean>;
  output(): string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  root: string;
  /** Where the services' builds are (`<dist>/apps/<name>/main.js`). */
  dist: string;
  engines: ChaosEngines;
  replicas: number;
  /** Extra environment per service (timers tuned for a run of minutes, not days). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The `msg` of the last log line (or the line itself when it is not JSON), shortened. */
function lastMessage(tail: string[]): string {
  const line = tail.at(-1) ?? '';
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg ?? '').slice(0, 200);
  } catch {
    return line.slice(0, 200);
  }
}

/** The error of an "unhandled error" line (pino's `err`: type and message), shortened. */
function unhandledOf(r: Pick<Replica, 'service' | 'index'>, line: string) {
  let error = line.slice(0, 200);
  try {
    const err = (JSON.parse(line) as { err?: { type?: string; message?: string } }).err;
    error = `${err?.type ?? 'Error'}: ${err?.message ?? ''}`.slice(0, 200);
  } catch {
    // not JSON: keep the line itself
  }
  return { replica: `${r.service}#${r.index}`, error };
}

/** Polls /ready on the port; a replica that exits meanwhile is started again by the supervisor. */
async function waitReady(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  return false;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const { engines } = o;
  const all: Replica[] = [];
  for (const service of SERVICES) {
    for (let index = 0; index < o.replicas; index++) {
      all.push({
        service,
        index,
        port: await freePort(),
        env: {},
        child: null,
        tail: [],
        exits: 0,
        crashes: 0,
        spawnedAt: 0,
        killed: false,
      });
    }
  }
  const grpcPorts: number[] = [];
  for (let i = 0; i < o.replicas; i++) grpcPorts.push(await freePort());
  const gatewayPort = await freePort();
  const gateway = `http://127.0.0.1:${gatewayPort}`;

  // The card platform: in memory, here; callbacks through the gateway to payment's replicas.
  const simulator = new CardPlatformSimulator();
  simulator.onCallback(
    httpCallbackSender(`${gateway}/api/payment/card-platform/callbacks`, CALLBACK_TOKEN),
  );
  const simulatorServer: GrpcServerHandle = await simulator.start(await freePort(), '127.0.0.1');

  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    OTEL_ENABLED: 'false',
    KAFKA_BROKERS: engines.kafkaBrokers,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_USERNAME: 'jh',
    KAFKA_PASSWORD: 'jh-dev-kafka',
    OUTBOX_SWEEP_MS: '5000',
  };
  const specific: Record<ServiceName, (index: number) => Record<string, string>> = {
    intake: (i) => ({
      GRPC_PORT: String(grpcPorts[i]),
      USER_DIRECTORY_URL: `${identityEndpoints().base}/admin/realms/jh`,
    }),
    'civil-affairs': () => ({
      INTAKE_GRPC_URL: `ipv4:${grpcPorts.map((p) => `127.0.0.1:${p}`).join(',')}`,
    }),
    education: () => ({}),
    housing: () => ({}),
    medical: () => ({}),
    employment: () => ({}),
    payment: () => ({
      CARD_PLATFORM_URL: `127.0.0.1:${simulatorServer.port}`,
      CARD_PLATFORM_CALLBACK_TOKEN: CALLBACK_TOKEN,
    }),
  };
  for (const r of all) {
    r.env = {
      ...common,
      ...identityEnv(`svc-${r.service}`),
      SERVICE_NAME: r.service,
      HTTP_PORT: String(r.port),
      MONGO_URL: engines.mongoUrlFor(databaseOf(r.service)),
      ...specific[r.service](r.index),
      ...o.env?.[r.service],
    };
  }

  const spawnReplica = (r: Replica) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', join(o.dist, 'apps', r.service, 'main.js')],
      {
        cwd: o.root,
        env: { ...process.env, ...r.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (d: Buffer) => {
      const lines = d.toString().split('\n').filter(Boolean);
      for (const line of lines) {
        if (line.includes('"msg":"unhandled error"')) unhandledErrors.push(unhandledOf(r, line));
      }
      r.tail.push(...lines);
      if (r.tail.length > 200) r.tail.splice(0, r.tail.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      r.exits += 1;
      if (stopping || r.killed || r.child !== child) return;
      r.crashes += 1;
      unplannedExits.push({
        replica: `${r.service}#${r.index}`,
        code: String(signal ?? code),
        afterSeconds: Math.round((Date.now() - r.spawnedAt) / 100) / 10,
        // The service's own last words (a pino line: its message only, no data).
        lastLine: lastMessage(r.tail),
      });
      o.log(`${r.service}#${r.index} exited by itself (${signal ?? code}); restarting it`);
      setTimeout(() => {
        if (!stopping && r.child === child) spawnReplica(r);
      }, 1000);
    });
    r.child = child;
    r.spawnedAt = Date.now();
    return child;
  };
  let stopping = false;
  const unplannedExits: Cluster['unplannedExits'] = [];
  const unhandledErrors: Cluster['unhandledErrors'] = [];
  const find = (service: ServiceName, index: number) => {
    const r = all.find((x) => x.service === service && x.index === index);
    if (!r) throw new Error(`no replica ${service}#${index}`);
    return r;
  };

  // Gateway as its own process, as in `npm start` (round robin with passive health, ADR 0027).
  const staticDir = join(o.root, 'dist/apps/console');
  if (!existsSync(staticDir)) mkdirSync(staticDir, { recursive: true });
  const backends = SERVICES.map(
    (s) =>
      `${s}=${all
        .filter((r) => r.service === s)
        .map((r) => r.port)
        .join(',')}`,
  );
  const gatewayChild = spawn(
    process.execPath,
    [
      join(o.root, 'tools/gateway/gateway.mjs'),
      '--port',
      String(gatewayPort),
      '--static',
      staticDir,
      '--authority',
      identityEndpoints().issuer,
      ...backends.flatMap((b) => ['--backend', b]),
    ],
    { cwd: o.root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let gatewayOut = '';
  await new Promise<void>((res, rej) => {
    gatewayChild.stdout?.on('data', (d: Buffer) => {
      gatewayOut += d.toString();
      if (gatewayOut.includes(`:${gatewayPort}/`)) res();
    });
    gatewayChild.stderr?.on('data', (d: Buffer) => (gatewayOut += d.toString()));
    gatewayChild.once('exit', (code) =>
      rej(new Error(`gateway exited with ${code}:\n${gatewayOut}`)),
    );
  });

  // Intake first: civil affairs reads it over gRPC; then the rest at once.
  const startAll = async (replicas: Replica[]) => {
    for (const r of replicas) spawnReplica(r);
    const ready = await Promise.all(replicas.map((r) => waitReady(r.port, 180_000)));
    const failed = replicas.filter((_, i) => !ready[i]);
    if (failed.length > 0) {
      throw new Error(
        `not ready: ${failed.map((r) => `${r.service}#${r.index}`).join(', ')}\n` +
          failed.map((r) => r.tail.slice(-20).join('\n')).join('\n'),
      );
    }
  };
  const started = Date.now();
  await startAll(all.filter((r) => r.service === 'intake'));
  await startAll(all.filter((r) => r.service !== 'intake'));
  o.log(
    `${all.length} replicas ready in ${((Date.now() - started) / 1000).toFixed(1)} s; gateway ${gateway}`,
  );

  const stopChild = async (child: ChildProcess | null) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };

  return {
    gateway,
    simulator,
    replicas: all,
    unplannedExits,
    unhandledErrors,
    kill(service, index) {
      const r = find(service, index);
      if (!r.child || r.child.exitCode !== null || r.child.signalCode !== null) return false;
      r.killed = true;
      r.child.kill('SIGKILL');
      return true;
    },
    async restart(service, index) {
      const r = find(service, index);
      if (r.child && r.child.exitCode === null && r.child.signalCode === null) {
        await new Promise((res) => r.child!.once('exit', res));
      }
      r.killed = false;
      spawnReplica(r);
      if (!(await waitReady(r.port, 180_000))) {
        throw new Error(`${service}#${index} did not come back:\n${r.tail.slice(-40).join('\n')}`);
      }
    },
    async allReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (const r of all) {
        if (!(await waitReady(r.port, Math.max(1000, deadline - Date.now())))) return false;
      }
      return true;
    },
    output: () =>
      all
        .filter((r) => r.tail.length > 0)
        .map((r) => `---- ${r.service}#${r.index} ----\n${r.tail.slice(-40).join('\n')}`)
        .join('\n'),
    async stop() {
      stopping = true;
      await stopChild(gatewayChild);
      await Promise.all(all.map((r) => stopChild(r.child)));
      await simulatorServer.close();
    },
  };
}
