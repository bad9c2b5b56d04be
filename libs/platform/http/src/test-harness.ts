import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { requireAuth, requireRole, type Actor, type TokenVerifier } from '@jh/platform-auth';
import { notFound, unauthenticated } from '@jh/platform-errors';
import { createLogger } from '@jh/platform-logger';
import { createHttpApp, finish, listen, type HttpAppOptions } from './app';

/** Test-only helpers for the access guard's HTTP tests (not exported from the lib). */
export function fakeClock(start = Date.parse('2026-03-02T08:00:00.000Z')) {
  const clock = { t: start, now: () => clock.t, advance: (ms: number) => (clock.t += ms) };
  return clock;
}

export const clerk: Actor = {
  userId: 'f3b0c1d2-0000-4000-8000-000000000001',
  roles: ['window_clerk'],
  regionCode: '330106001',
};

/** A stub verifier: the throttle is under test here, not token verification. */
const stubVerifier: TokenVerifier = {
  async verify(token) {
    if (token === 'good') return clerk;
    throw unauthenticated('令牌无效');
  },
};

const CALLBACK_TOKEN = 'callback-token-0123456789';

export interface GuardedApp {
  base: string;
  lines: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A real app from createHttpApp with the kinds of routes the services mount, on an ephemeral port. */
export async function startGuardedApp(
  options: Omit<HttpAppOptions, 'logger'> = {},
): Promise<GuardedApp> {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  const app: Express = createHttpApp({
    logger: createLogger({ name: 'test', level: 'warn', destination }),
    ...options,
  });
  const auth = requireAuth(stubVerifier);
  app.get('/things/:id', auth, (req, res) => {
    res.json({ id: req.params['id'] });
  });
  app.get('/staff-only', auth, requireRole('approver'), (_req, res) => {
    res.json({ ok: true });
  });
  // Guarded by prefix (as payment's /orders): refused before any route is matched.
  app.use('/orders', auth);
  app.get('/orders/:id', (_req, res) => {
    res.json({ ok: true });
  });
  // Out of the caller's scope: 404 so its existence is not revealed, but recorded as denied.
  // What the access guard throws for a record outside the caller's scope: a plain 404, marked.
  app.get('/scoped/:id', auth, (_req, _res, next) => {
    const hidden = notFound('APPLICATION_NOT_FOUND', '申请不存在');
    hidden.deniedReason = 'OUT_OF_SCOPE';
    next(hidden);
  });
  // A shared-token check like the card-platform callback: a wrong token answers 401.
  app.post('/callbacks', (req, res, next) => {
    if (req.header('authorization') !== `Bearer ${CALLBACK_TOKEN}`)
      return next(unauthenticated('回调令牌无效'));
    res.json({ accepted: true });
  });
  finish(app);
  const server = await listen(app, 0);
  return { base: `http://127.0.0.1:${server.port}`, lines, close: server.close };
}

/** GET with a bearer token from a source (X-Forwarded-For, honoured only with trustProxy). */
export const getAs = (base: string, path: string, token: string, source?: string) => {
  const r = request(base).get(path).set('authorization', `Bearer ${token}`);
  return source ? r.set('x-forwarded-for', source) : r;
};

export const callback = (base: string, token: string, source: string) =>
  request(base)
    .post('/callbacks')
    .set('authorization', `Bearer ${token}`)
    .set('x-forwarded-for', source)
    .send({ idempotencyKey: 'k-1' });

export { CALLBACK_TOKEN };
