// Jaeger v2 (an OpenTelemetry-collector distribution) as the local trace backend: the all-in-one
// with in-memory storage, built once from the Go module proxy into the cache. Opt-in: `up` with
// no names does not start it (index.mjs DEFAULT_ENGINE_NAMES).
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST } from './config.mjs';
import {
  ensureDir,
  info,
  requireTool,
  runLogged,
  secs,
  spawnDetached,
  toolCommand,
  withFileLock,
} from './util.mjs';

/** Go module version; v1.76.0 is the release that also carries "Jaeger v2.13.0". */
export const JAEGER_VERSION = '1.76.0';
const JAEGER_V2_VERSION = '2.13.0';
const JAEGER_MODULE = 'github.com/jaegertracing/jaeger';
const JAEGER_PACKAGE = `${JAEGER_MODULE}/cmd/jaeger`;

function portEnv(name, def) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new Error(`环境变量 ${name}=${raw} 不是有效端口 / ${name}=${raw} is not a valid port`);
  }
  return n;
}

/**
 * The engine description, from the shared config (cache and run directories). Ports: OTLP moved
 * off 4317/4318 so that it never takes (or collides with) another checkout's collector.
 */
export function jaegerConfig(base) {
  const ports = {
    port: portEnv('JH_JAEGER_UI_PORT', 16686),
    otlpHttpPort: portEnv('JH_JAEGER_OTLP_HTTP_PORT', 14318),
    otlpGrpcPort: portEnv('JH_JAEGER_OTLP_GRPC_PORT', 14317),
    queryGrpcPort: portEnv('JH_JAEGER_QUERY_GRPC_PORT', 16685),
    healthPort: portEnv('JH_JAEGER_HEALTH_PORT', 14133),
  };
  const values = Object.values(ports);
  if (new Set(values).size !== values.length) {
    throw new Error(
      `Jaeger 端口不能重复 / the JH_JAEGER_*_PORT values must differ (${values.join(', ')})`,
    );
  }
  const cacheDir = join(base.cacheRoot, `jaeger-${JAEGER_VERSION}`);
  const workDir = join(base.runDir, 'jaeger');
  const configFile = join(workDir, 'config.yaml');
  return {
    name: 'jaeger',
    label: `Jaeger ${JAEGER_V2_VERSION} (all-in-one, in-memory)`,
    version: JAEGER_VERSION,
    host: HOST,
    ...ports,
    // Checked before a start beside `port` (index.mjs checkPorts), with the env that moves each.
    extraPorts: [
      { port: ports.otlpHttpPort, env: 'JH_JAEGER_OTLP_HTTP_PORT' },
      { port: ports.otlpGrpcPort, env: 'JH_JAEGER_OTLP_GRPC_PORT' },
      { port: ports.queryGrpcPort, env: 'JH_JAEGER_QUERY_GRPC_PORT' },
      { port: ports.healthPort, env: 'JH_JAEGER_HEALTH_PORT' },
    ],
    portEnv: 'JH_JAEGER_UI_PORT',
    queryUrl: `http://${HOST}:${ports.port}`,
    otlpHttpUrl: `http://${HOST}:${ports.otlpHttpPort}`,
    otlpGrpcUrl: `http://${HOST}:${ports.otlpGrpcPort}`,
    cacheDir,
    binary: join(cacheDir, 'jaeger'),
    buildLockFile: join(cacheDir, 'build.lock'),
    workDir,
    configFile,
    pidFile: join(base.runDir, 'jaeger.pid'),
    logFile: join(base.logDir, 'jaeger.log'),
    buildLogFile: join(base.logDir, 'jaeger-build.log'),
    startTimeoutMs: Number(process.env.JH_JAEGER_START_TIMEOUT_MS || 60_000),
    // Measured: it does not exit within 2 s of SIGTERM.
    stopTimeoutMs: 10_000,
    // The clone's own config file is on the command line; another clone's Jaeger is not ours.
    processMarker: configFile,
  };
}

