import type { Express } from 'express';
import { actorOf, requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { citizenCardNoSchema } from '@jh/domain-application';
import { fen, formatYuan } from '@jh/domain-money';
import { handle, isoDay, parseBody, parseQuery } from '@jh/platform-http';
import type { Operations } from './operations';
import { orderView } from './order/order.view';
import type { ReserveAccount } from './reserve/reserve.service';
import type { ReserveEntryDoc } from './reserve/reserve.model';
import { totalsCsv, totalsGroupings } from './reports/totals.service';

const reason = z.string().trim().min(1).max(1000);
const code = z.string().trim().min(1).max(64);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const reasonBody = z.object({ reason }).strict();

const returnedBody = z.object({ amountFen: amount, reason }).strict();
const payeeBody = z
  .object({
    citizenCardNo: citizenCardNoSchema,
    name: z.string().trim().max(100).optional(),
    reason,
  })
  .strict();
const streetPaidBody = z.object({ voucherRef: code, paidOn: isoDay }).strict();
const depositBody = z.object({ amountFen: amount, ref: code, reason }).strict();
const reservesQuery = z.object({ belowThreshold: z.enum(['true', 'false']).optional() });
const totalsQuery = z.object({
  from: isoDay,
  to: isoDay,
  groupBy: z.enum(totalsGroupings).default('day'),
  format: z.enum(['json', 'csv']).default('json'),
});
const callbackBody = z
  .object({
    idempotencyKey: z.string().min(1).max(200),
    status: z.enum(['PENDING', 'PAID', 'DECLINED', 'RETURNED']),
    platformRef: z.string().max(100).default(''),
    amountFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    declineReason: z.enum(['CARD_FROZEN', 'CARD_CLOSED', 'NAME_MISMATCH', 'DECLINED']).optional(),
  })
  .strict();

const callbackStatus = {
  PENDING: 'pending',
  PAID: 'paid',
  DECLINED: 'declined',
  RETURNED: 'returned',
} as const;

const accountView = (a: ReserveAccount) => ({
  ...a,
  balanceText: formatYuan(fen(a.balanceFen)),
  thresholdText: formatYuan(fen(a.thresholdFen)),
});
const entryView = (e: ReserveEntryDoc) => ({
  ...e,
  id: e._id,
  _id: undefined,
  amountText: formatYuan(fen(e.amountFen)),
  at: e.at.toISOString(),
});

const staff = ['payment_staff', 'auditor', 'city_bureau', 'county_bureau'] as const;

/** Fallback, street reserves, staff actions, platform callbacks and totals (R-PAY-3/4/5/6). */
export function mountOperationsRoutes(
  app: Express,
  ops: Operations,
  verifier: TokenVerifier,
): void {
  const read = [requireAuth(verifier), requireRole(...staff)];
  const act = [requireAuth(verifier), requireRole('payment_staff')];
  const userId = (res: Parameters<typeof actorOf>[0]) => actorOf(res).userId;

  // The platform calls this; a shared token, not a user JWT. Duplicates/stale ones change nothing.
  app.post(
    '/card-platform/callbacks',
    handle(async (req, res) => {
      const header = req.header('authorization');
      ops.callbacks.authenticate(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
      const body = parseBody(callbackBody, req.body);
      const result = await ops.callbacks.receive({
        idempotencyKey: body.idempotencyKey,
        status: callbackStatus[body.status],
        platformRef: body.platformRef,
        amountFen: body.amountFen,
        decline: body.declineReason,
      });
      res.json(result);
    }),
  );
  app.get(
    '/card-platform/status',
    ...read,
    handle(async (_req, res) => {
      const s = await ops.availability.status();
      res.json({
        ...s,
        downSince: s.downSince?.toISOString() ?? null,
        lastFailureAt: s.lastFailureAt?.toISOString() ?? null,
        lastOkAt: s.lastOkAt?.toISOString() ?? null,
      });
    }),
  );

  // R-PAY-3 fallback.
  app.post(
    '/orders/:id/preallocate',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const r = await ops.fallback.preallocateOne(
        String(req.params['id']),
        userId(res),
        body.reason,
      );
      res.json({ outcome: r.outcome, order: orderView(r.order, actorOf(res)) });
    }),
  );
  app.post(
    '/streets/:streetCode/preallocate',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      res.json(
        await ops.fallback.preallocateStreet(
          String(req.params['streetCode']),
          userId(res),
          body.reason,
        ),
      );
    }),
  );
  app.post(
    '/orders/:id/street-payout',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(streetPaidBody, req.body);
      const r = await ops.fallback.reportStreetPaid(String(req.params['id']), body, userId(res));
      res.json({ replayed: r.replayed, order: orderView(r.order, actorOf(res)) });
    }),
  );

  // Staff actions on the worklist.
  app.post(
    '/orders/:id/resend',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      const r = await ops.actions.resend(String(req.params['id']), body, userId(res));
      res.json({ outcome: r.outcome, order: orderView(r.order, actorOf(res)) });
    }),
  );
  // ADR 0010: the payee of an order approved without a valid card; then it is sent normally.
  app.post(
    '/orders/:id/payee',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(payeeBody, req.body);
      res.json(
        orderView(
          await ops.actions.recordPayee(String(req.params['id']), body, userId(res)),
          actorOf(res),
        ),
      );
    }),
  );
  app.post(
    '/orders/:id/returned-funds',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(returnedBody, req.body);
      res.json(
        orderView(
          await ops.actions.markReturned(String(req.params['id']), body, userId(res)),
          actorOf(res),
        ),
      );
    }),
  );
  app.post(
    '/orders/:id/escalate',
    ...act,
    handle(async (req, res) => {
      const body = parseBody(reasonBody, req.body);
      res.json(
        orderView(
          await ops.actions.escalate(String(req.params['id']), body.reason, userId(res)),
          actorOf(res),
        ),
      );
    }),
  );
  app.get(
    '/escalations',
    ...read,
    handle(async (_req, res) => {
      const items = await ops.actions.escalations();
      res.json({ items: items.map((o) => orderView(o, actorOf(res))), total: items.length });
    }),
  );

  // R-PAY-4 street reserves.
  app.get(
    '/reserves',
    ...read,
    handle(async (req, res) => {
      const q = parseQuery(reservesQuery, req.query);
      const items = await ops.reserves.accounts({ belowThreshold: q.belowThreshold === 'true' });
      res.json({ items: items.map(accountView), total: items.length });
    }),
  );
  app.get(
    '/reserves/:streetCode',
    ...read,
    handle(async (req, res) => {
      const street = String(req.params['streetCode']);
      const [account, entries] = await Promise.all([
        ops.reserves.account(street),
        ops.reserves.entries(street),
      ]);
      res.json({ ...accountView(account), entries: entries.map(entryView) });
    }),
  );
  app.post(
    '/reserves/:streetCode/deposits',
    requireAuth(verifier),
    requireRole('payment_staff', 'county_bureau'),
    handle(async (req, res) => {
      const body = parseBody(depositBody, req.body);
      const r = await ops.reserves.deposit({
        streetCode: String(req.params['streetCode']),
        ...body,
        by: userId(res),
      });
      res
        .status(r.replayed ? 200 : 201)
        .json({ replayed: r.replayed, entry: entryView(r.entry), account: accountView(r.account) });
    }),
  );

  // Totals per day / street / item; `format=csv` for Excel.
  app.get(
    '/reports/totals',
    ...read,
    handle(async (req, res) => {
      const q = parseQuery(totalsQuery, req.query);
      const rows = await ops.totals.totals(q.from, q.to, q.groupBy);
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`payment-totals-${q.groupBy}-${q.from}-${q.to}.csv`)
          .send(totalsCsv(rows, q.groupBy));
        return;
      }
      res.json({
        from: q.from,
        to: q.to,
        groupBy: q.groupBy,
        items: rows.map((r) => ({ ...r, amountText: formatYuan(fen(r.amountFen)) })),
      });
    }),
  );
}
