// FerretDB v1 (MongoDB wire protocol, SQLite backend), embedded in a tiny Go
// program under tools/local-infra/ferretdb and built once into the cache.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { mongoUrlWithUser } from './config.mjs';
import {
  InfraError,
  ensureDir,
  info,
  requireTool,
  runLogged,
  secs,
  spawnDetached,
  toolCommand,
} from './util.mjs';

/** Builds the FerretDB binary into the cache unless it is already there. */
export async function ensureFerretdbBinary(f) {
  if (existsSync(f.binary)) {
    info(`ferretdb: binary cached at ${f.binary}`);
    return { built: false, seconds: 0 };
  }
  requireTool('go');
  const t0 = Date.now();
  info(`ferretdb: building FerretDB ${f.version} with Go (first run only; ~1-3 min on 2 cores)…`);
  ensureDir(f.cacheDir);
  const tmp = `${f.binary}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  const buildDir = patchedSources(f);
  try {
    await runLogged(
      toolCommand('go'),
      ['build', '-buildvcs=false', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'],
      {
        cwd: buildDir,
        // Pure-Go SQLite (modernc.org/sqlite): no C compiler needed.
        env: { CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
        logFile: f.buildLogFile,
        what: 'Go 构建 FerretDB / go build of FerretDB',
      },
    );
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  renameSync(tmp, f.binary);
  const mb = (statSync(f.binary).size / 1024 / 1024).toFixed(0);
  info(`ferretdb: built in ${secs(t0)} (${mb} MB) → ${f.binary}`);
  return { built: true, seconds: (Date.now() - t0) / 1000 };
}

/**
 * Copies our wrapper and the FerretDB module into a build folder, applies patches.json (exact
 * text replacements that must match the expected number of times) and points go.mod at the copy.
 */
function patchedSources(f) {
  const spec = JSON.parse(readFileSync(join(f.srcDir, 'patches.json'), 'utf8'));
  const buildDir = join(f.cacheDir, `build-${process.pid}`);
  rmSync(buildDir, { recursive: true, force: true });
  ensureDir(buildDir);
  for (const name of readdirSync(f.srcDir)) {
    if (name === 'go.mod' || name === 'go.sum' || name.endsWith('.go'))
      cpSync(join(f.srcDir, name), join(buildDir, name));
  }
  const downloaded = JSON.parse(
    execFileSync(toolCommand('go'), ['mod', 'download', '-json', `${spec.module}@v${f.version}`], {
      cwd: f.srcDir,
      encoding: 'utf8',
    }),
  );
  const moduleDir = join(buildDir, 'module');
  cpSync(downloaded.Dir, moduleDir, { recursive: true });
  for (const patch of spec.patches) {
    const file = join(moduleDir, patch.file);
    const text = readFileSync(file, 'utf8');
    const found = text.split(patch.find).length - 1;
    if (found !== patch.count)
      throw new InfraError(
        `FerretDB 补丁不匹配 / patch does not apply: ${patch.file} matched ${found}×, expected ${patch.count}×`,
      );
    chmodSync(file, 0o644);
    writeFileSync(file, text.split(patch.find).join(patch.replace));
  }
  const goMod = join(buildDir, 'go.mod');
  writeFileSync(goMod, `${readFileSync(goMod, 'utf8')}\nreplace ${spec.module} => ./module\n`);
  return buildDir;
}

export function prepareFerretdb(f) {
  ensureDir(f.workDir);
  ensureDir(f.dataDir);
}

export function startFerretdb(f) {
  return spawnDetached(
    f.binary,
    [
      '-listen',
      `${f.host}:${f.port}`,
      '-data',
      f.dataDir,
      '-log',
      'info',
      // Every command but hello/saslStart needs a SCRAM login; the user is (re)created at start.
      '-auth-user',
      f.user.username,
    ],
    {
      cwd: f.workDir,
      // In the environment, not on the command line (ps) or in the log.
      env: { JH_FERRETDB_PASSWORD: f.user.password },
      logFile: f.logFile,
    },
  );
}

/** What a running FerretDB was started with; a change (e.g. one from before auth) restarts it. */
export function ferretdbSignature(f) {
  const h = createHash('sha256').update(`${f.user.username}\0${f.user.password}`).digest('hex');
  return `${JSON.stringify({ binary: f.binary, user: f.user.username, hash: h })}\n`;
}

let mongodbMod;
async function loadMongodb() {
  if (!mongodbMod) {
    try {
      mongodbMod = await import('mongodb');
    } catch (e) {
      throw new InfraError(
        `无法加载 mongodb 驱动：请先在仓库根目录运行 npm install。\nCannot load the mongodb driver: run \`npm install\` in the repository root first. (${e.message})`,
      );
    }
  }
  return mongodbMod;
}

