// Versions, paths and ports for the local engines. No side effects on import.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Kafka version resolved from Maven Central (keep in sync with kafka/pom.xml). */
export const KAFKA_VERSION = '3.9.2';
/** FerretDB Go module version (keep in sync with ferretdb/go.mod). */
export const FERRETDB_VERSION = '1.24.2';

export const HOST = '127.0.0.1';

export const INFRA_DIR = dirname(dirname(fileURLToPath(import.meta.url))); // tools/local-infra
export const REPO_ROOT = resolve(INFRA_DIR, '..', '..');
export const KAFKA_POM_DIR = join(INFRA_DIR, 'kafka');
export const FERRETDB_SRC_DIR = join(INFRA_DIR, 'ferretdb');

function intEnv(name, def) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new Error(`环境变量 ${name}=${raw} 不是有效端口 / ${name}=${raw} is not a valid port`);
  }
  return n;
}

function sha(files) {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f);
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 12);
}

/**
 * Everything that depends on the environment, computed on demand so that
 * callers (tests) may tweak process.env before calling up()/down()/status().
 */
export function getConfig() {
  const cacheRoot = resolve(
    process.env.JH_CACHE_DIR ||
      join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'jh-platform'),
  );
  const localRoot = resolve(process.env.JH_LOCAL_DIR || join(REPO_ROOT, '.local'));
  const runDir = join(localRoot, 'infra');
  const logDir = join(runDir, 'logs');

  const kafkaPort = intEnv('JH_KAFKA_PORT', 19092);
  const kafkaControllerPort = intEnv('JH_KAFKA_CONTROLLER_PORT', 19093);
  const mongoPort = intEnv('JH_MONGO_PORT', 27027);
  if (kafkaPort === kafkaControllerPort) {
    throw new Error(
      `JH_KAFKA_PORT 与 JH_KAFKA_CONTROLLER_PORT 不能相同 / JH_KAFKA_PORT and JH_KAFKA_CONTROLLER_PORT must differ (${kafkaPort})`,
    );
  }

  const pomFile = join(KAFKA_POM_DIR, 'pom.xml');
  // Cache key: every input of the Go build (go.mod, go.sum, *.go, patches.json).
  const ferretSources = readdirSync(FERRETDB_SRC_DIR)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || f === 'patches.json' || f.endsWith('.go'))
    .sort()
    .map((f) => join(FERRETDB_SRC_DIR, f));
  const kafkaCacheDir = join(cacheRoot, `kafka-${KAFKA_VERSION}`);
  const ferretCacheDir = join(cacheRoot, `ferretdb-${FERRETDB_VERSION}-${sha(ferretSources)}`);

  return {
    cacheRoot,
    localRoot,
    runDir,
    logDir,
    lockFile: join(runDir, 'infra.lock'),
    kafka: {
      name: 'kafka',
      label: `Kafka ${KAFKA_VERSION} (KRaft)`,
      version: KAFKA_VERSION,
      host: HOST,
      port: kafkaPort,
      controllerPort: kafkaControllerPort,
      pomFile,
      pomHash: sha([pomFile]),
      cacheDir: kafkaCacheDir,
      libsDir: join(kafkaCacheDir, 'libs'),
      stampFile: join(kafkaCacheDir, 'resolved.json'),
      workDir: join(runDir, 'kafka'),
      dataDir: join(runDir, 'kafka', 'data'),
      propsFile: join(runDir, 'kafka', 'server.properties'),
      log4jFile: join(runDir, 'kafka', 'log4j.properties'),
      toolsLog4jFile: join(runDir, 'kafka', 'tools-log4j.properties'),
      clusterIdFile: join(runDir, 'kafka', 'cluster.id'),
      pidFile: join(runDir, 'kafka.pid'),
      logFile: join(logDir, 'kafka.log'),
      resolveLogFile: join(logDir, 'kafka-resolve.log'),
      heapOpts: process.env.JH_KAFKA_HEAP_OPTS || '-Xms256m -Xmx1g',
      startTimeoutMs: Number(process.env.JH_KAFKA_START_TIMEOUT_MS || 120_000),
      stopTimeoutMs: 30_000,
      processMarker: 'kafka.Kafka',
    },
    ferretdb: {
      name: 'ferretdb',
      label: `FerretDB ${FERRETDB_VERSION} (SQLite)`,
      version: FERRETDB_VERSION,
      host: HOST,
      port: mongoPort,
      srcDir: FERRETDB_SRC_DIR,
      cacheDir: ferretCacheDir,
      binary: join(ferretCacheDir, 'ferretdb'),
      workDir: join(runDir, 'ferretdb'),
      dataDir: join(runDir, 'ferretdb', 'data'),
      pidFile: join(runDir, 'ferretdb.pid'),
      logFile: join(logDir, 'ferretdb.log'),
      buildLogFile: join(logDir, 'ferretdb-build.log'),
      startTimeoutMs: Number(process.env.JH_MONGO_START_TIMEOUT_MS || 60_000),
      stopTimeoutMs: 15_000,
      processMarker: 'ferretdb',
    },
  };
}

/** Connection endpoints for clients. */
export function endpoints() {
  const c = getConfig();
  return {
    kafkaBrokers: `${HOST}:${c.kafka.port}`,
    mongoUrl: `mongodb://${HOST}:${c.ferretdb.port}/`,
  };
}
