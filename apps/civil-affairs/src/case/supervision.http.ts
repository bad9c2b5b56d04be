import type { Express, Request } from 'express';
import { actorOf, requireRole } from '@jh/platform-auth';
import { invalidInput } from '@jh/platform-errors';
import { handle, iso, parseBody, parseQuery } from '@jh/platform-http';
import { scopeQueryOf, type AccessGuard } from '@jh/access-guard';
import { idempotencyKeyPattern, supervisionBody, trendQuery } from './case.input';
import type { CaseService } from './case.service';
import type { Coordination } from './coordination';
import { supervise } from './supervision';
import { may, assertInScope } from '../access';

/** The optional `Idempotency-Key` header; a malformed one is a field error, not ignored. */
function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!idempotencyKeyPattern.test(key))
    throw invalidInput([
      {
        path: 'Idempotency-Key',
        code: 'IDEMPOTENCY_KEY_INVALID',
        message: '幂等键应为8至128位字母、数字或 . _ : - 字符',
      },
    ]);
  return key;
}

/** 督办 on a part and the weekly SLA trend: the coordinator's dashboard (R-JH-4). */
export function mountSupervisionRoutes(
  app: Express,
  deps: { cases: CaseService; coordination: Coordination; guard: AccessGuard; coord: AccessGuard },
): void {
  const { cases, coordination, guard, coord } = deps;
  app.post(
    '/cases/:id/parts/:partId/supervision',
    may(guard, 'write'),
    requireRole('coordinator'),
    handle(async (req, res) => {
      const id = String(req.params['id']);
      const actor = actorOf(res);
      assertInScope(guard, actor, 'write', await cases.get(id), id);
      const key = idempotencyKeyOf(req);
      const body = parseBody(supervisionBody, req.body);
      const { part, supervision, replayed } = await supervise(
        cases,
        id,
        String(req.params['partId']),
        body,
        actor,
        key,
      );
      res.status(replayed ? 200 : 201).json({
        caseId: id,
        partId: part.partId,
        department: part.department,
        supervision: {
          supervisionId: supervision.supervisionId,
          action: supervision.action,
          note: supervision.note,
          clock: supervision.clock,
          byUserId: supervision.byUserId,
          at: iso(supervision.at),
          eventId: supervision.eventId,
        },
        replayed,
      });
    }),
  );
  app.get(
    '/coordination/trend',
    may(coord, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(trendQuery, req.query);
      // The coordinator's region, narrowed to `region` when given; disjoint → nothing.
      const filter = coord.listFilter(actorOf(res), q.region);
      const scope = filter ? scopeQueryOf(filter.scope) : { 'scope.city': '-' };
      res.json({ ...(await coordination.trend(q.weeks, q.department, scope)), region: q.region });
    }),
  );
}
