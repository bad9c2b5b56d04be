import { documentedRoutes, routesOfHttpModules } from '@jh/platform-http';
import { openApiDocument } from './openapi';

describe('intake OpenAPI document', () => {
  it('names exactly the routes the service mounts (no route missing, none invented)', () => {
    const mounted = routesOfHttpModules(__dirname);
    expect(mounted.length).toBeGreaterThan(0);
    expect(documentedRoutes(openApiDocument())).toEqual(mounted);
  });

  it('describes the request body with the schema the handler parses', () => {
    const doc = openApiDocument() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const body = doc.paths['/applications']!['post']!.requestBody!.content['application/json'] as {
      schema: { required: string[]; additionalProperties: boolean };
    };
    expect(body.schema.required).toEqual(expect.arrayContaining(['applicant', 'items', 'channel']));
    expect(body.schema.additionalProperties).toBe(false);
  });
});
