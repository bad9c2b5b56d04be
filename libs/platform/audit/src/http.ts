import { Router, type Express, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { invalidInput } from '@jh/platform-errors';
import { handle, parseQuery, routePatternOf } from '@jh/platform-http';
import type { AuditActor, AuditRecord, AuditRecordInput } from './record';
import { MAX_PAGE_SIZE, toCsv, type AuditSearch } from './search';
import type { AuditTrail } from './trail';

const READS_KEY = 'auditPersonalDataReads';
const OBJECT_KEY = 'auditObject';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Called by a route that answered with unmasked personal data (查询留痕); recorded on finish. */
export function markPersonalDataRead(
  res: Response,
  read: { kind: string; id: string; personRefs: string[] },
): void {
  const reads = (res.locals[READS_KEY] as (typeof read)[] | undefined) ?? [];
  reads.push({ kind: read.kind, id: read.id, personRefs: [...read.personRefs] });
  res.locals[READS_KEY] = reads;
}

/** Names the object of a state change when the route has no id parameter (e.g. a create). */
export function setAuditObject(res: Response, object: { kind: string; id: string }): void {
  res.locals[OBJECT_KEY] = { kind: object.kind, id: object.id };
}

function actorOf(res: Response): AuditActor {
  const a = res.locals['actor'] as Partial<AuditActor> | undefined;
  const actor: AuditActor = {
    userId: typeof a?.userId === 'string' ? a.userId : 'anonymous',
    roles: Array.isArray(a?.roles) ? a.roles.filter((r) => typeof r === 'string') : [],
  };
  if (typeof a?.regionCode === 'string') actor.regionCode = a.regionCode;
  return actor;
}

const idLike = /^(id|.*Id|.*_id)$/;

/** The object from the route: the first id-like parameter, its kind the path segment before it. */
export function objectFromRoute(
  pattern: string,
  params: Record<string, unknown>,
): { kind: string; id: string } {
  const segments = pattern.split('/').filter(Boolean);
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!.startsWith(':') ? segments[i]!.slice(1).replace(/\W.*$/, '') : '';
    const value = params[name];
    if (name && idLike.test(name) && typeof value === 'string') {
      const before = segments[i - 1];
      return { kind: before && !before.startsWith(':') ? before : name, id: value };
    }
  }
  return { kind: segments.find((s) => !s.startsWith(':')) ?? 'route', id: '-' };
}

/**
 * Appends one record per finished state change (POST/PUT/PATCH/DELETE answered below 400) and one
 * `personal-data.read` per mark (any method). Mount before the routes. A failed append is logged
 * without personal data and counted in `trail.counters.failed`; the request is not affected.
 */
