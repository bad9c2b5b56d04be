import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, parseBody } from '@jh/platform-http';
import type { MonthlyBatchService } from './batch.service';
import { batchRunView, recipientView } from './batch.view';
import type { RecipientService } from './recipient.service';

// Month format is checked by the service (one Chinese message for API, CLI and benchmark).
const startBody = z.object({ month: z.string().max(20) }).strict();
const endBody = z
  .object({ stopMonth: z.string().max(20), reason: z.string().trim().min(1).max(1000) })
  .strict();

export function mountBatchRoutes(
  app: Express,
  batch: MonthlyBatchService,
  recipients: RecipientService,
  verifier: TokenVerifier,
): void {
  const readers = requireRole('payment_staff', 'auditor', 'city_bureau', 'county_bureau');
  // 202 at once; the run continues in the background and is polled below.
  app.post(
    '/batches/monthly',
    requireAuth(verifier),
    requireRole('payment_staff'),
    handle(async (req, res) => {
      const body = parseBody(startBody, req.body);
      const run = await batch.start(body.month, actorOf(res).userId);
      res.status(202).json(batchRunView(run));
    }),
  );
  app.get(
    '/batches/monthly/:month',
    requireAuth(verifier),
    readers,
    handle(async (req, res) => {
      res.json(batchRunView(await batch.get(String(req.params['month']))));
    }),
  );
  app.get(
    '/recipients/:approvalId',
    requireAuth(verifier),
    readers,
    handle(async (req, res) => {
      res.json(recipientView(await recipients.get(String(req.params['approvalId']))));
    }),
  );
  app.post(
    '/recipients/:approvalId/end',
    requireAuth(verifier),
    requireRole('payment_staff'),
    handle(async (req, res) => {
      const body = parseBody(endBody, req.body);
      const doc = await recipients.end(
        String(req.params['approvalId']),
        body.stopMonth,
        body.reason,
        actorOf(res).userId,
      );
      res.json(recipientView(doc));
    }),
  );
}
