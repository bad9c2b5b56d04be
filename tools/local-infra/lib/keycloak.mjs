// Keycloak (Quarkus distribution from Maven Central) in dev mode, loopback only.
// The unpacked distribution is shared in the cache; each clone gets its own Keycloak "home"
// (.local/infra/keycloak/home: data/ with the H2 database and the realm import) whose
// lib/, conf/ and themes/ are symlinks into the cache, so clones never share a database.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  lstatSync,
  writeFileSync,
  copyFileSync,
  readdirSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  ensureDir,
  info,
  requireTool,
  runLogged,
  secs,
  spawnDetached,
  toolCommand,
} from './util.mjs';

// ---------------------------------------------------------------- distribution
function distReady(k) {
  return existsSync(join(k.distDir, 'bin', 'kc.sh')) && existsSync(k.stampFile);
}

/** Downloads the distribution with Maven (into ~/.m2) and unpacks it once into the cache. */
export async function ensureKeycloakDist(k) {
  requireTool('java');
  if (distReady(k)) {
    info(`keycloak: distribution cached in ${k.distDir}`);
    return { resolved: false, seconds: 0 };
  }
  requireTool('mvn');
  const t0 = Date.now();
  info(`keycloak: downloading Keycloak ${k.version} from Maven Central (first run only; ~165 MB)…`);
  ensureDir(k.cacheDir);
  const tmp = join(k.cacheDir, `.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  ensureDir(tmp);
  try {
    await runLogged(
      toolCommand('mvn'),
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
        `-Dartifact=org.keycloak:keycloak-quarkus-dist:${k.version}:tar.gz`,
        `-DoutputDirectory=${tmp}`,
      ],
      {
        cwd: tmp,
        logFile: k.resolveLogFile,
        what: 'Maven 下载 Keycloak / Maven download of Keycloak',
      },
    );
    const tDownload = Date.now();
    await runLogged('tar', ['xzf', `keycloak-quarkus-dist-${k.version}.tar.gz`], {
      cwd: tmp,
      logFile: k.resolveLogFile,
      what: '解压 Keycloak / unpacking Keycloak',
    });
    rmSync(k.distDir, { recursive: true, force: true });
    try {
      renameSync(join(tmp, `keycloak-${k.version}`), k.distDir);
    } catch (e) {
      // Another clone may have finished the same unpack concurrently.
      if (!existsSync(join(k.distDir, 'bin', 'kc.sh'))) throw e;
    }
    writeFileSync(
      k.stampFile,
      JSON.stringify({ version: k.version, at: new Date().toISOString() }, null, 2),
    );
    info(`keycloak: downloaded in ${secs(t0)} (unpack ${secs(tDownload)}) → ${k.distDir}`);
    return { resolved: true, seconds: (Date.now() - t0) / 1000 };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- per-clone home
function link(target, path) {
  try {
    if (lstatSync(path).isSymbolicLink() && existsSync(path)) return;
    rmSync(path, { recursive: true, force: true });
  } catch {
    /* missing */
  }
  symlinkSync(target, path);
}

export function realmHash(k) {
  return createHash('sha256').update(readFileSync(k.realmFile)).digest('hex');
}

/** True when the realm file differs from the one the running Keycloak imported. */
export function keycloakRealmChanged(k) {
  try {
    return readFileSync(k.realmHashFile, 'utf8').trim() !== realmHash(k);
  } catch {
    return false;
  }
}

/**
 * Builds the clone's Keycloak home and puts the realm file into data/import. `--import-realm`
 * skips a realm that already exists, so when the realm file changed the dev database is wiped
 * (the realm file is the only source of truth for the local realm).
 */
export async function prepareKeycloak(k) {
  ensureDir(k.homeDir);
  for (const d of ['lib', 'conf', 'themes', 'bin']) link(join(k.distDir, d), join(k.homeDir, d));
  ensureDir(join(k.homeDir, 'providers'));
  ensureDir(k.importDir);
  const hash = realmHash(k);
  const stored = existsSync(k.realmHashFile) ? readFileSync(k.realmHashFile, 'utf8').trim() : '';
  if (stored !== hash) {
    if (existsSync(k.dbDir))
      info('keycloak: realm file changed; wiping the local Keycloak database');
    rmSync(k.dbDir, { recursive: true, force: true });
  }
  for (const f of readdirSync(k.importDir)) rmSync(join(k.importDir, f), { force: true });
  copyFileSync(k.realmFile, join(k.importDir, 'realm-jh.json'));
  writeFileSync(k.realmHashFile, `${hash}\n`);
  return { wiped: stored !== hash && stored !== '' };
}

export function startKeycloak(k) {
  requireTool('java');
  mkdirSync(k.homeDir, { recursive: true });
  // kc.sh takes the last -Dkc.home.dir: ours (the clone's home) wins over the script's own.
  return spawnDetached(
    'sh',
    [
      join(k.distDir, 'bin', 'kc.sh'),
      `-Dkc.home.dir=${k.homeDir}`,
      'start-dev',
      `--http-host=${k.host}`,
      `--http-port=${k.port}`,
      `--hostname=${k.url}`,
      '--import-realm',
      '--log-console-color=false',
      // Keycloak 26 refuses a user's concurrent sign-ins while brute-force detection is on; the
      // console (several tabs) and parallel test files sign the same user in at once.
      '--spi-brute-force-protector-default-brute-force-detector-allow-concurrent-requests=true',
    ],
    {
      cwd: k.homeDir,
      logFile: k.logFile,
      env: {
        KC_BOOTSTRAP_ADMIN_USERNAME: k.admin.username,
        KC_BOOTSTRAP_ADMIN_PASSWORD: k.admin.password,
        JAVA_OPTS_KC_HEAP: k.heapOpts,
        ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
      },
    },
  );
}

// ---------------------------------------------------------------- health
/** Healthy = the realm's discovery document answers 200 with the expected issuer. */
export async function keycloakHealthy(k, { timeoutMs = 2000 } = {}) {
  try {
    const res = await fetch(`${k.issuer}/.well-known/openid-configuration`, {
      signal: globalThis.AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) return { ok: false, error: `HTTP ${res.status}` };
    const doc = await res.json();
    if (doc.issuer !== k.issuer) {
      return { ok: false, error: `issuer ${doc.issuer}, expected ${k.issuer}` };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e.cause?.code || e.message };
  }
}
