#!/usr/bin/env node
// Validates docker-compose.yml without a Docker engine: `docker compose config` only parses,
// interpolates and checks the model. Two runs:
//   1. with a dummy KEYCLOAK_ADMIN_PASSWORD -> must pass, and every app service must get its OIDC
//      settings (AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCE, AUTH_TOKEN_URL, AUTH_CLIENT_ID,
//      AUTH_CLIENT_SECRET) and no shared AUTH_JWT_SECRET;
//      and Kafka (SASL) and MongoDB (user in MONGO_URL) credentials;
//   2. without any one of the secrets (REQUIRED_VARS) -> must fail and name it (no public default).
// Both runs read an empty env file instead of the developer's .env, so results do not depend on it.
// Needs only the docker CLI client (no engine). When its compose plugin is missing, Compose
// COMPOSE_VERSION is built once from the Go module proxy into a cache outside the clone
// (${JH_CACHE_DIR:-~/.cache/jh-platform}/compose-<version>/cli-plugins/docker-compose) and docker
// is run with DOCKER_CONFIG pointing at that folder. Skips (exit 0) only when the docker client,
// or both the compose plugin and the go toolchain, are missing.
//
//   node tools/compose/check.mjs
//   import { checkComposeConfig } from './tools/compose/check.mjs'  // -> { status, message, output }
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DUMMY_KEYCLOAK_ADMIN_PASSWORD = 'dummy-admin-password';
/** Secrets docker-compose.yml must demand (`${VAR:?…}`), with the dummy values of the check. */
const REQUIRED_VARS = {
  KEYCLOAK_ADMIN_PASSWORD: DUMMY_KEYCLOAK_ADMIN_PASSWORD,
  MONGO_ROOT_PASSWORD: 'dummy-mongo-root',
  MONGO_APP_PASSWORD: 'dummy-mongo-app',
  KAFKA_BROKER_PASSWORD: 'dummy-kafka-broker',
  KAFKA_APP_PASSWORD: 'dummy-kafka-app',
};
const APP_ENGINE_ENV = ['KAFKA_SASL_MECHANISM', 'KAFKA_USERNAME', 'KAFKA_PASSWORD'];
const APP_AUTH_ENV = [
  'AUTH_ISSUER',
  'AUTH_JWKS_URL',
  'AUTH_AUDIENCE',
  'AUTH_TOKEN_URL',
  'AUTH_CLIENT_ID',
  'AUTH_CLIENT_SECRET',
];

/** Problems with the rendered model: app services (those with SERVICE_NAME) lacking OIDC settings. */
function authProblems(model) {
  const problems = [];
  for (const [name, svc] of Object.entries(model.services ?? {})) {
    const env = svc.environment ?? {};
    if ('AUTH_JWT_SECRET' in env) problems.push(`${name}: AUTH_JWT_SECRET must be gone`);
    if (!('SERVICE_NAME' in env)) continue;
    for (const key of APP_AUTH_ENV) if (!env[key]) problems.push(`${name}: missing ${key}`);
    for (const key of APP_ENGINE_ENV) if (!env[key]) problems.push(`${name}: missing ${key}`);
    if (!/^mongodb:\/\/[^/@]+:[^/@]+@/.test(env.MONGO_URL ?? ''))
      problems.push(`${name}: MONGO_URL without user:password@`);
  }
  if (!model.services?.keycloak) problems.push('no keycloak service');
  return problems;
}
export const COMPOSE_VERSION = 'v2.40.3';
const COMPOSE_MODULE = 'github.com/docker/compose/v2';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, ...options });
  return {
    missing: r.error?.code === 'ENOENT',
    code: r.error ? null : r.status,
    stdout: r.stdout ?? '',
    output:
      `${r.stdout ?? ''}${r.stderr ?? ''}${r.error && r.error.code !== 'ENOENT' ? String(r.error) : ''}`.trim(),
  };
}

/** `${JH_CACHE_DIR:-~/.cache/jh-platform}/compose-<version>`: used as DOCKER_CONFIG, holds cli-plugins/. */
export function composeCacheDir(env = process.env) {
  const base = env.JH_CACHE_DIR || join(homedir(), '.cache', 'jh-platform');
  return join(base, `compose-${COMPOSE_VERSION}`);
}

/**
 * Builds docker-compose COMPOSE_VERSION with `go build` into `<dir>/cli-plugins/docker-compose`
 * unless it is already there. Uses the default Go module/build caches, so rebuilds are fast.
 * Concurrency-safe: each build goes to its own temp folder and is renamed into place atomically.
 */
