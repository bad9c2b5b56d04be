// Static files of the built console: SPA fallback, cache rules, gzip for text (kept in memory,
// since the files of a build never change while the gateway runs).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

/** Hashed build output (Vite's /assets/) never changes under the same name. */
export const LONG_CACHE = 'public, max-age=31536000, immutable';
/** Everything else (index.html first) is revalidated on every load, so a deploy shows at once. */
export const NO_CACHE = 'no-cache';

/**
 * Serves files under `dir`. Returns a handler (req, res, pathname, headers) → Promise<void>;
 * `headers` are added to every answer (the security headers).
 */
export function staticFiles(dir) {
  const root = resolve(dir);
  const cache = new Map();

  async function load(file) {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const key = `${file}:${info.mtimeMs}:${info.size}`;
    let entry = cache.get(file);
    if (entry?.key !== key) {
      const body = await readFile(file);
      const ext = extname(file).toLowerCase();
      const gzip = COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null;
      const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
      entry = { key, body, gzip, etag, type: TYPES[ext] ?? 'application/octet-stream' };
      cache.set(file, entry);
    }
    return entry;
  }

  /** The file for a URL path, or null when it would leave `root`. */
  function fileOf(pathname) {
    let decoded;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const file = join(root, normalize(decoded));
    return file === root || file.startsWith(root + sep) ? file : null;
  }

  function send(req, res, entry, cacheControl, headers, status = 200) {
    const base = {
      ...headers,
      'content-type': entry.type,
      'cache-control': cacheControl,
      etag: entry.etag,
      vary: 'accept-encoding',
    };
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, base);
      res.end();
      return;
    }
    const gzip = entry.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? entry.gzip : entry.body;
    res.writeHead(status, {
      ...base,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  return async function serve(req, res, pathname, headers) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method Not Allowed');
      return;
    }
    const isAsset = pathname.startsWith('/assets/');
    const file = fileOf(pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    const entry = file ? await load(file) : null;
    if (entry) {
      const isIndex = file.endsWith(`${sep}index.html`);
      send(req, res, entry, isAsset && !isIndex ? LONG_CACHE : NO_CACHE, headers);
      return;
    }
    // A missing hashed asset is a stale page asking for an old build: a 404, never index.html.
    if (isAsset || !file) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end('未找到 / Not Found');
      return;
    }
    const index = await load(join(root, 'index.html'));
    if (!index) {
      res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end(`控制台尚未构建 / console not built: ${root}/index.html is missing`);
      return;
    }
    send(req, res, index, NO_CACHE, headers);
  };
}
