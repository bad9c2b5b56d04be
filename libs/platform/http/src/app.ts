import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  AppError,
  httpStatusOf,
  isAppError,
  isInfrastructureDown,
  unavailable,
} from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import { accessGuard, markDenied, noteErrorCode, TOO_MANY_FAILURES } from './access-guard';
import { FailureThrottle, type Clock, type FailureThrottleOptions } from './failure-throttle';
import { DEFAULT_MAX_JSON_DEPTH, inspectJson } from './json-shape';
import { requestErrorOf } from './request-errors';
import { NotJsonBody } from './validation';

/**
 * Throws when its dependency is not usable, or answers a report: whether the service is ready as
 * far as this check goes, why not, and what /ready shows of it (e.g. consumer group membership).
 */
export type ReadinessCheck = () => Promise<void | ReadinessReport>;

export interface ReadinessReport {
  ready: boolean;
  /** Why not ready (Chinese, for the operator). */
  reason?: string;
  detail?: unknown;
}

export interface HttpAppOptions {
  logger: Logger;
  /** Named checks run by /ready; each throws when its dependency is not usable. */
  readiness?: Record<string, ReadinessCheck>;
  jsonLimit?: string;
  /** Deepest object/array nesting a JSON body may have (default DEFAULT_MAX_JSON_DEPTH). */
  maxJsonDepth?: number;
  /**
   * Blocks a source (client IP) after repeated 401s with 429 + Retry-After; options or an instance,
   * `false` turns it off (denied attempts are still logged). Defaults: 20 failures/60 s → 60 s.
   */
  failureThrottle?: FailureThrottle | FailureThrottleOptions | false;
  /**
   * Express `trust proxy` (default off: the socket address is the source). Set it only behind a
   * reverse proxy that overwrites X-Forwarded-For, else clients could pick their own source.
   */
  trustProxy?: boolean | number | string;
  /** Clock of the default throttle and of the denial log's `at` (default `Date`). */
  clock?: Clock;
}

/** A request carries a body when it says so (a length above zero, or chunked). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Express app with the platform's defaults: helmet, strict JSON with a size limit, request ids,
 * /health and /ready. Call `finish(app)` after mounting routes to add 404 and error mapping.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(helmet());
  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const id = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals['requestId'] = id;
    res.setHeader('x-request-id', id);
    next();
  });
  // Probes come before the guard: they are never throttled nor logged.
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const checks = options.readiness ?? {};
    const results: Record<string, string> = {};
    const details: Record<string, unknown> = {};
    let ready = true;
    for (const [name, check] of Object.entries(checks)) {
      try {
        const report = await check();
        if (report?.detail !== undefined) details[name] = report.detail;
        if (report && !report.ready) {
          ready = false;
          results[name] = report.reason ?? 'not ready';
        } else {
          results[name] = 'ok';
        }
      } catch (e) {
        ready = false;
        results[name] = e instanceof Error ? e.message : String(e);
      }
    }
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      checks: results,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    });
  });
  const clock = options.clock ?? Date;
  const throttle =
    options.failureThrottle === false
      ? undefined
      : options.failureThrottle instanceof FailureThrottle
        ? options.failureThrottle
        : new FailureThrottle({ clock, ...options.failureThrottle });
  // Before body parsing, so a blocked source costs no parsing.
  app.use(accessGuard(app, { logger: options.logger, throttle, clock }));
  app.use(
    express.json({ limit: options.jsonLimit ?? '100kb', strict: true, type: 'application/json' }),
  );
  const maxDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
  app.use((req, _res, next) => {
    if (req.body === undefined) {
      // Sent, but not as JSON: left unread for a route that streams it; parseBody answers 415.
      if (hasBody(req)) req.body = new NotJsonBody(req.headers['content-type'] ?? '');
      next();
      return;
    }
    // Refused before any route sees it; the walk is iterative, so depth cannot crash it.
    if (inspectJson(req.body, maxDepth).tooDeep) {
      next(
        new AppError(
          'invalid_input',
          'INPUT_TOO_DEEP',
          `请求内容嵌套层级过深（最多 ${maxDepth} 层）`,
          [{ path: '(body)', code: 'INPUT_TOO_DEEP', message: `嵌套不能超过 ${maxDepth} 层` }],
        ),
      );
      return;
    }
    next();
  });

  app.locals['logger'] = options.logger;
  return app;
}

/** Input refusals whose HTTP status is more precise than their kind's 400. */
const statusByCode: Record<string, number> = {
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  [TOO_MANY_FAILURES]: 429,
};

/** Adds the 404 handler and the single typed-error → HTTP status mapping. */
export function finish(app: Express): Express {
  app.use((_req, _res, next) => {
    next(new AppError('not_found', 'ROUTE_NOT_FOUND', '请求的地址不存在'));
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const logger = app.locals['logger'] as Logger;
    const requestId = res.locals['requestId'] as string | undefined;
    let error: AppError;
    const refused = isAppError(err) ? err : requestErrorOf(err);
    if (refused) {
      error = refused;
    } else if (isInfrastructureDown(err)) {
      // An engine restarting is not a bug of ours: the caller may try again shortly.
      logger.warn({ err, requestId, path: req.path }, 'database or broker unavailable');
      error = unavailable('DEPENDENCY_UNAVAILABLE', '数据库或消息服务暂时不可用，请稍后重试');
      res.setHeader('retry-after', '5');
    } else {
      logger.error({ err, requestId, path: req.path }, 'unhandled error');
      error = new AppError('internal', 'INTERNAL', '系统内部错误，请稍后重试');
    }
    const status = statusByCode[error.code] ?? httpStatusOf(error.kind);
    noteErrorCode(res, error.code);
    if (error.deniedReason) markDenied(res, error.deniedReason);
    if (status >= 500 && isAppError(err))
      logger.warn({ code: error.code, requestId }, error.message);
    res.status(status).json({
      error: {
        code: error.code,
        message: error.message,
        ...(error.details.length > 0 ? { details: error.details } : {}),
        requestId,
      },
    });
  });
  return app;
}

/** Starts listening on loopback by default; resolves with the bound port. */
export function listen(app: Express, port: number, host = process.env['HTTP_HOST'] ?? '127.0.0.1') {
  return new Promise<{ server: Server; port: number; close: () => Promise<void> }>(
    (resolve, reject) => {
      const server = app.listen(port, host);
      server.once('error', reject);
      server.once('listening', () => {
        const address = server.address();
        const bound = typeof address === 'object' && address ? address.port : port;
        resolve({
          server,
          port: bound,
          close: () =>
            new Promise<void>((res) => {
              server.closeAllConnections?.();
              server.close(() => res());
            }),
        });
      });
    },
  );
}

/** Wraps an async handler so rejections reach the error mapper. */
export const handle =
  (fn: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