function ensureComposePlugin(dir, env, log) {
  const pluginDir = join(dir, 'cli-plugins');
  const binary = join(pluginDir, 'docker-compose');
  if (existsSync(binary)) return { binary };

  const goVersion = run('go', ['version'], { env });
  if (goVersion.missing)
    return { skip: 'docker compose plugin not installed and go not installed to build it' };

  mkdirSync(pluginDir, { recursive: true });
  const tmp = mkdtempSync(join(pluginDir, '.build-'));
  const started = Date.now();
  log(`building docker compose ${COMPOSE_VERSION} from the Go module proxy (first run only)…`);
  try {
    // `go install …/cmd@version` refuses compose's go.mod (it has exclude directives), so fetch the
    // module source into the Go module cache and `go build` inside it, as its own main module.
    const goEnv = {
      ...env,
      GO111MODULE: 'on',
      GOWORK: 'off',
      GOFLAGS: '-mod=readonly -buildvcs=false',
      CGO_ENABLED: env.CGO_ENABLED ?? '0',
    };
    const download = run(
      'go',
      ['mod', 'download', '-json', `${COMPOSE_MODULE}@${COMPOSE_VERSION}`],
      {
        cwd: tmp, // outside any module
        env: goEnv,
        timeout: 10 * 60_000,
      },
    );
    let srcDir;
    try {
      srcDir = JSON.parse(download.stdout).Dir;
    } catch {
      srcDir = undefined; // not JSON: reported below together with go's output
    }
    if (download.code !== 0 || !srcDir) {
      return {
        error: `go mod download ${COMPOSE_MODULE}@${COMPOSE_VERSION} failed`,
        output: download.output,
      };
    }
    const built = join(tmp, 'docker-compose');
    const build = run(
      'go',
      [
        'build',
        '-ldflags',
        `-s -w -X ${COMPOSE_MODULE}/internal.Version=${COMPOSE_VERSION}`,
        '-o',
        built,
        './cmd',
      ],
      { cwd: srcDir, env: goEnv, timeout: 30 * 60_000 },
    );
    if (build.code !== 0 || !existsSync(built)) {
      return {
        error: `go build ${COMPOSE_MODULE}/cmd@${COMPOSE_VERSION} failed`,
        output: build.output,
      };
    }
    chmodSync(built, 0o755);
    renameSync(built, binary); // atomic within pluginDir; a concurrent build simply wins or loses the race
    log(
      `built docker compose ${COMPOSE_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)}s -> ${binary}`,
    );
    return { binary };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Finds a Compose v2 CLI: the docker plugin first, else one built from the Go module proxy. */
function findCompose(docker, env, log) {
  const plugin = run(docker, ['compose', 'version', '--short'], { env });
  if (plugin.missing) return { skip: 'docker client not installed' };
  if (plugin.code === 0) return { cmd: docker, prefix: ['compose'], env };

  const dir = composeCacheDir(env);
  const built = ensureComposePlugin(dir, env, log);
  if (built.skip || built.error) return built;
  const pluginEnv = { ...env, DOCKER_CONFIG: dir };
  const check = run(docker, ['compose', 'version', '--short'], { env: pluginEnv });
  if (check.code !== 0) {
    return {
      error: `docker compose ${COMPOSE_VERSION} built at ${built.binary} but \`docker compose version\` fails`,
      output: check.output,
    };
  }
  return { cmd: docker, prefix: ['compose'], env: pluginEnv };
}

/**
 * @param {{ root?: string, file?: string, docker?: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void }} [options]
 * @returns {{ status: 'ok' | 'skipped' | 'failed', message: string, output: string }}
 */
export function checkComposeConfig(options = {}) {
  const root = options.root ?? repoRoot;
  const file = options.file ?? join(root, 'docker-compose.yml');
  const baseEnv = { ...(options.env ?? process.env) };
  for (const key of Object.keys(REQUIRED_VARS)) delete baseEnv[key];
  for (const key of Object.keys(baseEnv)) if (key.startsWith('COMPOSE_')) delete baseEnv[key];

  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const compose = findCompose(options.docker ?? 'docker', baseEnv, log);
  if (compose.skip) {
    return { status: 'skipped', message: `compose:config skipped (${compose.skip})`, output: '' };
  }
  if (compose.error) {
    return {
      status: 'failed',
      message: `compose:config failed: ${compose.error}`,
      output: compose.output ?? '',
    };
  }
  const composeEnv = compose.env;

  const scratch = mkdtempSync(join(tmpdir(), 'jh-compose-check-'));
  try {
    const emptyEnvFile = join(scratch, 'empty.env');
    writeFileSync(emptyEnvFile, '');
    const args = [
      ...compose.prefix,
      '--project-directory',
      root,
      '-f',
      file,
      '--env-file',
      emptyEnvFile,
      'config',
    ];

    const valid = run(compose.cmd, [...args, '--format', 'json'], {
      cwd: root,
      env: { ...composeEnv, ...REQUIRED_VARS },
    });
    if (valid.code !== 0) {
      return {
        status: 'failed',
        message: 'compose:config failed: docker compose config rejected docker-compose.yml',
        output: valid.output,
      };
    }
    let problems;
    try {
      problems = authProblems(JSON.parse(valid.stdout));
    } catch (e) {
      problems = [`cannot parse docker compose config --format json: ${e.message}`];
    }
    if (problems.length > 0) {
      return {
        status: 'failed',
        message: `compose:config failed: ${problems.join('; ')}`,
        output: '',
      };
    }

    for (const name of Object.keys(REQUIRED_VARS)) {
      const others = { ...REQUIRED_VARS };
      delete others[name];
      const unset = run(compose.cmd, [...args, '-q'], {
        cwd: root,
        env: { ...composeEnv, ...others },
      });
      if (unset.code === 0 || !unset.output.includes(name)) {
        return {
          status: 'failed',
          message: `compose:config failed: docker-compose.yml must refuse to render without ${name} (use \${${name}:?…})`,
          output: unset.output,
        };
      }
    }
    return { status: 'ok', message: 'compose:config ok', output: valid.output };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = checkComposeConfig();
  if (result.status === 'failed') {
    console.error(result.message);
    if (result.output) console.error(result.output);
    process.exit(1);
  }
  console.log(result.message);
}
