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

/**
 * A proxy to the loopback backends `{ name: port }`. `handle(req, res, url, headers)` answers
 * false when the path is not under /api/.
 */
export function apiProxy(backends) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const names = Object.keys(backends);

  function handle(req, res, url, headers) {
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
    const match = /^\/api\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const service = match?.[1];
    const port = service && Object.hasOwn(backends, service) ? backends[service] : undefined;
    // Metrics are for Prometheus on the service's own port, not for the browser's origin.
    const internal = /^\/metrics(\/|$)/.test(match?.[2] ?? '');
    if (!port || internal) {
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
    const upstream = request(
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
    // The browser went away: stop the backend request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
    return true;
  }

  return { handle, close: () => agent.destroy() };
}
