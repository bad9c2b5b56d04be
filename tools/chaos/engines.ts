// The chaos run's own Kafka and FerretDB: tools/local-infra with its own JH_LOCAL_DIR and ports,
// so killing them never touches the engines other tests and `npm start` use. Keycloak is the
// shared one (tokens only).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type EngineName = 'kafka' | 'ferretdb';

export interface ChaosEngines {
  env: Record<string, string>;
  kafkaBrokers: string;
  mongoUrlFor(database: string): string;
  /** Kafka's data directory (the at-rest scan and logs live beside it). */
  dir: string;
  /** SIGKILL, no goodbye: what a crashed broker or database looks like to the services. */
  kill(engine: EngineName): void;
  start(engine: EngineName): Promise<void>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  /** The instance's folder (engines' data, logs, builds). */
  dir: string;
  root: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  mongoPort: number;
  log: (line: string) => void;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** One run per instance at a time: a second would wipe the first one's engines. */
export function lockInstance(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'run.lock');
  let holder = 0;
  try {
    holder = Number(readFileSync(file, 'utf8').trim());
  } catch {
    // no lock yet
  }
  if (holder && holder !== process.pid && alive(holder)) {
    throw new Error(
      `另一个混沌运行（pid ${holder}）正在使用 ${dir} / another chaos run uses this instance: pick another --instance`,
    );
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

export async function startChaosEngines(o: EngineOptions): Promise<ChaosEngines> {
  const { dir } = o;
  const env = {
    JH_LOCAL_DIR: dir,
    JH_KAFKA_PORT: String(o.kafkaPort),
    JH_KAFKA_CONTROLLER_PORT: String(o.kafkaControllerPort),
    JH_MONGO_PORT: String(o.mongoPort),
  };
  const cli = async (...args: string[]) => {
    await run(process.execPath, [join(o.root, 'tools/local-infra/cli.mjs'), ...args], {
      cwd: o.root,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
  };
  const pidOf = (engine: EngineName) => {
    try {
      return Number(readFileSync(join(dir, 'infra', `${engine}.pid`), 'utf8').trim()) || 0;
    } catch {
      return 0;
    }
  };
  // A fresh instance per run: the same seed meets the same empty engines.
  await cli('down', 'kafka', 'ferretdb');
  for (const engine of ['kafka', 'ferretdb'])
    rmSync(join(dir, 'infra', engine), { recursive: true, force: true });
  const started = Date.now();
  await cli('up', 'kafka', 'ferretdb');
  o.log(`engines up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const user = 'jh:jh-dev-mongo';
  return {
    env,
    dir,
    kafkaBrokers: `127.0.0.1:${o.kafkaPort}`,
    mongoUrlFor: (database) =>
      `mongodb://${user}@127.0.0.1:${o.mongoPort}/${database}?authSource=admin`,
    kill(engine) {
      const pid = pidOf(engine);
      if (!pid) throw new Error(`${engine}: no pid file in ${dir}`);
      process.kill(pid, 'SIGKILL');
    },
    start: (engine) => cli('up', engine),
    stop: () => cli('down', 'kafka', 'ferretdb'),
  };
}
