import type { Express } from 'express';
import { decide, type Subject } from '@jh/domain-access';
import { actorOf } from '@jh/platform-auth';
import { notFound } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { Logger } from '@jh/platform-logger';
import { assertInScope, civilGuard, may, scopeKeysOf } from '../access';
import type { SpotCheckDoc } from './spot-check.model';
import { type SpotCheckService } from './spot-check.service';
import {
  assignBody,
  drawBody,
  figuresQuery,
  monthOf,
  resultBody,
  taskNoOf,
} from './spot-check.input';
import { spotCheckView, spotCheckCsv } from './spot-check.view';

/**
 * The part of a month's draw a reader sees: the tasks of cases in its region (and their audit
 * entries). One document read by `_id`, narrowed before it is answered.
 */
function withinRegion(doc: SpotCheckDoc, actor: Subject): SpotCheckDoc {
  const visible = (regionCode: string) =>
    decide(actor, { kind: 'spot-check', op: 'read', regionCode }) === 'allow';
  const tasks = doc.tasks.filter((t) => visible(t.regionCode));
  const taskNos = new Set(tasks.map((t) => t.taskNo));
  const audit = doc.audit.filter((a) => a.taskNo === null || taskNos.has(a.taskNo));
  return { ...doc, tasks, audit };
}

/**
 * By the access table (`spot-check`): the county bureau draws, assigns and records results
 * (DOMAIN §1: county spot-checks); auditors and the city bureau read, within their region, and
 * change nothing (R-OV-2). A task's region is its case's.
 */
export function mountSpotCheckRoutes(
  app: Express,
  service: SpotCheckService,
  logger?: Logger,
): void {
  const base = '/oversight/spot-checks/:month';
  const guard = civilGuard(
    'spot-check',
    () => notFound('SPOT_CHECK_TASK_NOT_FOUND', '未找到该抽查任务'),
    logger,
  );
  /** The task, if the caller may act on it; else the 404 of a missing task. */
  const scopedTask = async (month: string, taskNo: number, res: Parameters<typeof actorOf>[0]) => {
    const task = (await service.get(month)).tasks.find((t) => t.taskNo === taskNo);
    if (task) {
      const scope = scopeKeysOf(task.regionCode);
      assertInScope(guard, actorOf(res), 'write', { scope }, `${month}#${taskNo}`);
    }
  };
  app.post(
    `${base}/draw`,
    may(guard, 'write'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const body = parseBody(drawBody, req.body ?? {});
      const { doc, created } = await service.draw(month, actorOf(res).userId, body.checkerIds);
      res.status(created ? 201 : 200).json(spotCheckView(withinRegion(doc, actorOf(res)), service));
    }),
  );
  app.get(
    base,
    may(guard, 'read'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const q = parseQuery(figuresQuery, req.query);
      const doc = withinRegion(await service.get(month), actorOf(res));
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`spot-checks-${month}.csv`)
          .send(spotCheckCsv(service.figures(doc)));
        return;
      }
      res.json(spotCheckView(doc, service));
    }),
  );
  app.post(
    `${base}/tasks/:taskNo/assign`,
    may(guard, 'write'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const taskNo = taskNoOf(req.params['taskNo']);
      await scopedTask(month, taskNo, res);
      const body = parseBody(assignBody, req.body);
      const doc = await service.assign(month, taskNo, body.checkerId, actorOf(res).userId);
      res.json(spotCheckView(withinRegion(doc, actorOf(res)), service));
    }),
  );
  app.post(
    `${base}/tasks/:taskNo/result`,
    // Auditors change nothing (issue 13): only the county bureau's checkers record results.
    may(guard, 'write'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const taskNo = taskNoOf(req.params['taskNo']);
      await scopedTask(month, taskNo, res);
      const body = parseBody(resultBody, req.body);
      const doc = await service.recordResult(month, taskNo, body, actorOf(res).userId);
      res.json(spotCheckView(withinRegion(doc, actorOf(res)), service));
    }),
  );
}
