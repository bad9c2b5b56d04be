// Programmatic API of the local engines (Kafka KRaft + FerretDB + Keycloak, and the opt-in
// Jaeger), no Docker.
//
//   import { up, down, status, endpoints } from './tools/local-infra/index.mjs';
//   const { kafkaBrokers, mongoUrl, oidcIssuer } = await up();   // idempotent, waits until healthy
//   await up({ engines: ['keycloak'] });                          // only some of them
//   await up({ engines: ['jaeger'] });                            // opt-in: never in the default set
//   await down();                                                 // all, Jaeger included
//
// Progress goes to stderr (pass { quiet: true } to silence it). Errors are
// InfraError instances with a bilingual message and, where relevant, logFile/logTail.
import { createConnection } from 'node:net';
import {
  KAFKA_VERSION,
  FERRETDB_VERSION,
  KEYCLOAK_VERSION,
  endpoints,
  getConfig as getBaseConfig,
  redactUrl,
} from './lib/config.mjs';
import {
  ensureFerretdbBinary,
  ferretdbHealthy,
  ferretdbSignature,
  ferretdbUsesIndexes,
  prepareFerretdb,
  startFerretdb,
} from './lib/ferretdb.mjs';
import {
  JAEGER_VERSION,
  ensureJaegerBinary,
  jaegerConfig,
  jaegerEndpointsOf,
  jaegerHealthy,
  jaegerSignature,
  prepareJaeger,
  startJaeger,
} from './lib/jaeger.mjs';
import { kafkaSignature } from './lib/kafka-auth.mjs';
import { ensureKafkaScramUser, prepareKafkaWithUser } from './lib/kafka-scram-user.mjs';
import { ensureKafkaLibs, kafkaHealthy, startKafka } from './lib/kafka.mjs';
import {
  ensureKeycloakDist,
  keycloakHealthy,
  keycloakRealmChanged,
  prepareKeycloak,
  startKeycloak,
} from './lib/keycloak.mjs';
import {
  InfraError,
  info,
  isAlive,
  livePid,
  pidOwnsPort,
  removeFile,
  secs,
  setQuiet,
  sleep,
  stopPid,
  tailFile,
  withLock,
} from './lib/util.mjs';
import { readFileSync, writeFileSync } from 'node:fs';

/** Where the signature of a running engine's start settings is kept (beside its pid file). */
const signatureFile = (engine) => engine.pidFile.replace(/\.pid$/, '.started');

/** True if the engine runs with other settings than it would start with now (e.g. no auth yet). */
function signatureChanged(engine, impl) {
  if (!impl.signature) return false;
  try {
    return readFileSync(signatureFile(engine), 'utf8') !== impl.signature(engine);
  } catch {
    return true;
  }
}

export {
  InfraError,
  endpoints,
  redactUrl,
  KAFKA_VERSION,
  FERRETDB_VERSION,
  KEYCLOAK_VERSION,
  JAEGER_VERSION,
};

/** lib/config.mjs's config plus the engines described in their own module (Jaeger). */
export function getConfig() {
  const base = getBaseConfig();
  return { ...base, jaeger: jaegerConfig(base) };
}

/** Where clients send traces (OTEL_EXPORTER_OTLP_ENDPOINT) and where the query API/UI answers. */
export function jaegerEndpoints() {
  return jaegerEndpointsOf(getConfig().jaeger);
}

