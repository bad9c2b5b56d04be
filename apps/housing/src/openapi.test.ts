import { join } from 'node:path';
import { hardshipRecordRoutes } from '@jh/department-kit';
import { documentedRoutes, routesOfHttpModules } from '@jh/platform-http';
import { department } from './department';
import { openApiDocument } from './openapi';

describe('housing OpenAPI document', () => {
  it('names exactly the routes the service mounts: the kit worklist and its own', () => {
    const kit = join(__dirname, '../../../libs/department-kit/src');
    const mounted = routesOfHttpModules(kit, __dirname);
    expect(mounted).toContain('POST /parts/:id/report');
    // Housing has no signal feed (no signalKind): the kit does not mount its routes here.
    expect(department.signalKind).toBeUndefined();
    const feed = hardshipRecordRoutes(department, 'medical_expense').map(
      (r) => `${r.method.toUpperCase()} ${r.path}`,
    );
    expect(mounted).toEqual(expect.arrayContaining(feed));
    expect(documentedRoutes(openApiDocument())).toEqual(mounted.filter((r) => !feed.includes(r)));
  });
});
