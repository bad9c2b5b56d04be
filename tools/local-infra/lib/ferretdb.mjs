// FerretDB v1 (MongoDB wire protocol, SQLite backend), embedded in a tiny Go
// program under tools/local-infra/ferretdb and built once into the cache.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
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
  await runLogged(
    toolCommand('go'),
    ['build', '-buildvcs=false', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'],
    {
      cwd: f.srcDir,
      // Pure-Go SQLite (modernc.org/sqlite): no C compiler needed.
      env: { CGO_ENABLED: '0' },
      logFile: f.buildLogFile,
      what: 'Go 构建 FerretDB / go build of FerretDB',
    },
  );
  renameSync(tmp, f.binary);
  const mb = (statSync(f.binary).size / 1024 / 1024).toFixed(0);
  info(`ferretdb: built in ${secs(t0)} (${mb} MB) → ${f.binary}`);
  return { built: true, seconds: (Date.now() - t0) / 1000 };
}

export function prepareFerretdb(f) {
  ensureDir(f.workDir);
  ensureDir(f.dataDir);
}

export function startFerretdb(f) {
  return spawnDetached(
    f.binary,
    ['-listen', `${f.host}:${f.port}`, '-data', f.dataDir, '-log', 'info'],
    {
      cwd: f.workDir,
      logFile: f.logFile,
    },
  );
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
  const client = new MongoClient(`mongodb://${f.host}:${f.port}/`, {
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
