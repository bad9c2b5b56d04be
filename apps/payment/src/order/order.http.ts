import type { AccessGuard } from '@jh/access-guard';
import type { Express, Response } from 'express';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { markPersonalDataRead } from '@jh/platform-audit';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { startOfShanghaiDay } from '@jh/domain-calendar';
import { formatMonth, nextMonth, parseMonth } from '../batch/month';
import { inScope, may, orderRegionOf, scopeFilter } from '../payment.access';
import type { PaymentOrderDoc } from './order.model';
import type { OrderActionsService } from './order.actions';
import { listQuery, payeeBody, reasonBody, returnedBody } from './order.input';
import type { PaymentOrderService } from './order.service';
import { orderView } from './order.view';

/**
 * The order in the caller's scope for `op` (R-OV-2): a missing order and one of another county
 * answer the same 404. Called before the body is read, so a cell's status never depends on it.
 */
export async function scopedOrder(
  orders: PaymentOrderService,
  guard: AccessGuard,
  res: Response,
  id: string,
  op: 'read' | 'write',
): Promise<PaymentOrderDoc> {
  const order = await orders.get(id);
  inScope(guard, res, op, orderRegionOf(order), id);
  return order;
}

/** The blind index of an ID number (the audit trail's person key). */
export type PersonRef = (idNumber: string) => string;

/**
 * The order as the caller may see it. A full card number on screen (payment staff) is a read of
 * personal data (查询留痕, R-OV-1), recorded against the recipient.
 */
export function shownOrder(res: Response, o: PaymentOrderDoc, personRef: PersonRef) {
  const view = orderView(o, actorOf(res));
  const card = o.recipient.citizenCardNo;
  if (card && view.recipient.citizenCardNo === card) {
    const idNumber = o.recipient.idNumber;
    markPersonalDataRead(res, {
      kind: 'orders',
      id: o._id,
      personRefs: idNumber ? [personRef(idNumber)] : [],
    });
  }
  return view;
}

/** Orders due in a month (Asia/Shanghai): monthly ones fall due by its 10th (R-PAY-2). */
function monthRange(text: string): { dueFrom: Date; dueTo: Date } {
  const month = parseMonth(text) as number;
  return {
    dueFrom: startOfShanghaiDay(`${formatMonth(month)}-01`),
    dueTo: startOfShanghaiDay(`${formatMonth(nextMonth(month))}-01`),
  };
}

/** The staff worklist and the staff actions on it. */
export function mountOrderRoutes(
  app: Express,
  deps: {
    verifier: TokenVerifier;
    orders: PaymentOrderService;
    actions: OrderActionsService;
    guard: AccessGuard;
    personRef: PersonRef;
  },
): void {
  const { orders, actions, verifier, guard } = deps;
  const show = (res: Response, o: PaymentOrderDoc) => shownOrder(res, o, deps.personRef);
  // Roles from the one access table (kind `order`); the region is checked per order or list.
  app.use('/orders', requireAuth(verifier));
  const list = (res: Response, items: PaymentOrderDoc[]) =>
    res.json({ items: items.map((o) => show(res, o)), total: items.length });
  // Staff worklist: `?status=failed` lists definitive declines with their Chinese reason;
  // `?page=` answers one page with the exact total (filters street, item, month).
  app.get(
    '/orders',
    may(guard, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(listQuery, req.query);
      const scope = scopeFilter(guard, actorOf(res));
      const filter = {
        status: q.status,
        approvalId: q.approvalId,
        streetCode: q.streetCode,
        item: q.item,
        ...(q.month ? monthRange(q.month) : {}),
        scope,
      };
      if (q.page === undefined) {
        list(res, scope ? await orders.list(filter, q.limit) : []);
        return;
      }
      const found = scope ? await orders.page(filter, q.page, q.pageSize) : { items: [], total: 0 };
      res.json({
        items: found.items.map((o) => show(res, o)),
        page: q.page,
        pageSize: q.pageSize,
        total: found.total,
      });
    }),
  );
  // Past due and not confirmed (R-PAY-2, R-AP-9).
  app.get(
    '/orders/overdue',
    may(guard, 'read'),
    handle(async (_req, res) => {
      list(res, await orders.overdue(scopeFilter(guard, actorOf(res))));
    }),
  );
  app.get(
    '/orders/:id',
    may(guard, 'read'),
    handle(async (req, res) => {
      const order = await scopedOrder(orders, guard, res, String(req.params['id']), 'read');
      res.json(show(res, order));
    }),
  );

  const act = may(guard, 'write');
  const userId = (res: Response) => actorOf(res).userId;
  const target = async (id: unknown, res: Response) =>
    (await scopedOrder(orders, guard, res, String(id), 'write'))._id;
  app.post(
    '/orders/:id/resend',
    act,
    handle(async (req, res) => {
      const id = await target(req.params['id'], res);
      const body = parseBody(reasonBody, req.body);
      const r = await actions.resend(id, body, userId(res));
      res.json({ outcome: r.outcome, order: show(res, r.order) });
    }),
  );
  // ADR 0010: the payee of an order approved without a valid card; then it is sent normally.
  app.post(
    '/orders/:id/payee',
    act,
    handle(async (req, res) => {
      const id = await target(req.params['id'], res);
      const body = parseBody(payeeBody, req.body);
      const order = await actions.recordPayee(id, body, userId(res));
      res.json(show(res, order));
    }),
  );
  app.post(
    '/orders/:id/returned-funds',
    act,
    handle(async (req, res) => {
      const id = await target(req.params['id'], res);
      const body = parseBody(returnedBody, req.body);
      const order = await actions.markReturned(id, body, userId(res));
      res.json(show(res, order));
    }),
  );
  app.post(
    '/orders/:id/escalate',
    act,
    handle(async (req, res) => {
      const id = await target(req.params['id'], res);
      const body = parseBody(reasonBody, req.body);
      const order = await actions.escalate(id, body.reason, userId(res));
      res.json(show(res, order));
    }),
  );
  app.get(
    '/escalations',
    requireAuth(verifier),
    may(guard, 'read'),
    handle(async (_req, res) => {
      list(res, await actions.escalations(scopeFilter(guard, actorOf(res))));
    }),
  );
}
