import request from 'supertest';
import { z } from 'zod';
import { createLogger } from '@jh/platform-logger';
import { createHttpApp, finish } from './app';
import { buildOpenApiDocument, openApiPath, type RouteDoc } from './openapi';
import { documentedRoutes } from './openapi-drift';
import { mountOpenApi } from './openapi-docs';
import { routesMountedBy } from './openapi-routes';

const body = z.object({ reason: z.string().min(1), note: z.string().default('') }).strict();
const query = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    flag: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();
const routes: RouteDoc[] = [
  { method: 'get', path: '/things', summary: '列表', tags: ['t'], query, roles: ['clerk'] },
  { method: 'post', path: '/things/:id/close', summary: '关闭', tags: ['t'], body, status: 201 },
  { method: 'post', path: '/hooks', summary: '回调', tags: ['h'], auth: false },
];
const info = { service: 'demo', title: '示例', version: '1' };
type Doc = { paths: Record<string, Record<string, Record<string, unknown>>> };

describe('OpenAPI document from route descriptions', () => {
  const doc = buildOpenApiDocument(info, routes) as unknown as Doc;

  it('converts express paths and lists path, query and body from the zod schemas', () => {
    expect(openApiPath('/a/:id/b/:partId')).toBe('/a/{id}/b/{partId}');
    const close = doc.paths['/things/{id}/close']!['post']!;
    expect(close['parameters']).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    const schema = (close['requestBody'] as { content: Record<string, { schema: object }> })
      .content['application/json']!.schema;
    // What a client sends: a defaulted field is optional, unknown fields are refused.
    expect(schema).toMatchObject({ required: ['reason'], additionalProperties: false });
    expect(Object.keys(close['responses'] as object)).toEqual(['201', '400', '401', '403', '404']);
    const list = doc.paths['/things']!['get']!;
    const params = list['parameters'] as { name: string; required: boolean }[];
    expect(params.map((p) => [p.name, p.required])).toEqual([
      ['page', false],
      ['flag', false],
    ]);
    expect(list['x-roles']).toEqual(['clerk']);
  });

  it('marks a route without a bearer token and refuses a route described twice', () => {
    expect(doc.paths['/hooks']!['post']!['security']).toEqual([]);
    expect(() => buildOpenApiDocument(info, [routes[0]!, routes[0]!])).toThrow(/twice/);
  });

  it('lists the routes a mount function registers, with stand-ins for its dependencies', () => {
    const mounted = routesMountedBy((app, deps: { ready: () => boolean }) => {
      app.get('/things', (_q, s) => void s.json(deps.ready()));
      app.post('/things/:id/close', (_q, s) => void s.end());
      app.post('/hooks', (_q, s) => void s.end());
    });
    expect(mounted).toEqual(documentedRoutes(doc));
    // Drift is visible: a route the document does not name.
    const more = routesMountedBy((app) => void app.delete('/things/:id', (_q, s) => void s.end()));
    expect(documentedRoutes(doc)).not.toEqual(expect.arrayContaining(more));
  });
});

describe('GET /openapi.json and /docs', () => {
  const logger = createLogger({ name: 'openapi-test', level: 'silent' });
  const appWith = (docs: boolean) => {
    const app = createHttpApp({ logger, failureThrottle: false });
    mountOpenApi(app, () => buildOpenApiDocument(info, routes), { docs });
    return finish(app);
  };

  it('serves the document without a token', async () => {
    const res = await request(appWith(false)).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/things/{id}/close');
  });

  it('serves swagger-ui from the installed package in development, nothing in production', async () => {
    const dev = appWith(true);
    await request(dev).get('/docs').expect(301).expect('location', 'docs/');
    const page = await request(dev).get('/docs/').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const init = await request(dev).get('/docs/init.js').expect(200);
    expect(init.text).toContain("'../openapi.json'");
    await request(dev).get('/docs/swagger-ui-bundle.js').expect(200);
    await request(appWith(false)).get('/docs/').expect(404);
  });
});
