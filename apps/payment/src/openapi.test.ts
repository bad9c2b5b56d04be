import { documentedRoutes, routesOfHttpModules } from '@jh/platform-http';
import { openApiDocument } from './openapi';

describe('payment OpenAPI document', () => {
  it('names exactly the routes the service mounts (no route missing, none invented)', () => {
    const mounted = routesOfHttpModules(__dirname);
    expect(mounted).toContain('POST /orders/:id/resend');
    expect(documentedRoutes(openApiDocument())).toEqual(mounted);
  });
});
