import type { AccessGuard } from '@jh/access-guard';
import type { Express, Response } from 'express';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { markPersonalDataRead } from '@jh/platform-audit';
import { handle, parseBody } from '@jh/platform-http';
import type { PersonRef } from '../order/order.http';
import { inScope, may, orderRegionOf } from '../payment.access';
import type { MonthlyBatchService } from './batch.service';
import { batchRunView, recipientView } from './batch.view';
import type { RecipientDoc } from './recipient.model';
import type { RecipientService } from './recipient.service';

// Month format is checked by the service (one Chinese message for API, CLI and benchmark).
export const startBody = z.object({ month: z.string().max(20) }).strict();
export const endBody = z
  .object({ stopMonth: z.string().max(20), reason: z.string().trim().min(1).max(1000) })
  .strict();

export function mountBatchRoutes(
  app: Express,
  deps: {
    batch: MonthlyBatchService;
    recipients: RecipientService;
    verifier: TokenVerifier;
    /** Kind `batch`: a month's run covers every recipient of the platform region (the city). */
    batchGuard: AccessGuard;
    /** Kind `order`: a register entry is an order's payee, in the street that pays it. */
    orderGuard: AccessGuard;
    platformRegion: string;
    personRef: PersonRef;
  },
): void {
  const { batch, recipients, verifier, batchGuard, orderGuard, platformRegion } = deps;
  // A register entry shows the full card number: a read of personal data (查询留痕, R-OV-1).
  const shown = (res: Response, doc: RecipientDoc) => {
    const idNumber = doc.recipient.idNumber;
    markPersonalDataRead(res, {
      kind: 'recipients',
      id: doc._id,
      personRefs: idNumber ? [deps.personRef(idNumber)] : [],
    });
    return recipientView(doc);
  };
  const auth = requireAuth(verifier);
  // 202 at once; the run continues in the background and is polled below.
  app.post(
    '/batches/monthly',
    auth,
    may(batchGuard, 'write'),
    handle(async (req, res) => {
      inScope(batchGuard, res, 'write', platformRegion);
      const body = parseBody(startBody, req.body);
      const run = await batch.start(body.month, actorOf(res).userId);
      res.status(202).json(batchRunView(run));
    }),
  );
  app.get(
    '/batches/monthly/:month',
    auth,
    may(batchGuard, 'read'),
    handle(async (req, res) => {
      inScope(batchGuard, res, 'read', platformRegion);
      res.json(batchRunView(await batch.get(String(req.params['month']))));
    }),
  );
  app.get(
    '/recipients/:approvalId',
    auth,
    may(orderGuard, 'read'),
    handle(async (req, res) => {
      const id = String(req.params['approvalId']);
      const doc = await recipients.get(id);
      inScope(orderGuard, res, 'read', orderRegionOf(doc), id);
      res.json(shown(res, doc));
    }),
  );
  app.post(
    '/recipients/:approvalId/end',
    auth,
    may(orderGuard, 'write'),
    handle(async (req, res) => {
      const id = String(req.params['approvalId']);
      inScope(orderGuard, res, 'write', orderRegionOf(await recipients.get(id)), id);
      const body = parseBody(endBody, req.body);
      const doc = await recipients.end(id, body.stopMonth, body.reason, actorOf(res).userId);
      res.json(shown(res, doc));
    }),
  );
}
