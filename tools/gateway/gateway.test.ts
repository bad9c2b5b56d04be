import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The console gateway (gateway.mjs) as `npm start` runs it: its own process, real sockets. The
// backends are plain HTTP servers of this test that report what reached them.
jest.setTimeout(30000);

const AUTHORITY = 'http://127.0.0.1:18080/realms/jh';
const TRACE_URL = 'http://127.0.0.1:16686/trace/{traceId}';
const ASSET = `console.log(${JSON.stringify('控制台'.repeat(400))});\n`;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const seen: Seen[] = [];
let releaseStream: () => void = () => undefined;
let backend: Server;
let second: Server;
let downPort: number;
let gateway: ChildProcess;
let base: string;
let staticDir: string;

const listen = (server: Server) =>
  new Promise<number>((res) =>
    server.listen(0, '127.0.0.1', () => res((server.address() as AddressInfo).port)),
  );

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'jh-gateway-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html lang="zh-CN">控制台</html>');
  writeFileSync(join(staticDir, 'assets', 'index-abc123.js'), ASSET);
  writeFileSync(join(tmpdir(), 'jh-gateway-outside.txt'), 'secret');

  backend = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/events') {
        // Holds the answer open until the test has read the first event through the gateway.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        releaseStream = () => res.end('data: last\n\n');
        return;
      }
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
        'x-backend': 'echo',
      });
      res.end(JSON.stringify({ method: req.method, url: req.url, body }));
    });
  });
  const echoPort = await listen(backend);
  second = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': 'second' });
      res.end(JSON.stringify({ method: req.method, url: req.url }));
    });
  });
  const secondPort = await listen(second);
  const probe = createServer();
  downPort = await listen(probe);
  await new Promise((r) => probe.close(r));

  gateway = spawn(
    process.execPath,
    [
      join(__dirname, 'gateway.mjs'),
      '--port',
      '0',
      '--static',
      staticDir,
      '--backend',
      `echo=${echoPort}`,
      '--backend',
      `down=${downPort}`,
      '--backend',
      `pair=${echoPort},${secondPort}`,
      '--backend',
      `halfdown=${downPort},${secondPort}`,
      '--authority',
      AUTHORITY,
      '--trace-url',
      TRACE_URL,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  base = await new Promise<string>((res, rej) => {
    let out = '';
    gateway.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m?.[1]) res(m[1]);
    });
    gateway.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    gateway.once('exit', (code) => rej(new Error(`gateway exited ${code}: ${out}`)));
  });
});

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((r) => gateway.once('exit', r));
    gateway.kill('SIGTERM');
    await exited;
  }
  await new Promise((r) => backend?.close(r));
  await new Promise((r) => second?.close(r));
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'jh-gateway-outside.txt'), { force: true });
});

function expectSecurityHeaders(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self' http://127.0.0.1:18080");
  expect(csp).toContain("frame-src 'self' http://127.0.0.1:18080");
  expect(csp).toContain("form-action 'self' http://127.0.0.1:18080");
  expect(csp).toContain("frame-ancestors 'self'");
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('proxy /api/<service>/<rest>', () => {
  it('strips the prefix and keeps the query, headers and answer', async () => {
    const res = await fetch(`${base}/api/echo/applications/a1?status=open&page=2`, {
      headers: { authorization: 'Bearer t0ken' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-backend')).toBe('echo');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toMatchObject({ url: '/applications/a1?status=open&page=2' });
    const got = seen.at(-1);
    expect(got?.headers['authorization']).toBe('Bearer t0ken');
    expect(got?.headers['x-forwarded-prefix']).toBe('/api/echo');
  });

  it('streams a POST body to the backend unchanged', async () => {
    const payload = JSON.stringify({ applicant: { name: '张三' }, items: ['dibao'] });
    const res = await fetch(`${base}/api/echo/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    expect(res.status).toBe(201);
    const got = seen.at(-1);
    expect(got).toMatchObject({ method: 'POST', url: '/applications', body: payload });
    expect(got?.headers['content-type']).toBe('application/json');
  });

  it('maps /api/<service> without a rest to the backend root', async () => {
    const res = await fetch(`${base}/api/echo`);
    expect(await res.json()).toMatchObject({ url: '/' });
  });

  it('passes an event stream through before the backend has finished', async () => {
    const res = await fetch(`${base}/api/echo/events`);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('data: first');
    releaseStream();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      rest += new TextDecoder().decode(r.value);
    }
    expect(rest).toContain('data: last');
  });

  it('answers 502 with a Chinese JSON error when the backend is down', async () => {
    const res = await fetch(`${base}/api/down/applications`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BACKEND_UNAVAILABLE');
    expect(body.error.message).toMatch(/暂时不可用/);
  });

  it.each(['/api/nope/x', '/api/', '/api'])('answers 404 JSON for unknown API %s', async (path) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('API_NOT_FOUND');
  });

  it.each(['/api/echo/metrics', '/api/echo/metrics/x'])(
    'does not forward %s: metrics are read by Prometheus on the service port',
    async (path) => {
      const before = seen.length;
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('API_NOT_FOUND');
      expect(seen.length).toBe(before);
    },
  );
});

// Issue 18: `npm start -- --replicas 2` puts two ports behind one service name.
describe('replicas behind one service', () => {
  it('balances requests round robin over the replicas', async () => {
    const answered: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/api/pair/cases?i=${i}`);
      expect(res.status).toBe(200);
      answered.push(res.headers.get('x-backend') ?? '');
    }
    expect(answered.filter((b) => b === 'echo')).toHaveLength(2);
    expect(answered.filter((b) => b === 'second')).toHaveLength(2);
  });

  it('sends a read to the next replica when one refuses the connection, and passes the dead one over for writes too', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/api/halfdown/cases`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-backend')).toBe('second');
    }
    // The dead replica is passed over for a while: writes now reach the live one.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/halfdown/applications`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-backend')).toBe('second');
    }
  });
});

describe('console files', () => {
  it('serves index.html for app routes (SPA fallback), not cached, with the security headers', async () => {
    for (const path of ['/', '/clerk/applications/new', '/coordinator/sla?week=2026-W48']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('lang="zh-CN"');
      expectSecurityHeaders(res);
    }
  });

  it('caches hashed assets for a year and gzips them', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toBe(ASSET);
  });

  it('revalidates with the ETag', async () => {
    const first = await fetch(`${base}/index.html`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await fetch(`${base}/index.html`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for a missing asset instead of index.html', async () => {
    const res = await fetch(`${base}/assets/index-old999.js`);
    expect(res.status).toBe(404);
  });

  it('never serves a file outside the build folder', async () => {
    // Raw paths: fetch would resolve the dot segments before sending.
    for (const path of ['/../jh-gateway-outside.txt', '/..%2fjh-gateway-outside.txt']) {
      const body = await new Promise<string>((res, rej) => {
        get(`${base}${path}`, (answer) => {
          let text = '';
          answer.on('data', (d: Buffer) => (text += d.toString()));
          answer.on('end', () => res(text));
        }).on('error', rej);
      });
      expect(body).not.toContain('secret');
    }
  });

  it('refuses writes to static paths', async () => {
    const res = await fetch(`${base}/index.html`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
  });
});

describe('/console-config.json', () => {
  it('names the OIDC authority, the console client, the environment and the trace viewer', async () => {
    const res = await fetch(`${base}/console-config.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({
      oidc: { authority: AUTHORITY, clientId: 'console' },
      environment: 'development',
      tracing: { traceUrl: TRACE_URL },
    });
  });
});