/** True if the server answers db.admin().command({ ping: 1 }). */
export async function ferretdbHealthy(f, { timeoutMs = 2000 } = {}) {
  const { MongoClient } = await loadMongodb();
  const client = new MongoClient(mongoUrlWithUser(f), {
    directConnection: true,
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: Math.min(1000, timeoutMs),
    socketTimeoutMS: timeoutMs,
    maxPoolSize: 1,
  });
  try {
    await client.connect();
    const r = await client.db('admin').command({ ping: 1 });
    return { ok: r?.ok === 1 };
  } catch (e) {
    return { ok: false, error: e.message };
  } finally {
    await client.close().catch(() => {});
  }
}

/**
 * Right after a start: an equality on an indexed field must be searched through SQLite's index
 * (ferretdb/patches.json, ADR 0013). Fails loudly when a patch still applies but no longer works,
 * e.g. after a FerretDB upgrade; results would stay correct, only every list would scan again.
 */
export async function ferretdbUsesIndexes(f) {
  const { MongoClient } = await loadMongodb();
  const client = new MongoClient(mongoUrlWithUser(f), {
    directConnection: true,
    serverSelectionTimeoutMS: 5000,
  });
  const db = client.db('jh_local_infra_selfcheck');
  try {
    await client.connect();
    await db.collection('c').createIndex({ 'a.b': 1 });
    const r = await db.command({
      explain: { find: 'c', filter: { 'a.b': 'x' } },
      verbosity: 'queryPlanner',
    });
    const plan = (r.queryPlanner?.Plan ?? []).join(' | ');
    if (!plan.includes('USING INDEX'))
      throw new InfraError(
        `FerretDB 未使用索引 / FerretDB does not search {'a.b': 'x'} through its index: the pushdown ` +
          `patch in tools/local-infra/ferretdb/patches.json no longer takes effect (see ADR 0013). Plan: ${plan}`,
      );
    // An update command of 150 statements: without the msg_update.go patch each statement kept a
    // pooled SQLite connection until the command ended, and ~100 of them hung every write.
    await db.collection('c').insertOne({ _id: 'bulk', n: 0 });
    const bulk = db.collection('c').bulkWrite(
      Array.from({ length: 150 }, () => ({
        updateOne: { filter: { _id: 'bulk' }, update: { $inc: { n: 1 } } },
      })),
      { ordered: true },
    );
    const timeout = new Promise((_, reject) =>
      setTimeout(
        () =>
          reject(
            new InfraError(
              'FerretDB 批量更新挂起 / an update command of 150 statements did not finish in 20 s: the ' +
                'msg_update.go patch in tools/local-infra/ferretdb/patches.json no longer takes effect.',
            ),
          ),
        20000,
      ).unref(),
    );
    const result = await Promise.race([bulk, timeout]);
    if (result.modifiedCount !== 150)
      throw new InfraError(`FerretDB bulk update modified ${result.modifiedCount} of 150`);
  } finally {
    // Bounded: on a hung engine the drop would wait forever and hide the error above.
    await Promise.race([
      db.dropDatabase().catch(() => {}),
      new Promise((r) => setTimeout(r, 5000).unref()),
    ]);
    await client.close(true).catch(() => {});
  }
}
