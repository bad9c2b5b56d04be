import type { AccessGuard } from '@jh/access-guard';
import type { Express, Request, Response } from 'express';
import { markPersonalDataRead } from '@jh/platform-audit';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { AppError, invalidInput } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { inScope, may } from '../payment.access';
import { importBody, reportsQuery } from './reconciliation.input';
import type { ReconciliationService } from './reconciliation.service';
import type { Finding } from './reconciliation.model';
import { reconciliationView } from './reconciliation.view';

const notCsv = (req: Request) =>
  new AppError(
    'invalid_input',
    'UNSUPPORTED_MEDIA_TYPE',
    `对账单文件的内容类型必须为 text/csv（收到：${req.headers['content-type'] ?? '未指定'}）`,
  );

/** Card numbers of CARD_MISMATCH findings on screen are a read of personal data (查询留痕). */
function shownFindings<F extends Pick<Finding, 'orderCardNo' | 'statementCardNo'>>(
  res: Response,
  reportId: string,
  findings: F[],
): F[] {
  if (findings.some((f) => f.orderCardNo || f.statementCardNo)) {
    markPersonalDataRead(res, { kind: 'reconciliations', id: reportId, personRefs: [] });
  }
  return findings;
}

/**
 * Statement imports. Files of any size: `POST /reconciliations/:date/file` with the raw CSV as a
 * `text/csv` body (streamed, no JSON size limit) answers 202 with the report while it is matched;
 * `GET /reconciliations/:id` shows progress and, when completed, the counts and first findings.
 *
 * A statement is the card platform's day for the whole platform region: its findings name every
 * county's orders with card numbers, and its import moves returned orders of every county. So a
 * report belongs to the platform region (the city): the city's payment staff import, the city
 * reads; a county's staff get the 404 of a missing report (R-OV-2) and see their county's
 * finding counts in `GET /reports/totals`.
 */
export function mountReconciliationRoutes(
  app: Express,
  deps: {
    reconciliation: ReconciliationService;
    verifier: TokenVerifier;
    guard: AccessGuard;
    platformRegion: string;
  },
): void {
  const { reconciliation, verifier, guard, platformRegion } = deps;
  const write = [requireAuth(verifier), may(guard, 'write')];
  // Import of the platform's daily statement; the same file again returns the stored report.
  app.post(
    '/reconciliations',
    ...write,
    handle(async (req, res) => {
      inScope(guard, res, 'write', platformRegion);
      const body = parseBody(importBody, req.body);
      const { report, replayed } = await reconciliation.import(
        body.date,
        body.csv,
        actorOf(res).userId,
      );
      shownFindings(res, report._id, report.findings);
      res.status(replayed ? 200 : 201).json({ ...report, id: report._id, replayed });
    }),
  );
  app.post(
    '/reconciliations/:date/file',
    ...write,
    handle(async (req, res) => {
      inScope(guard, res, 'write', platformRegion);
      if (!req.is('text/csv')) throw notCsv(req);
      const { report, replayed } = await reconciliation.importFile(
        String(req.params['date']),
        req,
        actorOf(res).userId,
      );
      res.status(replayed ? 200 : 202).json({ ...reconciliationView(report), replayed });
    }),
  );
  const read = [requireAuth(verifier), may(guard, 'read')];
  app.get(
    '/reconciliations',
    ...read,
    handle(async (req, res) => {
      inScope(guard, res, 'read', platformRegion);
      const q = parseQuery(reportsQuery, req.query);
      const items = await reconciliation.list(q.from, q.to);
      res.json({ items: items.map((r) => reconciliationView({ ...r, findings: [] })) });
    }),
  );
  app.get(
    '/reconciliations/:id',
    ...read,
    handle(async (req, res) => {
      inScope(guard, res, 'read', platformRegion);
      const report = await reconciliation.get(String(req.params['id']));
      shownFindings(res, report._id, report.findings);
      res.json(reconciliationView(report));
    }),
  );
  app.get(
    '/reconciliations/:id/findings/:chunk',
    ...read,
    handle(async (req, res) => {
      inScope(guard, res, 'read', platformRegion);
      const chunk = Number(req.params['chunk']);
      if (!Number.isSafeInteger(chunk) || chunk < 0) {
        throw invalidInput([
          { path: 'chunk', code: 'CHUNK_INVALID', message: '差异批次应为非负整数' },
        ]);
      }
      const id = String(req.params['id']);
      const findings = shownFindings(res, id, await reconciliation.findingsChunk(id, chunk));
      res.json({ id, chunk, findings });
    }),
  );
}
