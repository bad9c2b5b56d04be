import { requireAccess } from '@jh/access-guard';
import type { Express } from 'express';
import { maskIdNumber } from '@jh/domain-application';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { hardshipRecordBody, hardshipRecordListQuery } from './hardship-record.input';
import type { HardshipRecordService, StoredHardshipRecord } from './hardship-record.service';

/** A row of the officer's history: the subject masked (R-OV-2), no phone or address. */
export function hardshipRecordView(doc: StoredHardshipRecord) {
  return {
    signalId: doc._id,
    recordId: doc.recordId,
    kind: doc.kind,
    band: doc.band,
    subject: {
      name: doc.subject.name,
      idNumber: maskIdNumber(doc.subject.idNumber),
      regionCode: doc.subject.regionCode,
    },
    streetCode: doc.streetCode,
    flags: doc.flags,
    figures: doc.figures,
    observedAt: doc.observedAt,
    receivedAt: doc.receivedAt,
    officerId: doc.officerId,
  };
}

/** The department's signal feed (R-PD-1): its own records in, HardshipSignal out. */
export function mountHardshipRecordRoutes(
  app: Express,
  service: HardshipRecordService,
  verifier: TokenVerifier,
): void {
  const body = hardshipRecordBody(service.kind);
  // Role first (403), before the body is parsed; region and department per record (404).
  const may = (op: 'read' | 'write') => requireAccess(service, op);
  app.use('/hardship-records', requireAuth(verifier));
  app.post(
    '/hardship-records',
    may('write'),
    handle(async (req, res) => {
      const input = parseBody(body, req.body);
      const outcome = await service.receive(input, actorOf(res));
      if (!outcome.signal) {
        // Below every band: no signal, nothing kept (R-PD-1).
        res.status(200).json(outcome);
        return;
      }
      const { replayed, ...answer } = outcome;
      if (replayed) res.setHeader('idempotent-replayed', 'true');
      res.status(replayed ? 200 : 201).json(answer);
    }),
  );
  app.get(
    '/hardship-records',
    may('read'),
    handle(async (req, res) => {
      const query = parseQuery(hardshipRecordListQuery, req.query);
      const page = await service.list(query, actorOf(res));
      res.json({
        items: page.items.map(hardshipRecordView),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      });
    }),
  );
}
