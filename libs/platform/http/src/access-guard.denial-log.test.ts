import request from 'supertest';
import { clerk, fakeClock, getAs, startGuardedApp, type GuardedApp } from './test-harness';

/** What pino adds to every line; the rest must be exactly the denial's fields. */
const pinoFields = ['hostname', 'level', 'msg', 'name', 'pid', 'time'];
const denialFields = [
  'at',
  'event',
  'method',
  'reason',
  'requestId',
  'roles',
  'route',
  'source',
  'status',
  'userId',
];

describe('denied attempts are recorded without personal data (issue 13)', () => {
  let running: GuardedApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('writes one warn line per 401, 403, 429 and scope-marked 404, with who, what, when, from where', async () => {
    const clock = fakeClock();
    running = await startGuardedApp({ clock, failureThrottle: { maxFailures: 2 } });
    const { base, lines } = running;
    const idNumber = '33010619800101002X';
    const phone = '13800138000';
    // Served and plain not-found answers are not denials.
    await getAs(base, '/things/a-1', 'good').expect(200);
    await getAs(base, '/nowhere', 'good').expect(404);
    expect(lines).toEqual([]);

    await getAs(base, `/things/${idNumber}?phone=${phone}`, 'eyJforged.token.sig')
      .set('x-request-id', 'req-401')
      .expect(401);
    await getAs(base, '/staff-only?name=张三', 'good').set('x-request-id', 'req-403').expect(403);
    await getAs(base, `/scoped/${idNumber}`, 'good').set('x-request-id', 'req-404').expect(404);
    // Refused by a prefix guard, before its route is matched: the route is still named.
    await getAs(base, `/orders/${phone}`, 'bad').set('x-request-id', 'req-401b').expect(401);
    await getAs(base, '/things/a-1', 'good').set('x-request-id', 'req-429').expect(429);

    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual([...denialFields, ...pinoFields].sort());
      expect(line).toMatchObject({ level: 'warn', event: 'access.denied', msg: 'access denied' });
      expect(line['at']).toBe('2026-03-02T08:00:00.000Z');
      expect(line['source']).toMatch(/127\.0\.0\.1$/);
    }
    const who = ({
      status,
      reason,
      method,
      route,
      requestId,
      userId,
      roles,
    }: Record<string, unknown>) => ({ status, reason, method, route, requestId, userId, roles });
    const anonymous = { method: 'GET', userId: null, roles: [] };
    const signedIn = { method: 'GET', userId: clerk.userId, roles: clerk.roles };
    expect(lines.map(who)).toEqual([
      {
        status: 401,
        reason: 'AUTH_REQUIRED',
        route: '/things/:id',
        requestId: 'req-401',
        ...anonymous,
      },
      {
        status: 403,
        reason: 'ROLE_REQUIRED',
        route: '/staff-only',
        requestId: 'req-403',
        ...signedIn,
      },
      {
        status: 404,
        reason: 'OUT_OF_SCOPE',
        route: '/scoped/:id',
        requestId: 'req-404',
        ...signedIn,
      },
      {
        status: 401,
        reason: 'AUTH_REQUIRED',
        route: '/orders/:id',
        requestId: 'req-401b',
        ...anonymous,
      },
      {
        status: 429,
        reason: 'TOO_MANY_FAILURES',
        route: '/things/:id',
        requestId: 'req-429',
        ...anonymous,
      },
    ]);
    const text = JSON.stringify(lines);
    for (const secret of [idNumber, phone, '张三', 'eyJforged', 'good', '?']) {
      expect(text).not.toContain(secret);
    }
  });

  it('names a denied request that matches no route as unmatched, and never logs probes', async () => {
    running = await startGuardedApp({ clock: fakeClock() });
    const { base, lines } = running;
    await getAs(base, '/orders/a/b/c', 'bad').expect(401);
    await request(base).get('/health').expect(200);
    await request(base).get('/ready').expect(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ status: 401, route: '(unmatched)', reason: 'AUTH_REQUIRED' });
  });
});