const ENGINES = {
  kafka: {
    healthy: kafkaHealthy,
    prepareArtifacts: ensureKafkaLibs,
    prepareData: prepareKafkaWithUser,
    start: startKafka,
    afterStart: ensureKafkaScramUser,
    signature: kafkaSignature,
  },
  ferretdb: {
    healthy: ferretdbHealthy,
    prepareArtifacts: ensureFerretdbBinary,
    prepareData: prepareFerretdb,
    start: startFerretdb,
    verify: ferretdbUsesIndexes,
    signature: ferretdbSignature,
  },
  keycloak: {
    healthy: keycloakHealthy,
    prepareArtifacts: ensureKeycloakDist,
    prepareData: prepareKeycloak,
    start: startKeycloak,
    stale: keycloakRealmChanged,
  },
  jaeger: {
    healthy: jaegerHealthy,
    prepareArtifacts: ensureJaegerBinary,
    prepareData: prepareJaeger,
    start: startJaeger,
    signature: jaegerSignature,
    // Started only when named (npm start, the tests that need traces), never by a bare `up`.
    optIn: true,
  },
};
export const ENGINE_NAMES = Object.keys(ENGINES);
/** What `up` with no names starts (what the tests' ensureEngines waits for). */
export const DEFAULT_ENGINE_NAMES = ENGINE_NAMES.filter((n) => !ENGINES[n].optIn);

/** The engine configs selected by `names` (`defaults` when empty). */
function selected(cfg, names, defaults = ENGINE_NAMES) {
  const list = names?.length ? names : defaults;
  for (const n of list) {
    if (!ENGINES[n]) {
      throw new InfraError(`未知引擎 / unknown engine: ${n} (${ENGINE_NAMES.join(', ')})`);
    }
  }
  return list.map((n) => cfg[n]);
}

