#!/usr/bin/env node
// `npm start`: install what is missing, start the local engines, build, run every service and
// the console, print the URLs. Ctrl-C stops the services (the engines keep running: `npm run infra:down`).
// `npm start -- --replicas 2`: two processes of each service (replica r on its ports + 100·r),
// sharing its database and consumer groups, behind the gateway's round robin.
import { spawn } from 'node:child_process';
import { supervise } from './supervise.mjs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDependencies, ensureEngines, ensureJaeger, root, seconds, step } from './setup.mjs';

process.env.NX_DAEMON = 'false';

const services = [
  { name: 'intake', http: 3001, grpc: 50051, label: '一门受理 intake' },
  { name: 'civil-affairs', http: 3002, label: '民政协同 civil-affairs' },
  { name: 'education', http: 3003, label: '教育 education' },
  { name: 'housing', http: 3004, label: '住建 housing' },
  { name: 'medical', http: 3005, label: '医保 medical' },
  { name: 'employment', http: 3006, label: '人社 employment' },
  { name: 'payment', http: 3007, label: '资金 payment' },
];
const consolePort = Number(process.env.CONSOLE_PORT ?? 3000);
const { values: args } = parseArgs({ options: { replicas: { type: 'string', default: '1' } } });
const replicas = Number(args.replicas);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 9) {
  console.error(`--replicas 须为 1–9 的整数 / must be an integer 1–9, got ${args.replicas}`);
  process.exit(2);
}
/** Replica r of a service listens on its ports + 100·r. */
const portsOf = (port) => Array.from({ length: replicas }, (_, r) => port + 100 * r);
const intakeGrpc = portsOf(50051)
  .map((p) => `127.0.0.1:${p}`)
  .join(',');

ensureDependencies();
const engines = await ensureEngines();
// Traces (issue 17): every service exports OTLP to the local Jaeger; Prometheus scrapes /metrics.
const jaeger = await ensureJaeger(engines);
const { startPrometheus } = await import('../observability/prometheus.mjs');
const prometheus = await startPrometheus({ replicas }).catch((e) => {
  console.error(`Prometheus 未启动 / not started: ${e.message}`);
  return null;
});

step('构建 / building services and console…');
let started = Date.now();
const { buildApps } = await import('./build.mjs');
await buildApps(services.map((s) => s.name));
await new Promise((resolve, reject) => {
  const vite = spawn(
    join(root, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/console/vite.config.mjs', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  vite.on('close', (code) =>
    code === 0 ? resolve() : reject(new Error(`console build failed (${code})`)),
  );
});
console.log(`  built in ${seconds(started)}`);

step('启动服务 / starting services…');
started = Date.now();
const children = [];
const prefixOutput = (name, stream) => {
  let buffer = '';
  stream.on('data', (d) => {
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
  });
};
/** A started child whose output goes to ours, each line prefixed with its name. */
const withOutput = (name, child) => {
  prefixOutput(name, child.stdout);
  prefixOutput(name, child.stderr);
  return child;
};
for (const s of services) {
  for (let r = 0; r < replicas; r++) {
    const name = replicas > 1 ? `${s.name}#${r + 1}` : s.name;
    const start = () =>
      spawn(
        process.execPath,
        ['--enable-source-maps', join(root, 'dist/apps', s.name, 'main.js')],
        {
          cwd: root,
          env: {
            ...process.env,
            NODE_ENV: process.env.NODE_ENV ?? 'development',
            SERVICE_NAME: s.name,
            HTTP_PORT: String(s.http + 100 * r),
            ...(s.grpc ? { GRPC_PORT: String(s.grpc + 100 * r) } : {}),
            ...engines.infra.kafkaEnv(),
            MONGO_URL: engines.mongoUrlFor(`jh_${s.name.replace(/-/g, '_')}`),
            // Several replicas: one round-robin gRPC channel over all of them (grpc-js name syntax).
            INTAKE_GRPC_URL: replicas > 1 ? `ipv4:${intakeGrpc}` : intakeGrpc,
            OTEL_ENABLED: process.env.OTEL_ENABLED ?? 'true',
            OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttp,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    children.push(supervise({ name, start: () => withOutput(name, start()) }));
  }
}
// Local stand-in for the citizen-card platform (一键达) that payment pays through.
const startCardSimulator = () =>
  spawn(
    process.execPath,
    [join(root, 'tools/run/ts-run.mjs'), 'apps/card-platform/src/main.ts', '50070'],
    {
      cwd: root,
      env: {
        ...process.env,
        SERVICE_NAME: 'card-platform',
        // Several payment replicas: callbacks go through the gateway, which balances them.
        ...(replicas > 1
          ? {
              CARD_SIMULATOR_CALLBACK_URL: `http://127.0.0.1:${consolePort}/api/payment/card-platform/callbacks`,
            }
          : {}),
        OTEL_ENABLED: process.env.OTEL_ENABLED ?? 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttp,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
children.push(
  supervise({
    name: 'card-simulator',
    start: () => withOutput('card-simulator', startCardSimulator()),
  }),
);
// One origin for the console and /api/<service>/… (tools/gateway), in this process.
const { startGateway } = await import('../gateway/gateway.mjs');
const gateway = await startGateway({
  port: consolePort,
  staticDir: join(root, 'dist/apps/console'),
  backends: Object.fromEntries(services.map((s) => [s.name, portsOf(s.http)])),
  oidcAuthority: engines.infra.getConfig().keycloak.issuer,
}).catch((e) => {
  console.error(`控制台网关启动失败 / console gateway failed on port ${consolePort}: ${e.message}`);
  for (const c of children) void c.stop();
  process.exit(1);
});

let stopping = false;
async function waitReady(port) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return true;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}
const ready = await Promise.all(
  services.map(async (s) => (await Promise.all(portsOf(s.http).map(waitReady))).every(Boolean)),
);
console.log(`\n平台已启动 / platform running (${seconds(started)}):`);
console.log(`  控制台 console        ${gateway.url}/`);
services.forEach((s, i) => {
  const grpc = s.grpc ? `  gRPC ${portsOf(s.grpc).join(', ')}` : '';
  const http = portsOf(s.http)
    .map((p) => `http://127.0.0.1:${p}/ready`)
    .join(' ');
  console.log(
    `  ${s.label.padEnd(22)} ${http}${grpc}${ready[i] ? '' : '  (未就绪 / NOT ready — see its log lines)'}`,
  );
});
console.log('  市民卡平台模拟器 card simulator  gRPC 127.0.0.1:50070');
console.log(
  `  Kafka ${engines.kafkaBrokers}   MongoDB wire (FerretDB) ${engines.infra.redactUrl(engines.mongoUrl)}`,
);
console.log(
  `  链路追踪 traces (Jaeger query API)  ${jaeger.query}/api/traces?service=intake&limit=20`,
);
if (prometheus) console.log(`  指标与告警 Prometheus  ${prometheus.url}/classic/alerts`);
console.log(
  '  开发令牌 / dev token: npm run token -- --user clerk.330106001 （开发用户见 README）',
);
console.log(
  '按 Ctrl-C 停止服务；引擎继续运行（npm run infra:down 停止） / Ctrl-C stops services; engines keep running.\n',
);

const stop = () => {
  if (stopping) return;
  stopping = true;
  void gateway.close();
  void prometheus?.stop();
  setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref();
  Promise.all(children.map((c) => c.stop())).then(() => process.exit(process.exitCode ?? 0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (process.env.JH_START_EXIT_WHEN_READY === '1') {
  // Used to smoke-test `npm start` non-interactively.
  stop();
  if (!ready.every(Boolean)) process.exitCode = 1;
}