export function auditHttp(
  trail: AuditTrail,
  options: { appOf?: (req: Request) => Express } = {},
): RequestHandler {
  return (req, res, next) => {
    res.once('finish', () => {
      if (res.statusCode >= 400) return;
      const reads =
        (res.locals[READS_KEY] as { kind: string; id: string; personRefs: string[] }[]) ?? [];
      const write = WRITE_METHODS.has(req.method);
      if (!write && reads.length === 0) return;
      const pattern = routePatternOf(options.appOf?.(req) ?? (req.app as Express), req);
      const base = {
        actor: actorOf(res),
        ...(req.ip ? { source: req.ip } : {}),
        ...(typeof res.locals['requestId'] === 'string'
          ? { traceId: res.locals['requestId'] }
          : {}),
      };
      const inputs: AuditRecordInput[] = [];
      if (write) {
        const object =
          (res.locals[OBJECT_KEY] as { kind: string; id: string } | undefined) ??
          objectFromRoute(pattern, req.params ?? {});
        inputs.push({
          ...base,
          action: `${req.method} ${pattern}`,
          object,
          detail: { status: String(res.statusCode) },
        });
      }
      for (const r of reads) {
        inputs.push({
          ...base,
          action: 'personal-data.read',
          object: { kind: r.kind, id: r.id },
          personRefs: r.personRefs,
          detail: { route: `${req.method} ${pattern}` },
        });
      }
      for (const input of inputs) trail.record(input);
    });
    next();
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A Beijing calendar day (YYYY-MM-DD) or an ISO-8601 time with offset. */
const timeParam = z
  .string()
  .refine(
    (s) =>
      DAY.test(s)
        ? !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`))
        : /[zZ]|[+-]\d\d:\d\d$/.test(s) && !Number.isNaN(Date.parse(s)),
    {
      message: '时间格式应为 YYYY-MM-DD 或带时区的 ISO-8601 时间',
      params: { code: 'INVALID_TIME' },
    },
  );
const text = z.string().min(1).max(200);

/** The search filters; the handlers parse `recordsQuery` (this plus the one-of rule). */
export const recordsFilters = z.object({
  idNumber: z
    .string()
    .regex(/^\d{17}[\dXx]$/, '身份证号格式不正确')
    .optional(),
  personRef: text.optional(),
  objectKind: text.optional(),
  objectId: text.optional(),
  userId: text.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});

export const recordsQuery = recordsFilters.superRefine((q, ctx) => {
  if (q.idNumber && q.personRef) {
    ctx.addIssue({
      code: 'custom',
      path: ['personRef'],
      message: '身份证号与人员索引只能二选一',
      params: { code: 'ONE_OF' },
    });
  }
});

type RecordsQuery = z.output<typeof recordsQuery>;

function filtersOf(req: Request, fromBody: boolean): RecordsQuery {
  // The body takes exactly the query's filters (unknown names refused the same way). It is
  // required, as documented: none sent was read as "no filter" (found by the HTTP fuzz); `{}` is.
  if (fromBody && req.body === undefined) {
    throw invalidInput([
      { path: '(body)', code: 'BODY_REQUIRED', message: '请在请求体中以 JSON 提交查询条件' },
    ]);
  }
  if (fromBody) return parseQuery(recordsQuery, req.body);
  if (typeof req.query['idNumber'] !== 'undefined') {
    throw invalidInput([
      {
        path: 'idNumber',
        code: 'ID_NUMBER_IN_URL',
        message: '身份证号不得出现在网址中，请用 POST /audit/records/search 提交',
      },
    ]);
  }
  return parseQuery(recordsQuery, req.query);
}

/** `from` day → its start; `to` day → the start of the next day (the day itself is included). */
const toInstant = (s: string, end: boolean): Date => {
  if (!DAY.test(s)) return new Date(s);
  const start = Date.parse(`${s}T00:00:00+08:00`);
  return new Date(end ? start + 86_400_000 : start);
};

function searchOf(q: RecordsQuery, personIndex: (idNumber: string) => string): AuditSearch {
  return {
    ...(q.idNumber ? { personRef: personIndex(q.idNumber.toUpperCase()) } : {}),
    ...(q.personRef ? { personRef: q.personRef } : {}),
    ...(q.objectKind ? { objectKind: q.objectKind } : {}),
    ...(q.objectId ? { objectId: q.objectId } : {}),
    ...(q.userId ? { userId: q.userId } : {}),
    ...(q.from ? { from: toInstant(q.from, false) } : {}),
    ...(q.to ? { to: toInstant(q.to, true) } : {}),
  };
}

const view = (r: AuditRecord) => ({
  seq: r.seq,
  at: r.at.toISOString(),
  actor: r.actor,
  action: r.action,
  object: r.object,
  source: r.source ?? null,
  traceId: r.traceId ?? null,
  detail: r.detail ?? {},
});

/** Most records one 校验链 request walks; the console asks slice after slice and shows progress. */
export const MAX_VERIFY_SLICE = 5_000;

/**
 * Highest `from` a slice may start at: the walk counts seq by seq from there, and past 2^53 an
 * increment is lost (9007199254740992 + 1 is itself), so a `from` near it never ended and held the
 * service's event loop (found by the HTTP fuzz). 2^50 keeps every step exact with room to spare.
 */
export const MAX_CHAIN_SEQ = 2 ** 50;

/** The 校验链 range; the handler parses `verifyQuery` (this plus the one-of rule). */
export const verifyRange = z.object({
  from: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_CHAIN_SEQ)
    .optional()
    .describe('从第几条开始（上一段的 next）'),
  last: z.coerce.number().int().min(1).max(10_000_000).optional().describe('只校验最近的 N 条'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_VERIFY_SLICE)
    .default(2_000)
    .describe('本次最多校验的条数'),
});

export const verifyQuery = verifyRange.superRefine((q, ctx) => {
  if (q.from !== undefined && q.last !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['last'],
      message: '“从第几条开始”与“最近 N 条”只能二选一',
      params: { code: 'ONE_OF' },
    });
  }
});

/** Most rows one CSV export carries; narrow the search for more. */
export const CSV_MAX_ROWS = 10_000;

/**
 * The auditors' search (纪工委/审计): JSON pages and a CSV export. A search by ID number is a POST
 * with the number in the body (`/audit/records/search`, `/audit/records/search.csv`), never in a
 * URL that proxies and access logs keep; the GET forms take every other filter.
 */
export function auditRoutes(deps: {
  trail: AuditTrail;
  personIndex: (idNumber: string) => string;
  requireAuditor: RequestHandler;
}): Router {
  const router = Router();
  const page = (fromBody: boolean) =>
    handle(async (req, res) => {
      const q = filtersOf(req, fromBody);
      const found = await deps.trail.search(searchOf(q, deps.personIndex), q);
      res.json({
        items: found.items.map(view),
        total: found.total,
        page: q.page,
        pageSize: q.pageSize,
      });
    });
  const csv = (fromBody: boolean) =>
    handle(async (req, res) => {
      const q = filtersOf(req, fromBody);
      const rows = await deps.trail.exportRecords(searchOf(q, deps.personIndex), CSV_MAX_ROWS);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="audit-records.csv"');
      res.send(toCsv(rows));
    });
  router.get('/audit/records', deps.requireAuditor, page(false));
  router.get('/audit/records.csv', deps.requireAuditor, csv(false));
  router.post('/audit/records/search', deps.requireAuditor, page(true));
  router.post('/audit/records/search.csv', deps.requireAuditor, csv(true));
  // 校验链 (R-OV-1): a bounded slice per request, so the screen can show progress and a long
  // chain never holds one request for minutes.
  router.get(
    '/audit/chain/verify',
    deps.requireAuditor,
    handle(async (req, res) => {
      const q = parseQuery(verifyQuery, req.query);
      const headSeq = deps.trail.headSeq;
      const from = q.last !== undefined ? Math.max(1, headSeq - q.last + 1) : q.from;
      const r = await deps.trail.verify({
        ...(from !== undefined ? { from } : {}),
        limit: q.limit,
      });
      res.json({
        chain: deps.trail.chain,
        ok: r.ok,
        from: r.first,
        checked: r.checked,
        checkpoints: r.checkpoints,
        next: r.next ?? null,
        done: r.next === undefined,
        headSeq: Math.max(headSeq, r.first + r.checked - 1),
        firstProblem: r.firstProblem ?? null,
      });
    }),
  );
  return router;
}
