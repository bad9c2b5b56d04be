import type { Express, Request } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { AppError, invalidInput } from '@jh/platform-errors';
import { handle, parseBody } from '@jh/platform-http';
import { importBody } from './reconciliation.input';
import type { ReconciliationService } from './reconciliation.service';
import { reconciliationView } from './reconciliation.view';

const notCsv = (req: Request) =>
  new AppError(
    'invalid_input',
    'UNSUPPORTED_MEDIA_TYPE',
    `对账单文件的内容类型必须为 text/csv（收到：${req.headers['content-type'] ?? '未指定'}）`,
  );

/**
 * Statement imports. Files of any size: `POST /reconciliations/:date/file` with the raw CSV as a
 * `text/csv` body (streamed, no JSON size limit) answers 202 with the report while it is matched;
 * `GET /reconciliations/:id` shows progress and, when completed, the counts and first findings.
 */
export function mountReconciliationRoutes(
  app: Express,
  reconciliation: ReconciliationService,
  verifier: TokenVerifier,
): void {
  // Import of the platform's daily statement; the same file again returns the stored report.
  app.post(
    '/reconciliations',
    requireAuth(verifier),
    requireRole('payment_staff'),
    handle(async (req, res) => {
      const body = parseBody(importBody, req.body);
      const { report, replayed } = await reconciliation.import(
        body.date,
        body.csv,
        actorOf(res).userId,
      );
      res.status(replayed ? 200 : 201).json({ ...report, id: report._id, replayed });
    }),
  );
  app.post(
    '/reconciliations/:date/file',
    requireAuth(verifier),
    requireRole('payment_staff'),
    handle(async (req, res) => {
      if (!req.is('text/csv')) throw notCsv(req);
      const { report, replayed } = await reconciliation.importFile(
        String(req.params['date']),
        req,
        actorOf(res).userId,
      );
      res.status(replayed ? 200 : 202).json({ ...reconciliationView(report), replayed });
    }),
  );
  const read = [
    requireAuth(verifier),
    requireRole('payment_staff', 'auditor', 'city_bureau', 'county_bureau'),
  ];
  app.get(
    '/reconciliations/:id',
    ...read,
    handle(async (req, res) => {
      res.json(reconciliationView(await reconciliation.get(String(req.params['id']))));
    }),
  );
  app.get(
    '/reconciliations/:id/findings/:chunk',
    ...read,
    handle(async (req, res) => {
      const chunk = Number(req.params['chunk']);
      if (!Number.isSafeInteger(chunk) || chunk < 0) {
        throw invalidInput([
          { path: 'chunk', code: 'CHUNK_INVALID', message: '差异批次应为非负整数' },
        ]);
      }
      const id = String(req.params['id']);
      res.json({ id, chunk, findings: await reconciliation.findingsChunk(id, chunk) });
    }),
  );
}
