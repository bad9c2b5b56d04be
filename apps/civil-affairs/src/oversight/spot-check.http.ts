import type { Express } from 'express';
import { actorOf, requireRole } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
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
 * The county bureau draws, assigns and checks (DOMAIN §1: county spot-checks); an auditor may also
 * be a checker and reads the figures, as does the city bureau.
 */
export function mountSpotCheckRoutes(app: Express, service: SpotCheckService): void {
  const base = '/oversight/spot-checks/:month';
  app.post(
    `${base}/draw`,
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const body = parseBody(drawBody, req.body ?? {});
      const { doc, created } = await service.draw(month, actorOf(res).userId, body.checkerIds);
      res.status(created ? 201 : 200).json(spotCheckView(doc, service));
    }),
  );
  app.get(
    base,
    requireRole('county_bureau', 'city_bureau', 'auditor'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const q = parseQuery(figuresQuery, req.query);
      const doc = await service.get(month);
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
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const taskNo = taskNoOf(req.params['taskNo']);
      const body = parseBody(assignBody, req.body);
      const doc = await service.assign(month, taskNo, body.checkerId, actorOf(res).userId);
      res.json(spotCheckView(doc, service));
    }),
  );
  app.post(
    `${base}/tasks/:taskNo/result`,
    requireRole('county_bureau', 'auditor'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const taskNo = taskNoOf(req.params['taskNo']);
      const body = parseBody(resultBody, req.body);
      const doc = await service.recordResult(month, taskNo, body, actorOf(res).userId);
      res.json(spotCheckView(doc, service));
    }),
  );
}
