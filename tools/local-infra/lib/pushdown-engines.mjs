// Engines for the FerretDB differential checks (pushdown-check.mjs, pushdown-exact-check.mjs): the
// reference build (the same wrapper and module with only the `always` patches) and scratch engines
// on free 127.0.0.1 ports, never the shared engines of `infra:up`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConfig } from './config.mjs';
import { ensureFerretdbBinary } from './ferretdb.mjs';

const { MongoClient, BSON } = await import('mongodb');

/** Canonical Extended JSON: Int32/Long/Double/-0 and key order all count. */
export const ejson = (v) => BSON.EJSON.stringify(v, { relaxed: false });

/** A result or the error, as canonical Extended JSON, for comparing two engines. */
export async function outcome(fn) {
  try {
    return ejson({ ok: await fn() });
  } catch (e) {
    return ejson({
      error: e.code ?? null,
      message: String(e.message).replace(/\s+/g, ' ').slice(0, 200),
    });
  }
}

/** The reference binary (built once, cached): upstream FerretDB's query code. */
export async function unpatchedBinary() {
  const f = getConfig().ferretdb;
  const inputs = readdirSync(f.srcDir)
    .filter((n) => n === 'go.mod' || n === 'go.sum' || n.endsWith('.go'))
    .sort();
  const h = createHash('sha256');
  for (const n of inputs)
    h.update(n)
      .update('\0')
      .update(readFileSync(join(f.srcDir, n)));
  const cacheDir = join(
    getConfig().cacheRoot,
    `ferretdb-${f.version}-unpatched-${h.digest('hex').slice(0, 12)}`,
  );
  const binary = join(cacheDir, 'ferretdb');
  if (existsSync(binary)) return binary;
  // Same wrapper, same module, only the patches main.go needs to compile (`always`: the auth
  // options, unused here).
  const src = mkdtempSync(join(tmpdir(), 'jh-ferret-src-'));
  try {
    for (const n of inputs) cpSync(join(f.srcDir, n), join(src, n));
    const spec = JSON.parse(readFileSync(join(f.srcDir, 'patches.json'), 'utf8'));
    const patches = spec.patches.filter((p) => p.always);
    writeFileSync(join(src, 'patches.json'), JSON.stringify({ module: spec.module, patches }));
    await ensureFerretdbBinary({
      ...f,
      srcDir: src,
      cacheDir,
      binary,
      buildLogFile: join(src, 'build.log'),
    });
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  return binary;
}

/** The binary under test: --patched, or the one `infra:up` builds for the current sources. */
export async function patchedBinary(given) {
  if (given) return given;
  await ensureFerretdbBinary(getConfig().ferretdb);
  return getConfig().ferretdb.binary;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const children = [];

/** Starts binary on a free port with its data under scratch/name; resolves when it answers. */
export async function startEngine(name, binary, scratch) {
  const port = await freePort();
  const dir = join(scratch, name);
  const child = spawn(
    binary,
    ['-listen', `127.0.0.1:${port}`, '-data', join(dir, 'data'), '-log', 'warn'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (b) => (stderr = (stderr + b).slice(-4000)));
  children.push(child);
  const url = `mongodb://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new MongoClient(url, { serverSelectionTimeoutMS: 500, directConnection: true });
    try {
      await c.connect();
      await c.db('admin').command({ ping: 1 });
      break;
    } catch (e) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${name} did not start: ${e.message}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await c.close().catch(() => {});
    }
  }
  const client = await new MongoClient(url, {
    directConnection: true,
    promoteValues: false,
  }).connect();
  return { name, binary, url, client, child };
}

/** Stops every engine this process started. */
export function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}

/** mulberry32: the same seed gives the same documents and queries on every machine. */
export function seededRandom(seed) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { rnd, pick: (a) => a[Math.floor(rnd() * a.length)], chance: (p) => rnd() < p };
}
