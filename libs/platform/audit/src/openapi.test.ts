import { describedRoutes, documentedRoutes, standIn } from '@jh/platform-http';
import { auditRoutes } from './http';
import { auditRouteDocs, withAuditRoutes } from './openapi';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** `METHOD /path` of every route the audit router registers (stand-in dependencies, no I/O). */
function mounted(): string[] {
  const router = auditRoutes({
    trail: standIn(),
    personIndex: standIn(),
    requireAuditor: standIn(),
  }) as unknown as { stack: Layer[] };
  return router.stack
    .flatMap((l) =>
      l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`) : [],
    )
    .sort();
}

// R-OV-1: the audit routes every service mounts are described once, and exactly.
describe('the audit routes in every OpenAPI document', () => {
  it('describe exactly the routes auditRoutes mounts (no route missing, none invented)', () => {
    expect(mounted()).toContain('GET /audit/chain/verify');
    expect(describedRoutes(auditRouteDocs)).toEqual(mounted());
  });

  it('are added to a service document, merged and sorted, without losing its own routes', () => {
    const own = {
      openapi: '3.1.0',
      tags: [{ name: '示例' }],
      paths: { '/zeta': { get: { summary: 'z' } }, '/alpha': { post: { summary: 'a' } } },
    };
    const doc = withAuditRoutes(own) as { paths: object; tags: { name: string }[] };
    expect(documentedRoutes(doc)).toEqual(
      ['GET /zeta', 'POST /alpha', ...describedRoutes(auditRouteDocs)].sort(),
    );
    expect(Object.keys(doc.paths)).toEqual([...Object.keys(doc.paths)].sort());
    expect(doc.tags.map((t) => t.name)).toEqual(['审计监督', '示例']);
    expect(() => withAuditRoutes(doc)).toThrow(/described twice/);
  });

  it('never offer the ID number as a URL parameter (it goes in a POST body only)', () => {
    const doc = withAuditRoutes({ paths: {} }) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    for (const path of ['/audit/records', '/audit/records.csv']) {
      const names = (doc.paths[path]!['get']!.parameters ?? []).map((p) => p.name);
      expect(names).toContain('objectId');
      expect(names).not.toContain('idNumber');
    }
  });
});
