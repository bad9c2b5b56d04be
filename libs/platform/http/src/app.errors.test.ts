import { MongoNetworkError } from 'mongodb';
import request from 'supertest';
import { z } from 'zod';
import { conflict } from '@jh/platform-errors';
import { createLogger } from '@jh/platform-logger';
import { createHttpApp, finish, handle } from './app';
import { parseBody } from './validation';

function app(readyOk = true) {
  const a = createHttpApp({
    logger: createLogger({ name: 'test' }),
    jsonLimit: '1kb',
    readiness: {
      mongo: async () => {
        if (!readyOk) throw new Error('connection refused');
      },
    },
  });
  const schema = z.object({ name: z.string().min(1), amountFen: z.number().int() }).strict();
  a.post(
    '/things',
    handle(async (req, res) => {
      res.status(201).json(parseBody(schema, req.body));
    }),
  );
  a.get(
    '/conflict',
    handle(async () => {
      throw conflict('IDEMPOTENCY_KEY_REUSED', '同一幂等键对应的请求内容不同');
    }),
  );
  a.get('/things/:id', (req, res) => {
    res.json({ id: req.params['id'] });
  });
  a.get('/boom', () => {
    throw new Error('secret internals');
  });
  a.get(
    '/db-down',
    handle(async () => {
      throw new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27027');
    }),
  );
  return finish(a);
}

describe('http app factory', () => {
  it('serves health and readiness', async () => {
    await request(app()).get('/health').expect(200, { status: 'ok' });
    await request(app()).get('/ready').expect(200);
    const notReady = await request(app(false)).get('/ready').expect(503);
    expect(notReady.body.checks.mongo).toBe('connection refused');
  });

  it('maps validation, operator keys, malformed and oversized bodies to clear 4xx errors', async () => {
    const bad = await request(app())
      .post('/things')
      .send({ name: '', amountFen: 1.5, extra: 1 })
      .expect(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'amountFen',
      'extra',
      'name',
    ]);
    const op = await request(app())
      .post('/things')
      .send({ name: { $gt: '' }, amountFen: 1 })
      .expect(400);
    expect(op.body.error.details).toEqual([
      { path: 'name.$gt', code: 'FORBIDDEN_KEY', message: '字段名不能以 $ 开头或包含点号' },
    ]);
    const malformed = await request(app())
      .post('/things')
      .set('content-type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const big = await request(app())
      .post('/things')
      .send({ name: 'x'.repeat(2000), amountFen: 1 })
      .expect(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('maps typed errors and hides internals, with a request id', async () => {
    const c = await request(app()).get('/conflict').set('x-request-id', 'req-123').expect(409);
    expect(c.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', requestId: 'req-123' });
    expect(c.headers['x-request-id']).toBe('req-123');
    const boom = await request(app()).get('/boom').expect(500);
    expect(boom.body.error.message).toBe('系统内部错误，请稍后重试');
    expect(JSON.stringify(boom.body)).not.toContain('secret internals');
    await request(app()).get('/nowhere').expect(404);
  });

  it('answers 503 DEPENDENCY_UNAVAILABLE with Retry-After while the database cannot be reached', async () => {
    const down = await request(app()).get('/db-down').expect(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body.error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: '数据库或消息服务暂时不可用，请稍后重试',
    });
    expect(JSON.stringify(down.body)).not.toContain('27027');
  });

  // Issue 18 (HTTP fuzz): a path parameter the router cannot decode was a 500 in every service.
  it('answers 400 MALFORMED_PATH for a path parameter that is not valid percent-encoded UTF-8', async () => {
    const bad = await request(app()).get('/things/%FF%FE').expect(400);
    expect(bad.body.error).toMatchObject({ code: 'MALFORMED_PATH' });
    expect(bad.body.error.details[0]).toMatchObject({ path: '(path)' });
  });
});
