import { join } from 'node:path';
import { documentedRoutes, routesOfHttpModules } from '@jh/platform-http';
import { openApiDocument } from './openapi';

describe('employment OpenAPI document', () => {
  it('names exactly the routes the service mounts: the kit worklist and its own', () => {
    const kit = join(__dirname, '../../../libs/department-kit/src');
    const mounted = routesOfHttpModules(kit, __dirname);
    expect(mounted).toContain('POST /parts/:id/report');
    expect(documentedRoutes(openApiDocument())).toEqual(mounted);
  });
});
