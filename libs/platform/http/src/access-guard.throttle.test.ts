import request from 'supertest';
import { FailureThrottle } from './failure-throttle';
import {
  CALLBACK_TOKEN,
  callback,
  fakeClock,
  getAs,
  startGuardedApp,
  type GuardedApp,
} from './test-harness';

const attacker = '203.0.113.7';
const other = '198.51.100.9';

describe('throttling repeated authentication failures (issue 13)', () => {
  let running: GuardedApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('answers 429 + Retry-After after the threshold of a 300-request burst; honest sources are unaffected', async () => {
    const clock = fakeClock();
    // Defaults: 20 failures per 60 s, then 60 s blocked.
    running = await startGuardedApp({ clock, trustProxy: 'loopback' });
    const { base } = running;
    const statuses: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      const r = await getAs(base, '/things/a-1', `forged-${i}`, attacker);
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.headers['retry-after']).toBe('60');
        expect(r.body.error).toMatchObject({ code: 'TOO_MANY_FAILURES' });
        expect(r.body.error.message).toBe('认证失败次数过多，请在 60 秒后重试');
        expect(r.body.error.requestId).toEqual(expect.any(String));
      }
      if (i % 25 === 0) {
        // Another source with a valid token is served all along.
        await getAs(base, '/things/a-1', 'good', other).expect(200, { id: 'a-1' });
        // A blocked source is blocked for everything, a valid token included.
        await getAs(base, '/things/a-1', 'good', attacker).expect(i < 20 ? 200 : 429);
        // Probes are never throttled.
        await request(base).get('/health').set('x-forwarded-for', attacker).expect(200);
        await request(base).get('/ready').set('x-forwarded-for', attacker).expect(200);
      }
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(280).fill(429));

    clock.advance(59_000);
    const late = await getAs(base, '/things/a-1', 'good', attacker).expect(429);
    expect(late.headers['retry-after']).toBe('1');
    clock.advance(1_000);
    await getAs(base, '/things/a-1', 'good', attacker).expect(200);
    // Counting starts afresh: a single failure is a plain 401 again.
    await getAs(base, '/things/a-1', 'forged', attacker).expect(401);
  });

  it('throttles card-platform style callback-token guesses, and lets the right token through after the block', async () => {
    const clock = fakeClock();
    running = await startGuardedApp({
      clock,
      trustProxy: 'loopback',
      failureThrottle: { maxFailures: 5, blockMs: 30_000 },
    });
    const { base } = running;
    for (let i = 0; i < 5; i += 1) await callback(base, `guess-${i}`, attacker).expect(401);
    const blocked = await callback(base, CALLBACK_TOKEN, attacker).expect(429);
    expect(blocked.headers['retry-after']).toBe('30');
    await callback(base, CALLBACK_TOKEN, other).expect(200);
    clock.advance(30_000);
    await callback(base, CALLBACK_TOKEN, attacker).expect(200, { accepted: true });
  });

  it('never counts honest traffic: successes, 403, 404 and 400 answers do not slow a source', async () => {
    const clock = fakeClock();
    const throttle = new FailureThrottle({ maxFailures: 3, clock });
    running = await startGuardedApp({ clock, failureThrottle: throttle });
    const { base } = running;
    for (let i = 0; i < 30; i += 1) {
      await getAs(base, `/things/t-${i}`, 'good').expect(200);
      await getAs(base, '/staff-only', 'good').expect(403);
      await getAs(base, `/nowhere/${i}`, 'good').expect(404);
      await request(base)
        .post('/callbacks')
        .set('content-type', 'application/json')
        .send('{"bad":')
        .expect(400);
    }
    expect(throttle.size).toBe(0);
  });

  it('ignores X-Forwarded-For unless a proxy is trusted, so a client cannot pick a fresh source', async () => {
    running = await startGuardedApp({ clock: fakeClock(), failureThrottle: { maxFailures: 3 } });
    const { base } = running;
    for (let i = 0; i < 3; i += 1) await getAs(base, '/things/a', 'x', `10.0.0.${i}`).expect(401);
    await getAs(base, '/things/a', 'good', '10.9.9.9').expect(429);
  });

  it('can be turned off', async () => {
    running = await startGuardedApp({ clock: fakeClock(), failureThrottle: false });
    const { base } = running;
    for (let i = 0; i < 30; i += 1) await getAs(base, '/things/a', 'x').expect(401);
    await getAs(base, '/things/a', 'good').expect(200);
  });
});
