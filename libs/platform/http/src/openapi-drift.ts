import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routesMountedBy } from './openapi-routes';

const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** `METHOD /express/path` of every operation an OpenAPI document names, sorted. */
export function documentedRoutes(document: object): string[] {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return Object.entries(paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => methods.has(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(test|spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

const registersRoute = /\bapp\.(get|post|put|patch|delete)\(/;

/**
 * Source files that register a route but are not a `*.http.ts` file: their routes could not be
 * found by `routesOfHttpModules`, so a drift test must refuse them.
 */
export function routesOutsideHttpFiles(...dirs: string[]): string[] {
  return dirs
    .flatMap(sourceFiles)
    .filter((file) => !file.endsWith('.http.ts'))
    .filter((file) => registersRoute.test(readFileSync(file, 'utf8')))
    .sort();
}

/**
 * The routes registered by every `mount…` function exported from the `*.http.ts` files under the
 * given source folders (ADR 0012: a feature's routes live there), each called with stand-ins.
 * A new route file or a new route is found without anyone listing it: what drift tests compare.
 */
export function routesOfHttpModules(...dirs: string[]): string[] {
  const outside = routesOutsideHttpFiles(...dirs);
  if (outside.length > 0) {
    throw new Error(
      `路由须写在 *.http.ts 的 mount…Routes 函数中，OpenAPI 漂移检查才能找到 / routes registered ` +
        `outside a *.http.ts file (ADR 0012, 0020): ${outside.join(', ')}`,
    );
  }
  // A set: a mount function that another one also calls (a split route file) counts once.
  const found = new Set<string>();
  const files = dirs.flatMap(sourceFiles).filter((file) => file.endsWith('.http.ts'));
  for (const file of files.sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- test-time discovery
    const mod = require(file) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function' && /^mount[A-Z]\w*$/.test(name)) {
        for (const route of routesMountedBy(value as Parameters<typeof routesMountedBy>[0])) {
          found.add(route);
        }
      }
    }
  }
  return [...found].sort();
}
