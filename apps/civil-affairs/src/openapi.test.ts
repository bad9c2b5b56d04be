import { documentedRoutes, routesOfHttpModules } from '@jh/platform-http';
import { openApiDocument } from './openapi';

describe('civil-affairs OpenAPI document', () => {
  it('names exactly the routes the service mounts (no route missing, none invented)', () => {
    const mounted = routesOfHttpModules(__dirname);
    expect(mounted).toContain('GET /coordination/bulletin');
    expect(documentedRoutes(openApiDocument())).toEqual(mounted);
  });
});
