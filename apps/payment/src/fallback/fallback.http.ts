import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody } from '@jh/platform-http';
import { reasonBody } from '../order/order.input';
import { orderView } from '../order/order.view';
import { streetPaidBody } from './fallback.input';
import type { FallbackService } from './fallback.service';

/** R-PAY-3: pre-allocation to the street while the platform is down, and the street's payout. */
export function mountFallbackRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; fallback: FallbackService },
): void {
  const { fallback } = deps;
  const act = [requireAuth(deps.verifier), requireRole('payment_staff')];
  const userId = (res: Parameters<typeof actorOf>[0]) => actorOf(res).userId;
  app.post(
    '/orders/:id/preallocate',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const r = await fallback.preallocateOne(String(req.params['id']), userId(res), body.reason);
      res.json({ outcome: r.outcome, order: orderView(r.order, actorOf(res)) });
    }),
  );
  app.post(
    '/streets/:streetCode/preallocate',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const street = String(req.params['streetCode']);
      res.json(await fallback.preallocateStreet(street, userId(res), body.reason));
    }),
  );
  app.post(
    '/orders/:id/street-payout',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(streetPaidBody, req.body);
      const r = await fallback.reportStreetPaid(String(req.params['id']), body, userId(res));
      res.json({ replayed: r.replayed, order: orderView(r.order, actorOf(res)) });
    }),
  );
}
