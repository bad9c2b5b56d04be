import express, { type Express } from 'express';

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** `METHOD /path` of every route registered directly on an express app, sorted. */
export function mountedRoutes(app: Express): string[] {
  const stack = ((app as unknown as { router?: { stack: Layer[] } }).router?.stack ??
    []) as Layer[];
  return stack
    .flatMap((layer) => {
      const route = layer.route;
      if (!route || typeof route.path !== 'string') return [];
      const path = route.path;
      return Object.keys(route.methods)
        .filter((m) => route.methods[m] && m !== '_all')
        .map((m) => `${m.toUpperCase()} ${path}`);
    })
    .sort();
}

/**
 * A stand-in for any dependency of a route-mounting function: every property and call answers
 * another stand-in. Mounting only registers closures, so the routes can be listed without I/O.
 */
export function standIn(): never {
  const target = function standInFn() {
    return undefined;
  };
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) =>
      key === Symbol.toPrimitive ? () => 'stand-in' : key === 'then' ? undefined : proxy,
    apply: () => proxy,
  });
  return proxy as never;
}

/**
 * The routes a mounting function registers (`mountXRoutes(app, …deps)`), each dependency a
 * stand-in: what a drift test compares with the service's OpenAPI document.
 */
export function routesMountedBy(mount: (app: Express, ...deps: never[]) => unknown): string[] {
  const app = express();
  // More stand-ins than any mount function takes: defaulted parameters do not count in `length`.
  const deps = Array.from({ length: 8 }, standIn);
  mount(app, ...deps);
  return mountedRoutes(app);
}
