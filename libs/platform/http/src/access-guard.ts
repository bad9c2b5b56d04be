import type { Express, Request, RequestHandler, Response } from 'express';
import { AppError } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { Clock, FailureThrottle } from './failure-throttle';

export const TOO_MANY_FAILURES = 'TOO_MANY_FAILURES';

const deniedKey = 'accessDenied';
const errorCodeKey = 'errorCode';

/**
 * Marks a response as a denied attempt whatever its status: the access policy answers 404 for an
 * object outside the caller's scope (its existence is not revealed) but still wants it recorded.
 */
export function markDenied(res: Response, reason: string): void {
  res.locals[deniedKey] = reason;
}

/** Remembers the error code the error mapper answered with, as the denial's reason. */
export function noteErrorCode(res: Response, code: string): void {
  res.locals[errorCodeKey] = code;
}

/** Statuses that are always a denied attempt. */
const deniedStatuses = new Set([401, 403, 429]);

export interface AccessGuardOptions {
  logger: Logger;
  /** Undefined: nothing is throttled, denials are still recorded. */
  throttle?: FailureThrottle;
  /** Time of the `at` field. */
  clock: Clock;
}

interface ActorLike {
  userId?: unknown;
  roles?: unknown;
}

/**
 * Refuses a blocked source with 429 before any route runs, counts each 401 it is answered as one
 * failure of its source, and writes one warn line per denied attempt: who, what, when, from where,
 * and nothing personal (no URL, query, body or token). Mount before the routes it guards.
 */
export function accessGuard(app: Express, options: AccessGuardOptions): RequestHandler {
  const { logger, throttle, clock } = options;
  return (req, res, next) => {
    const source = req.ip ?? 'unknown';
    res.once('finish', () => {
      const status = res.statusCode;
      // Only a refused credential counts: honest traffic (2xx, 403, 404, 409…) never slows down.
      if (status === 401) throttle?.recordFailure(source);
      const marked = res.locals[deniedKey] as string | undefined;
      if (!deniedStatuses.has(status) && marked === undefined) return;
      const actor = res.locals['actor'] as ActorLike | undefined;
      logger.warn(
        {
          event: 'access.denied',
          status,
          reason: marked ?? (res.locals[errorCodeKey] as string | undefined) ?? String(status),
          method: req.method,
          route: routePatternOf(app, req),
          userId: typeof actor?.userId === 'string' ? actor.userId : null,
          roles: Array.isArray(actor?.roles) ? actor.roles : [],
          source,
          requestId: (res.locals['requestId'] as string | undefined) ?? null,
          at: new Date(clock.now()).toISOString(),
        },
        'access denied',
      );
    });
    const retryAfter = throttle?.blocked(source);
    if (retryAfter === undefined) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(retryAfter));
    next(
      new AppError(
        'not_allowed',
        TOO_MANY_FAILURES,
        `认证失败次数过多，请在 ${retryAfter} 秒后重试`,
      ),
    );
  };
}

interface LayerLike {
  route?: { path?: unknown; methods?: Record<string, boolean | undefined> };
  match?: (path: string) => unknown;
}

/**
 * The route pattern (`/applications/:id`) a request was, or would have been, served by; never the
 * raw path. A request refused before its route (a guard mounted with `app.use`, or a 429) is
 * matched against the app's routes; one that matches none is `(unmatched)`.
 */
export function routePatternOf(app: Express, req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  const method = req.method.toLowerCase();
  const stack = (app as unknown as { router?: { stack?: LayerLike[] } }).router?.stack ?? [];
  for (const layer of stack) {
    const r = layer.route;
    if (!r || typeof r.path !== 'string' || typeof layer.match !== 'function') continue;
    const m = r.methods ?? {};
    if (!m['_all'] && !m[method] && !(method === 'head' && m['get'])) continue;
    try {
      if (layer.match(req.path)) return r.path;
    } catch {
      // An undecodable path matches no route.
    }
  }
  return '(unmatched)';
}
