#!/usr/bin/env node
// The console's one origin, locally and in `npm start` (docker-compose uses apps/console/nginx.conf):
//   /                      the built console (dist/apps/console), index.html for every app route
//   /api/<service>/<rest>  → http://127.0.0.1:<port>/<rest>, so tokens never go to another origin
//   /console-config.json   the runtime settings the console reads (OIDC authority, environment,
//                          optionally the trace viewer URL)
// Plain node:http, no dependency.
//
//   node tools/gateway/gateway.mjs [--port 3000] [--host 127.0.0.1] [--static dist/apps/console]
//                                  [--backend intake=3001[,3101 …] …] [--authority <issuer>] [--production]
//                                  [--trace-url 'http://127.0.0.1:16686/trace/{traceId}']
//   import { startGateway } from './tools/gateway/gateway.mjs'
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { apiProxy, jsonError } from './proxy.mjs';
import { staticFiles } from './static.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The services' HTTP ports of `npm start` and docker-compose.yml. */
export const DEFAULT_BACKENDS = {
  intake: 3001,
  'civil-affairs': 3002,
  education: 3003,
  housing: 3004,
  medical: 3005,
  employment: 3006,
  payment: 3007,
};

/** The local Keycloak realm of tools/local-infra. */
export const defaultAuthority = () =>
  process.env.CONSOLE_OIDC_AUTHORITY ??
  `http://127.0.0.1:${process.env.JH_KEYCLOAK_PORT ?? '18080'}/realms/jh`;

/**
 * Headers of every answer. Keycloak's origin is allowed for the token calls (connect-src), the
 * silent-renew / session iframes (frame-src) and the sign-in form post (form-action); the console
 * itself may be framed only by itself (its silent-renew callback page).
 */
export function securityHeaders(authority) {
  const idp = new URL(authority).origin;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // antd's CSS-in-JS writes <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${idp}`,
    `frame-src 'self' ${idp}`,
    `form-action 'self' ${idp}`,
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}

/**
 * Starts the gateway. `backends` maps a service name to its loopback HTTP port (or its replicas'
 * ports, balanced round robin with failover, see proxy.mjs); `traceUrl` (with
 * `{traceId}`) is where the console links a trace id, when a trace viewer runs.
 * Resolves with { url, port, close() } once listening (port 0 picks a free one).
 */
export async function startGateway({
  port = 3000,
  host = '127.0.0.1',
  staticDir = resolve(repoRoot, 'dist/apps/console'),
  backends = DEFAULT_BACKENDS,
  oidcAuthority = defaultAuthority(),
  clientId = 'console',
  traceUrl = process.env.CONSOLE_TRACE_URL,
  environment = process.env.NODE_ENV === 'production' ? 'production' : 'development',
} = {}) {
  if (environment !== 'development' && environment !== 'production') {
    throw new Error(`environment must be development or production, got ${environment}`);
  }
  const headers = securityHeaders(oidcAuthority);
  const config = JSON.stringify({
    oidc: { authority: oidcAuthority, clientId },
    environment,
    ...(traceUrl ? { tracing: { traceUrl } } : {}),
  });
  const proxy = apiProxy(backends);
  const serveStatic = staticFiles(staticDir);

  const server = createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://gateway.invalid');
    } catch {
      jsonError(res, 400, 'BAD_REQUEST', '请求地址无效 / bad request', headers);
      return;
    }
    if (proxy.handle(req, res, url, headers)) return;
    if (url.pathname === '/console-config.json') {
      res.writeHead(200, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-cache',
        'content-length': Buffer.byteLength(config),
      });
      res.end(req.method === 'HEAD' ? undefined : config);
      return;
    }
    serveStatic(req, res, url.pathname, headers).catch((err) => {
      jsonError(res, 500, 'GATEWAY_ERROR', `网关内部错误 / gateway error: ${err.message}`, headers);
    });
  });
  // Event streams stay open as long as the browser wants; only idle keep-alive sockets time out.
  server.requestTimeout = 0;

  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const bound = server.address().port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    close: () =>
      new Promise((resolvePromise) => {
        proxy.close();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

function parseArgs(argv) {
  const opts = { backends: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') opts.port = Number(next());
    else if (a === '--host') opts.host = next();
    else if (a === '--static') opts.staticDir = resolve(next());
    else if (a === '--authority') opts.oidcAuthority = next();
    else if (a === '--production') opts.environment = 'production';
    else if (a === '--trace-url') opts.traceUrl = next();
    else if (a === '--backend') {
      const [name, p] = next().split('=');
      if (!name || !/^\d+(,\d+)*$/.test(p ?? ''))
        throw new Error(`--backend expects name=port[,port…], got ${name}`);
      const ports = p.split(',').map(Number);
      opts.backends[name] = ports.length === 1 ? ports[0] : ports;
    } else throw new Error(`未知参数 / unknown argument: ${a}`);
  }
  if (Object.keys(opts.backends).length === 0) delete opts.backends;
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const gateway = await startGateway({
      port: Number(process.env.CONSOLE_PORT ?? 3000),
      ...parseArgs(process.argv.slice(2)),
    });
    console.log(`控制台网关 / console gateway ${gateway.url}/`);
    const stop = () => gateway.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    console.error(`网关启动失败 / gateway failed to start: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
