import { requireAccess } from '@jh/access-guard';
import type { Express } from 'express';
import { maskIdNumber } from '@jh/domain-application';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { idempotencyKeyOf } from '../application/application.http';
import { hardshipReportBody, hardshipReportListQuery } from './hardship-report.input';
import type { HardshipReportService, StoredHardshipReport } from './hardship-report.service';

/** A report as its reporter sees it again: the subject masked (R-OV-2). */
export function hardshipReportView(doc: StoredHardshipReport) {
  return {
    signalId: doc._id,
    source: doc.source,
    kind: doc.kind,
    band: doc.band,
    reporterRole: doc.reporter.role,
    subject: {
      name: doc.subject.name,
      idNumber: maskIdNumber(doc.subject.idNumber),
      regionCode: doc.subject.regionCode,
    },
    streetCode: doc.streetCode,
    flags: doc.flags,
    receivedAt: doc.receivedAt.toISOString(),
  };
}

/** 主动发现 (R-PD-1): cadres, volunteers and the hotline report households. */
export function mountHardshipReportRoutes(
  app: Express,
  service: HardshipReportService,
  verifier: TokenVerifier,
): void {
  const may = (op: 'read' | 'write') => requireAccess(service, op);
  app.use('/hardship-reports', requireAuth(verifier));
  app.post(
    '/hardship-reports',
    may('write'),
    handle(async (req, res) => {
      const key = idempotencyKeyOf(req);
      const input = parseBody(hardshipReportBody, req.body);
      const { report, replayed } = await service.report(input, actorOf(res), key);
      if (replayed) res.setHeader('idempotent-replayed', 'true');
      res.status(replayed ? 200 : 201).json(hardshipReportView(report));
    }),
  );
  app.get(
    '/hardship-reports',
    may('read'),
    handle(async (req, res) => {
      const query = parseQuery(hardshipReportListQuery, req.query);
      const page = await service.listOwn(query, actorOf(res));
      res.json({
        items: page.items.map(hardshipReportView),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      });
    }),
  );
}
