import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import type { OrderActionsService } from './order.actions';
import { listQuery, payeeBody, reasonBody, returnedBody } from './order.input';
import type { PaymentOrderService } from './order.service';
import { orderView } from './order.view';

/** Who may read orders; only payment staff act on them. */
export const orderReaders = ['payment_staff', 'auditor', 'city_bureau', 'county_bureau'] as const;

/** The staff worklist and the staff actions on it. */
export function mountOrderRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; orders: PaymentOrderService; actions: OrderActionsService },
): void {
  const { orders, actions, verifier } = deps;
  app.use('/orders', requireAuth(verifier), requireRole(...orderReaders));
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

  const act = [requireAuth(verifier), requireRole('payment_staff')];
  const userId = (res: Parameters<typeof actorOf>[0]) => actorOf(res).userId;
  app.post(
    '/orders/:id/resend',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const r = await actions.resend(String(req.params['id']), body, userId(res));
      res.json({ outcome: r.outcome, order: orderView(r.order, actorOf(res)) });
    }),
  );
  // ADR 0010: the payee of an order approved without a valid card; then it is sent normally.
  app.post(
    '/orders/:id/payee',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(payeeBody, req.body);
      const order = await actions.recordPayee(String(req.params['id']), body, userId(res));
      res.json(orderView(order, actorOf(res)));
    }),
  );
  app.post(
    '/orders/:id/returned-funds',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(returnedBody, req.body);
      const order = await actions.markReturned(String(req.params['id']), body, userId(res));
      res.json(orderView(order, actorOf(res)));
    }),
  );
  app.post(
    '/orders/:id/escalate',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const order = await actions.escalate(String(req.params['id']), body.reason, userId(res));
      res.json(orderView(order, actorOf(res)));
    }),
  );
  app.get(
    '/escalations',
    requireAuth(verifier),
    requireRole(...orderReaders),
    handle(async (_req, res) => {
      const items = await actions.escalations();
      res.json({ items: items.map((o) => orderView(o, actorOf(res))), total: items.length });
    }),
  );
}
