import type { AccessGuard } from '@jh/access-guard';
import type { Express, Response } from 'express';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody } from '@jh/platform-http';
import { reasonBody } from '../order/order.input';
import { scopedOrder, shownOrder, type PersonRef } from '../order/order.http';
import type { PaymentOrderService } from '../order/order.service';
import { inScope, may } from '../payment.access';
import { streetPaidBody } from './fallback.input';
import type { FallbackService } from './fallback.service';

/** R-PAY-3: pre-allocation to the street while the platform is down, and the street's payout. */
export function mountFallbackRoutes(
  app: Express,
  deps: {
    verifier: TokenVerifier;
    fallback: FallbackService;
    orders: PaymentOrderService;
    guard: AccessGuard;
    personRef: PersonRef;
  },
): void {
  const { fallback, orders, guard } = deps;
  // Kind `order`, op write: payment staff of the order's county (or the city), R-OV-2.
  const act = [requireAuth(deps.verifier), may(guard, 'write')];
  const userId = (res: Response) => actorOf(res).userId;
  const target = async (id: unknown, res: Response) =>
    (await scopedOrder(orders, guard, res, String(id), 'write'))._id;
  app.post(
    '/orders/:id/preallocate',
    ...act,
    handle(async (req, res) => {
      const id = await target(req.params['id'], res);
      const body = parseBody(reasonBody, req.body);
      const r = await fallback.preallocateOne(id, userId(res), body.reason);
      res.json({ outcome: r.outcome, order: shownOrder(res, r.order, deps.personRef) });
    }),
  );
  app.post(
    '/streets/:streetCode/preallocate',
    ...act,
    handle(async (req, res) => {
      const street = String(req.params['streetCode']);
      // A street outside the caller's county is answered like one without orders: 404.
      inScope(guard, res, 'write', street);
      const body = parseBody(reasonBody, req.body);
      res.json(await fallback.preallocateStreet(street, userId(res), body.reason));
    }),
  );
  app.post(
    '/orders/:id/street-payout',
    ...act,
    handle(async (req, res) => {
      const id = await target(req.params['id'], res);
      const body = parseBody(streetPaidBody, req.body);
      const r = await fallback.reportStreetPaid(id, body, userId(res));
      res.json({ replayed: r.replayed, order: shownOrder(res, r.order, deps.personRef) });
    }),
  );
}
