// `/api/<service>/<rest>` → `http://127.0.0.1:<port>/<rest>`: method, headers and body streamed
// both ways (long answers such as event streams pass through unbuffered).
import { Agent, request } from 'node:http';

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection; Node frames the body itself.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers) {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k) && !named.has(k)) out[k] = v;
  }
  return out;
}

/** JSON error in the services' shape ({ error: { code, message } }), Chinese first. */
export function jsonError(res, status, code, message, headers = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** How long a replica that refused a connection is passed over (passive health check). */
export const REPLICA_DOWN_MS = 5000;

/** Methods that may be sent again to another replica when the first refused the connection. */
const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Round robin over a service's replicas, skipping those that refused a connection in the last
 * REPLICA_DOWN_MS (all of them down: try them anyway, in turn).
 */
export function replicaPicker(ports, now = Date.now) {
  const list = Array.isArray(ports) ? ports : [ports];
  const downUntil = new Map();
  let next = 0;
  return {
    /** The replicas in the order to try them for one request. */
    order() {
      const start = next++ % list.length;
      const rotated = [...list.slice(start), ...list.slice(0, start)];
      const t = now();
      const up = rotated.filter((p) => (downUntil.get(p) ?? 0) <= t);
      return up.length > 0 ? up : rotated;
    },
    markDown(port) {
      downUntil.set(port, now() + REPLICA_DOWN_MS);
    },
  };
}

/**
 * A proxy to the loopback backends `{ name: port | port[] }` (several ports: replicas, balanced
 * round robin). `handle(req, res, url, headers)` answers false when the path is not under /api/.
 */
export function apiProxy(backends, { now = Date.now } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const names = Object.keys(backends);
  const pickers = new Map(names.map((n) => [n, replicaPicker(backends[n], now)]));

  function handle(req, res, url, headers) {
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
    const match = /^\/api\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const service = match?.[1];
    const picker = service && Object.hasOwn(backends, service) ? pickers.get(service) : undefined;
    // Metrics are for Prometheus on the service's own port, not for the browser's origin.
    const internal = /^\/metrics(\/|$)/.test(match?.[2] ?? '');
    if (!picker || internal) {
      jsonError(
        res,
        404,
        'API_NOT_FOUND',
        `接口不存在 / unknown API (services: ${names.join(', ')})`,
        headers,
      );
      return true;
    }
    const path = `${match[2] ?? '/'}${url.search}`;
    const incoming = endToEnd(req.headers);
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const replicas = picker.order();
    // A request without a body may go to the next replica when one refuses the connection; a
    // body is streamed to the first one only (the client retries with its Idempotency-Key).
    const retryable = RETRYABLE.has(req.method ?? '') && !req.headers['content-length'];
    let upstream;
    const send = (attempt) => {
      const port = replicas[attempt];
      upstream = request(
        {
          host: '127.0.0.1',
          port,
          method: req.method,
          path,
          agent,
          headers: {
            ...incoming,
            'x-forwarded-for': forwardedFor,
            'x-forwarded-proto': 'http',
            'x-forwarded-host': req.headers.host ?? '',
            'x-forwarded-prefix': `/api/${service}`,
          },
        },
        (answer) => {
          const out = endToEnd(answer.headers);
          // The backend's own headers win (e.g. its API docs page sets its own CSP).
          for (const [k, v] of Object.entries(headers)) if (!(k in out)) out[k] = v;
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
          answer.pipe(res);
          answer.on('error', () => res.destroy());
        },
      );
      upstream.on('error', (err) => {
        if (err.code === 'ECONNREFUSED') picker.markDown(port);
        if (err.code === 'ECONNREFUSED' && retryable && attempt + 1 < replicas.length) {
          send(attempt + 1);
          return;
        }
        const down = ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(err.code);
        jsonError(
          res,
          502,
          'BACKEND_UNAVAILABLE',
          down
            ? `服务 ${service} 暂时不可用，请稍后重试 / service ${service} is unavailable`
            : `转发到服务 ${service} 失败 / proxy error (${err.code ?? err.message})`,
          headers,
        );
      });
      if (retryable) upstream.end();
      else req.pipe(upstream);
    };
    send(0);
    // The browser went away: stop the backend request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    return true;
  }

  return { handle, close: () => agent.destroy() };
}