// ---------------------------------------------------------------- binary
/** Runs `promise` while printing how long it has been running every 30 s (a cold build is ~5 min). */
async function withHeartbeat(what, t0, promise) {
  const timer = setInterval(() => info(`jaeger: ${what} (${secs(t0)})…`), 30_000);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/**
 * Builds the jaeger binary into the cache unless it is already there: a scratch module that
 * requires the release as a tool, then `go build` of its cmd/jaeger. The Go module and build
 * caches stay where Go keeps them (both outside the clone).
 */
export async function ensureJaegerBinary(j) {
  if (existsSync(j.binary)) {
    info(`jaeger: binary cached at ${j.binary}`);
    return { built: false, seconds: 0 };
  }
  requireTool('go');
  ensureDir(j.cacheDir);
  return withFileLock(
    j.buildLockFile,
    async () => {
      // Another process may have finished the build while we waited for the lock.
      if (existsSync(j.binary)) {
        info(`jaeger: binary built by another process: ${j.binary}`);
        return { built: false, seconds: 0 };
      }
      const t0 = Date.now();
      info(
        `jaeger: 首次构建 Jaeger ${JAEGER_VERSION}（约 5 分钟，模块与构建缓存约 3 GB）/ building Jaeger ` +
          `${JAEGER_VERSION} with Go (first run only; ~5 min on 2 cores, ~3 GB of Go caches). 日志 / log: ${j.buildLogFile}`,
      );
      const buildDir = join(j.cacheDir, `build-${process.pid}`);
      const tmp = `${j.binary}.tmp-${process.pid}`;
      rmSync(buildDir, { recursive: true, force: true });
      rmSync(tmp, { force: true });
      ensureDir(buildDir);
      writeFileSync(join(buildDir, 'go.mod'), 'module jh-local/jaeger-build\n\ngo 1.24\n');
      const env = { CGO_ENABLED: '0', GOFLAGS: '-mod=mod -buildvcs=false' };
      try {
        info('jaeger: 下载 Go 模块 / downloading Go modules (go get -tool)…');
        await withHeartbeat(
          '仍在下载模块 / still downloading modules',
          t0,
          runLogged(toolCommand('go'), ['get', '-tool', `${JAEGER_PACKAGE}@v${JAEGER_VERSION}`], {
            cwd: buildDir,
            env,
            logFile: j.buildLogFile,
            what: '下载 Jaeger 模块 / go get of Jaeger',
          }),
        );
        const tCompile = Date.now();
        info(`jaeger: 模块就绪 (${secs(t0)})，开始编译 / modules ready, compiling (go build)…`);
        const ldflags = [
          '-s -w',
          `-X ${JAEGER_MODULE}/internal/version.latestVersion=v${JAEGER_V2_VERSION}`,
          `-X ${JAEGER_MODULE}/internal/version.commitSHA=v${JAEGER_VERSION}`,
        ].join(' ');
        await withHeartbeat(
          '仍在编译 / still compiling',
          tCompile,
          runLogged(
            toolCommand('go'),
            ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', tmp, JAEGER_PACKAGE],
            {
              cwd: buildDir,
              env,
              logFile: j.buildLogFile,
              what: 'Go 构建 Jaeger / go build of Jaeger',
            },
          ),
        );
        // Atomic: a reader sees no binary or the whole one.
        renameSync(tmp, j.binary);
      } finally {
        rmSync(buildDir, { recursive: true, force: true });
        rmSync(tmp, { force: true });
      }
      const mb = (statSync(j.binary).size / 1024 / 1024).toFixed(0);
      info(`jaeger: 构建完成 / built in ${secs(t0)} (${mb} MB) → ${j.binary}`);
      return { built: true, seconds: (Date.now() - t0) / 1000 };
    },
    {
      timeoutMs: 30 * 60_000,
      holder: 'jaeger: 另一个进程正在构建 / another process building Jaeger',
    },
  );
}

// ---------------------------------------------------------------- config and start
/**
 * The collector config: OTLP in, memory storage, query API/UI and health; every listener on
 * 127.0.0.1. Left out of the default all-in-one: the Jaeger/Zipkin receivers, remote sampling,
 * expvar, zpages and the Prometheus self-metrics endpoint (each one more open port).
 */
export function jaegerConfigYaml(j) {
  const at = (port) => `"${j.host}:${port}"`;
  return `# Generated by tools/local-infra/lib/jaeger.mjs on each start; edits are overwritten.
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    # No self-metrics listener (the default would bind :8888).
    metrics:
      level: none
    logs:
      level: info

extensions:
  jaeger_storage:
    backends:
      memory_store:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memory_store
    # Its own spans would go to the default OTLP endpoint (4318), i.e. maybe someone else's.
    enable_tracing: false
    http:
      endpoint: ${at(j.port)}
    grpc:
      endpoint: ${at(j.queryGrpcPort)}
  healthcheckv2:
    use_v2: true
    http:
      endpoint: ${at(j.healthPort)}

receivers:
  otlp:
    protocols:
      grpc:
        endpoint: ${at(j.otlpGrpcPort)}
      http:
        endpoint: ${at(j.otlpHttpPort)}

processors:
  batch:

exporters:
  jaeger_storage_exporter:
    trace_storage: memory_store
`;
}

export function prepareJaeger(j) {
  ensureDir(j.workDir);
  writeFileSync(j.configFile, jaegerConfigYaml(j));
}

export function startJaeger(j) {
  return spawnDetached(j.binary, ['--config', j.configFile], {
    cwd: j.workDir,
    logFile: j.logFile,
  });
}

/** What a running Jaeger was started with; another binary or config (e.g. ports) restarts it. */
export function jaegerSignature(j) {
  const h = createHash('sha256').update(jaegerConfigYaml(j)).digest('hex');
  return `${JSON.stringify({ binary: j.binary, config: h })}\n`;
}

// ---------------------------------------------------------------- health
/** Healthy = the query API lists services (200 with a JSON `data` array). */
export async function jaegerHealthy(j, { timeoutMs = 2000 } = {}) {
  try {
    const res = await fetch(`${j.queryUrl}/api/services`, {
      signal: globalThis.AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) return { ok: false, error: `HTTP ${res.status}` };
    const body = await res.json();
    if (!Array.isArray(body?.data) && body?.data !== null) {
      return { ok: false, error: `unexpected /api/services body: ${JSON.stringify(body)}` };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e.cause?.code || e.message };
  }
}

/** Endpoints for clients: OTLP (what OTEL_EXPORTER_OTLP_ENDPOINT takes) and the query API/UI. */
export function jaegerEndpointsOf(j) {
  return {
    otlpHttp: j.otlpHttpUrl,
    otlpGrpc: j.otlpGrpcUrl,
    query: j.queryUrl,
    // A placeholder page in a build from the Go module (no UI assets); the query API is real.
    ui: `${j.queryUrl}/search`,
    health: `http://${j.host}:${j.healthPort}/status`,
  };
}