function portOpen(host, port, timeoutMs = 500) {
  return new Promise((resolvePromise) => {
    const s = createConnection({ host, port });
    const done = (v) => {
      s.destroy();
      resolvePromise(v);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function waitHealthy(engine, impl, pid, t0) {
  const deadline = Date.now() + engine.startTimeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (pid && !isAlive(pid)) {
      removeFile(engine.pidFile);
      throw new InfraError(
        `${engine.label} 启动后立即退出 / exited during startup (pid ${pid}). 日志 / log: ${engine.logFile}`,
        { logFile: engine.logFile, logTail: tailFile(engine.logFile) },
      );
    }
    last = await impl.healthy(engine, { timeoutMs: 1500 });
    // Only our own process counts: another server may answer on the port meanwhile.
    if (last.ok && pid && pidOwnsPort(pid, engine.port) === false) {
      last = {
        ok: false,
        error: `port ${engine.port} is answered by another process, not pid ${pid}`,
      };
    }
    if (last.ok) return;
    await sleep(400);
  }
  throw new InfraError(
    `${engine.label} 在 ${Math.round(engine.startTimeoutMs / 1000)}s 内未就绪 / not healthy within ${Math.round(
      engine.startTimeoutMs / 1000,
    )}s on ${engine.host}:${engine.port} (last error: ${last?.error || 'n/a'}; waited ${secs(t0)}). 日志 / log: ${
      engine.logFile
    }`,
    { logFile: engine.logFile, logTail: tailFile(engine.logFile) },
  );
}

/** 'free', or 'external' if another healthy server already answers; throws if the port is taken. */
async function checkPorts(engine, impl) {
  const addr = `${engine.host}:${engine.port}`;
  if (await portOpen(engine.host, engine.port)) {
    if ((await impl.healthy(engine)).ok) {
      info(
        `${engine.name}: something healthy already answers on ${addr} (not started with this JH_LOCAL_DIR; no pid file) — using it`,
      );
      return 'external';
    }
    throw new InfraError(
      `端口 ${addr} 已被其他进程占用 / port ${addr} is already in use by another process. ` +
        `Stop it or choose another port (${engine.portEnv ?? 'JH_KAFKA_PORT / JH_KAFKA_CONTROLLER_PORT / JH_MONGO_PORT / JH_KEYCLOAK_PORT'}).`,
    );
  }
  // Engines with more listeners (Jaeger: OTLP, health): each must be free as well.
  for (const extra of engine.extraPorts ?? []) {
    if (await portOpen(engine.host, extra.port)) {
      throw new InfraError(
        `${engine.name} 端口 ${engine.host}:${extra.port} 已被占用 / port is already in use (set ${extra.env}).`,
      );
    }
  }
  if (engine.name === 'kafka' && (await portOpen(engine.host, engine.controllerPort))) {
    throw new InfraError(
      `Kafka controller 端口 ${engine.host}:${engine.controllerPort} 已被占用 / controller port is already in use (set JH_KAFKA_CONTROLLER_PORT).`,
    );
  }
  return 'free';
}

async function upEngine(engine) {
  const impl = ENGINES[engine.name];
  const t0 = Date.now();
  let pid = livePid(engine);
  const addr = `${engine.host}:${engine.port}`;

  if (pid && (impl.stale?.(engine) || signatureChanged(engine, impl))) {
    info(`${engine.name}: its input changed since it started; restarting (pid ${pid})`);
    await stopPid(pid, engine.stopTimeoutMs);
    removeFile(engine.pidFile);
    pid = null;
  }
  if (pid) {
    if ((await impl.healthy(engine)).ok) {
      info(`${engine.name}: already running and healthy (pid ${pid}, ${addr})`);
      return { name: engine.name, started: false, pid };
    }
    info(`${engine.name}: process ${pid} is running but not answering yet; waiting…`);
    await waitHealthy(engine, impl, pid, t0);
    info(`${engine.name}: healthy after ${secs(t0)} (pid ${pid}, ${addr})`);
    return { name: engine.name, started: false, pid };
  }
  removeFile(engine.pidFile);

  if ((await checkPorts(engine, impl)) === 'external') {
    return { name: engine.name, started: false, pid: null };
  }

  const artifacts = await impl.prepareArtifacts(engine);
  await impl.prepareData(engine);
  // Building may have taken minutes: look at the ports again right before starting.
  if (artifacts.built || artifacts.resolved) {
    if ((await checkPorts(engine, impl)) === 'external') {
      return { name: engine.name, started: false, pid: null, artifacts };
    }
  }
  const tStart = Date.now();
  info(`${engine.name}: starting ${engine.label} on ${addr} (log: ${engine.logFile})`);
  let newPid = impl.start(engine);
  writeFileSync(engine.pidFile, `${newPid}\n`);
  if (impl.signature) writeFileSync(signatureFile(engine), impl.signature(engine));
  // May restart the process (Kafka: a data directory that lacks the SCRAM user).
  if (impl.afterStart) newPid = await impl.afterStart(engine, newPid);
  await waitHealthy(engine, impl, newPid, tStart);
  await impl.verify?.(engine);
  info(`${engine.name}: healthy after ${secs(tStart)} (pid ${newPid}); total ${secs(t0)}`);
  return {
    name: engine.name,
    started: true,
    pid: newPid,
    artifacts,
    startSeconds: (Date.now() - tStart) / 1000,
  };
}

/**
 * Starts the engines in parallel (idempotent) and waits until each answers.
 * @param {{quiet?: boolean, engines?: string[]}} [opts] engines: a subset of ENGINE_NAMES
 * @returns {Promise<ReturnType<typeof endpoints> & {results: object[], seconds: number}>}
 */
export async function up(opts = {}) {
  if (opts.quiet !== undefined) setQuiet(opts.quiet);
  const cfg = getConfig();
  const t0 = Date.now();
  return withLock(cfg.lockFile, async () => {
    const chosen = selected(cfg, opts.engines, DEFAULT_ENGINE_NAMES);
    const settled = await Promise.allSettled(chosen.map(upEngine));
    const errors = settled.filter((s) => s.status === 'rejected').map((s) => s.reason);
    if (errors.length) {
      if (errors.length === 1) throw errors[0];
      const e = new InfraError(errors.map((x) => x.message).join('\n'));
      e.errors = errors;
      throw e;
    }
    const e = endpoints();
    const names = chosen.map((c) => c.name);
    const shown = [
      names.includes('kafka') && `Kafka ${e.kafkaBrokers}`,
      names.includes('ferretdb') && `Mongo ${redactUrl(e.mongoUrl)}`,
      names.includes('keycloak') && `OIDC ${e.oidcIssuer}`,
      names.includes('jaeger') &&
        `Jaeger OTLP ${cfg.jaeger.otlpHttpUrl}, UI ${jaegerEndpointsOf(cfg.jaeger).ui}`,
    ].filter(Boolean);
    info(`up: engines healthy in ${secs(t0)} — ${shown.join(', ')}`);
    return {
      ...endpoints(),
      ...(names.includes('jaeger') ? { jaeger: jaegerEndpointsOf(cfg.jaeger) } : {}),
      results: settled.map((s) => s.value),
      seconds: (Date.now() - t0) / 1000,
    };
  });
}

async function downEngine(engine) {
  const pid = livePid(engine);
  if (!pid) {
    removeFile(engine.pidFile);
    info(`${engine.name}: not running`);
    return { name: engine.name, stopped: false };
  }
  const t0 = Date.now();
  info(
    `${engine.name}: stopping pid ${pid} (SIGTERM, SIGKILL after ${engine.stopTimeoutMs / 1000}s)…`,
  );
  await stopPid(pid, engine.stopTimeoutMs);
  removeFile(engine.pidFile);
  info(`${engine.name}: stopped in ${secs(t0)}`);
  return { name: engine.name, stopped: true, pid };
}

/** Stops the engines (all, or `opts.engines`); fine if nothing is running. */
export async function down(opts = {}) {
  if (opts.quiet !== undefined) setQuiet(opts.quiet);
  const cfg = getConfig();
  return withLock(cfg.lockFile, async () => {
    const results = await Promise.all(selected(cfg, opts.engines).map(downEngine));
    return { results };
  });
}

/**
 * Status of the default engines and of the opt-in ones that run (a stopped Jaeger is not
 * "unhealthy": nobody asked for it); `opts.engines` names exactly which.
 * @param {{engines?: string[]}} [opts]
 * @returns {Promise<{healthy: boolean, engines: Array<{name,label,running,pid,host,port,healthy,logFile,error?}>}>}
 */
export async function status(opts = {}) {
  const cfg = getConfig();
  const running = ENGINE_NAMES.filter((n) => ENGINES[n].optIn && livePid(cfg[n]));
  const engines = await Promise.all(
    selected(cfg, opts.engines, [...DEFAULT_ENGINE_NAMES, ...running]).map(async (e) => {
      const pid = livePid(e);
      const h = await ENGINES[e.name].healthy(e, { timeoutMs: 1500 });
      return {
        name: e.name,
        label: e.label,
        running: !!pid,
        pid,
        host: e.host,
        port: e.port,
        healthy: !!h.ok,
        ownsPort: pid ? pidOwnsPort(pid, e.port) : null,
        error: h.ok ? undefined : h.error,
        logFile: e.logFile,
      };
    }),
  );
  return { healthy: engines.every((e) => e.healthy), engines };
}

/** KAFKA_BROKERS and the SASL login, as the services' configuration spells them. */
export function kafkaEnv(e = endpoints()) {
  return {
    KAFKA_BROKERS: e.kafkaBrokers,
    KAFKA_SASL_MECHANISM: e.kafkaSasl.mechanism,
    KAFKA_USERNAME: e.kafkaSasl.username,
    KAFKA_PASSWORD: e.kafkaSasl.password,
  };
}

/** `KEY=value` lines for shells / .env files. */
export function envLines() {
  const e = endpoints();
  return [
    ...Object.entries(kafkaEnv(e)).map(([k, v]) => `${k}=${v}`),
    `MONGO_URL=${e.mongoUrl}`,
    `AUTH_ISSUER=${e.oidcIssuer}`,
    `AUTH_AUDIENCE=jh-platform`,
    `AUTH_TOKEN_URL=${e.oidcIssuer}/protocol/openid-connect/token`,
    // The local Jaeger's OTLP/HTTP base; services export only with OTEL_ENABLED=true.
    `OTEL_EXPORTER_OTLP_ENDPOINT=${jaegerEndpoints().otlpHttp}`,
  ];
}
