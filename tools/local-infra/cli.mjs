#!/usr/bin/env node
// Local engines without Docker: Apache Kafka (KRaft) + FerretDB (MongoDB wire, SQLite) + Keycloak,
// and the opt-in Jaeger (traces; only when named).
//
//   node tools/local-infra/cli.mjs up [engine…]     start the default three (or the named ones), wait until healthy
//   node tools/local-infra/cli.mjs down [engine…]   stop all (or the named ones)
//   node tools/local-infra/cli.mjs status   show state; exit 0 if all healthy, 3 otherwise
//   node tools/local-infra/cli.mjs env      print KAFKA_BROKERS=…, MONGO_URL=…, AUTH_ISSUER=…
//   node tools/local-infra/cli.mjs logs [kafka|ferretdb|keycloak|jaeger] [lines]
//
// See tools/local-infra/README.md.
import {
  DEFAULT_ENGINE_NAMES,
  ENGINE_NAMES,
  InfraError,
  down,
  envLines,
  getConfig,
  status,
  up,
} from './index.mjs';
import { tailFile } from './lib/util.mjs';

const USAGE = `用法 / usage: node tools/local-infra/cli.mjs <up|down|status|env|logs> [engine…] [--json]

  up       启动 Kafka、FerretDB 与 Keycloak 并等待就绪 / start Kafka + FerretDB + Keycloak (or the named ones)
           Jaeger 需点名启动 / Jaeger is opt-in: up jaeger
  down     停止 / stop all, Jaeger included (or the named ones)
  status   状态（全部健康时退出码 0，否则 3）/ status (exit 0 if all healthy, else 3; Jaeger only when running)
  env      输出连接变量 / print KAFKA_BROKERS=…, MONGO_URL=…, AUTH_ISSUER=…, OTEL_EXPORTER_OTLP_ENDPOINT=…
  logs     查看日志尾部 / tail logs: logs [kafka|ferretdb|keycloak|jaeger] [lines]

引擎 / engines: ${ENGINE_NAMES.join(', ')} (默认 / default: ${DEFAULT_ENGINE_NAMES.join(', ')})
环境变量 / env: JH_KAFKA_PORT (19092), JH_KAFKA_CONTROLLER_PORT (19093), JH_MONGO_PORT (27027),
  JH_KEYCLOAK_PORT (18080), JH_JAEGER_OTLP_HTTP_PORT (14318), JH_JAEGER_OTLP_GRPC_PORT (14317),
  JH_JAEGER_UI_PORT (16686), JH_JAEGER_QUERY_GRPC_PORT (16685), JH_JAEGER_HEALTH_PORT (14133),
  JH_CACHE_DIR (~/.cache/jh-platform), JH_LOCAL_DIR (<repo>/.local)`;

function printError(e) {
  process.stderr.write(`\n✖ ${e.message}\n`);
  const list = e.errors || [e];
  for (const x of list) {
    if (x.logTail) {
      process.stderr.write(
        `\n---- ${x.logFile} (last lines / 最后几行) ----\n${x.logTail}\n----\n`,
      );
    }
  }
  if (!(e instanceof InfraError) && e.stack) process.stderr.write(`${e.stack}\n`);
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const [cmd = 'help', ...rest] = args.filter((a) => a !== '--json');
  const engines = rest.filter((a) => !/^\d+$/.test(a));

  switch (cmd) {
    case 'up': {
      const r = await up({ engines });
      if (json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else process.stdout.write(`${envLines().join('\n')}\n`);
      return 0;
    }
    case 'down':
      await down({ engines });
      return 0;
    case 'status': {
      const s = await status();
      if (json) {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      } else {
        for (const e of s.engines) {
          const state = !e.running
            ? e.healthy
              ? 'running (no pid file)'
              : 'stopped'
            : e.ownsPort === false
              ? 'running (port not its)'
              : 'running';
          process.stdout.write(
            `${e.name.padEnd(9)} ${state.padEnd(22)} pid ${String(e.pid ?? '-').padEnd(8)} ${`${e.host}:${e.port}`.padEnd(
              16,
            )} ${e.healthy ? 'healthy' : 'NOT healthy'}   ${e.label}\n`,
          );
        }
      }
      return s.healthy ? 0 : 3;
    }
    case 'env':
      process.stdout.write(`${envLines().join('\n')}\n`);
      return 0;
    case 'logs': {
      const cfg = getConfig();
      const which = rest.find((a) => ENGINE_NAMES.includes(a));
      const lines = Number(rest.find((a) => /^\d+$/.test(a)) || 40);
      for (const e of which ? [cfg[which]] : ENGINE_NAMES.map((n) => cfg[n])) {
        process.stdout.write(`---- ${e.logFile} ----\n${tailFile(e.logFile, lines)}\n`);
      }
      return 0;
    }
    case 'help':
    case '-h':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`未知命令 / unknown command: ${cmd}\n${USAGE}\n`);
      return 2;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    printError(e);
    process.exitCode = 1;
  },
);
