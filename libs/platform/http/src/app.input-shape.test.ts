import request from 'supertest';
import { z } from 'zod';
import { createLogger } from '@jh/platform-logger';
import { createHttpApp, finish, handle } from './app';
import { inspectJson } from './json-shape';
import { parseQuery } from './query';
import { parseBody } from './validation';

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

function app(maxJsonDepth?: number) {
  const a = createHttpApp({ logger: createLogger({ name: 'test' }), maxJsonDepth });
  const body = z.object({ note: z.unknown() }).strict();
  const stored: unknown[] = [];
  a.post(
    '/notes',
    handle(async (req, res) => {
      stored.push(parseBody(body, req.body));
      res.status(201).json({ stored: stored.length });
    }),
  );
  // A route that reads another content type itself (a streamed text/csv import).
  a.post('/csv', (req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => res.status(201).json({ lines: text.trim().split('\n').length }));
  });
  const query = z.object({
    status: z.enum(['open', 'done']).optional(),
    ids: z.array(z.string()).optional(),
  });
  a.get(
    '/items',
    handle(async (req, res) => {
      res.json(parseQuery(query, req.query));
    }),
  );
  return { app: finish(a), stored };
}

describe('input shape: nesting, content type and query parameters', () => {
  it('input: JSON nested 10,000 deep answers 400 INPUT_TOO_DEEP, nothing stored', async () => {
    const { app: a, stored } = app();
    const res = await request(a)
      .post('/notes')
      .set('content-type', 'application/json')
      .send(`{"note":${nested(10_000)}}`)
      .expect(400);
    expect(res.body.error.code).toBe('INPUT_TOO_DEEP');
    expect(res.body.error.message).toContain('嵌套层级过深');
    expect(res.body.error.details).toEqual([
      { path: '(body)', code: 'INPUT_TOO_DEEP', message: '嵌套不能超过 32 层' },
    ]);
    expect(stored).toHaveLength(0);
  });

  it('input: the nesting limit is configuration; up to it a body is accepted', async () => {
    const { app: a } = app(5);
    await request(a)
      .post('/notes')
      .set('content-type', 'application/json')
      .send(`{"note":${nested(4)}}`)
      .expect(201);
    const deep = await request(a)
      .post('/notes')
      .set('content-type', 'application/json')
      .send(`{"note":${nested(5)}}`)
      .expect(400);
    expect(deep.body.error.code).toBe('INPUT_TOO_DEEP');
  });

  it('input: the operator-key check walks 200,000 levels without overflowing and in document order', () => {
    let deep: unknown = { $where: 1 };
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(inspectJson(deep).operatorPaths).toHaveLength(1);
    expect(inspectJson(deep, 10).tooDeep).toBe(true);
    expect(inspectJson({ a: [{ $gt: 1 }, { 'b.c': { $ne: 2 } }], $or: [] }).operatorPaths).toEqual([
      'a[0].$gt',
      'a[1].b.c',
      '$or',
    ]);
    expect(inspectJson([{ x: 1 }, 'text', null, { $x: 1 }], 2)).toEqual({
      tooDeep: false,
      operatorPaths: ['[3].$x'],
    });
  });

  it('input: a body that is not JSON answers 415 with a Chinese message, nothing stored', async () => {
    const { app: a, stored } = app();
    const res = await request(a)
      .post('/notes')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('note=1')
      .expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toContain('application/json');
    const plain = await request(a)
      .post('/notes')
      .set('content-type', 'text/plain')
      .send('{"note":1}');
    expect(plain.status).toBe(415);
    expect(stored).toHaveLength(0);
  });

  it('input: a route that streams another content type (text/csv) still reads it', async () => {
    const { app: a } = app();
    const res = await request(a)
      .post('/csv')
      .set('content-type', 'text/csv')
      .send('a,b\n1,2\n')
      .expect(201);
    expect(res.body).toEqual({ lines: 2 });
  });

  it('input: ?status[$ne]=x, unknown and repeated query parameters answer 400 with the parameter and a reason', async () => {
    const { app: a } = app();
    const op = await request(a).get('/items?status[$ne]=x').expect(400);
    expect(op.body.error.details).toEqual([
      { path: 'status[$ne]', code: 'FORBIDDEN_KEY', message: '查询参数名不能包含 $、点号或方括号' },
    ]);
    const unknown = await request(a).get('/items?colour=red').expect(400);
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'colour', code: 'UNKNOWN_FIELD' });
    const repeated = await request(a).get('/items?status=open&status=done').expect(400);
    expect(repeated.body.error.details[0]).toMatchObject({
      path: 'status',
      code: 'REPEATED_PARAMETER',
    });
    // Name and value problems come back together, each parameter once.
    const both = await request(a).get('/items?colour=red&status=closed').expect(400);
    expect(both.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'colour',
      'status',
    ]);
    const badValue = await request(a).get('/items?status=closed').expect(400);
    expect(badValue.body.error.details[0]).toMatchObject({ path: 'status' });
    // Declared arrays may repeat; a valid query passes through.
    await request(a)
      .get('/items?ids=a&ids=b&status=open')
      .expect(200, {
        ids: ['a', 'b'],
        status: 'open',
      });
    expect(parseQuery(z.object({}), undefined)).toEqual({});
  });
});
