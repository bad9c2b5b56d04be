import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { orderStatuses } from './order/order.model';
import type { PaymentOrderService } from './order/order.service';
import { orderView } from './order/order.view';
import type { ReconciliationService } from './reconciliation/reconciliation.service';

const listQuery = z.object({
  status: z.enum(orderStatuses).optional(),
  approvalId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const importBody = z.object({ date: z.string(), csv: z.string().min(1) });

export function mountPaymentRoutes(
  app: Express,
  orders: PaymentOrderService,
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
  app.use(
    '/orders',
    requireAuth(verifier),
    requireRole('payment_staff', 'auditor', 'city_bureau', 'county_bureau'),
  );
  // Staff worklist: `?status=failed` lists definitive declines with their Chinese reason.
  app.get(
    '/orders',
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      const items = await orders.list({ status: q.status, approvalId: q.approvalId }, q.limit);
      res.json({ items: items.map((o) => orderView(o, actorOf(res))), total: items.length });
    }),
  );
  // Past due and not confirmed (R-PAY-2, R-AP-9).
  app.get(
    '/orders/overdue',
    handle(async (_req, res) => {
      const items = await orders.overdue();
      res.json({ items: items.map((o) => orderView(o, actorOf(res))), total: items.length });
    }),
  );
  app.get(
    '/orders/:id',
    handle(async (req, res) => {
      res.json(orderView(await orders.get(String(req.params['id'])), actorOf(res)));
    }),
  );
}
