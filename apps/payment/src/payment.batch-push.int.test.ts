import { createLogger } from '@jh/platform-logger';
import { waitFor } from '@jh/platform-testing';
import { grpcCardPlatform } from './card-platform/adapter';
import { DueCursor, dueCursorModel } from './order/due-slot';
import { paymentModels, type PaymentOrderDoc } from './order/order.model';
import { PaymentOrderService } from './order/order.service';
import { MongoPaymentOrderStore } from './order/order.store';
import { approval, CrashOnceStore, startPaymentHarness, type PaymentHarness } from './test-harness';

// R-PAY-5 with the batch push (ADR 0016): never paid twice, per order, whatever happens to a batch.
jest.setTimeout(90000);

let h: PaymentHarness;
let store: CrashOnceStore | undefined;
/** The service's clock runs this far ahead of the wall clock: tests advance it instead of sleeping. */
let aheadMs = 0;
const now = () => new Date(Date.now() + aheadMs);

beforeAll(async () => {
  h = await startPaymentHarness(
    'pay-batch-push',
    {},
    {
      store: (models) => {
        store = new CrashOnceStore(models);
        return store;
      },
      clock: now,
    },
  );
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(() => {
  const f = h.simulator.faults;
  f.timeoutPushes = 0;
  f.partialBatches = { batches: 0, answered: 0, bookRest: false };
  f.failBatchesAfterBooking = 0;
});

/** `approvals` approvals of `instalments` each: distinct cards and amounts, all due now. */
async function newOrders(approvals: number, instalments: number): Promise<string[]> {
  const ids: string[] = [];
  for (let a = 0; a < approvals; a++) {
    const event = approval({}, instalments);
    await h.publish(event);
    await h.waitForOrders(event.approvalId, instalments);
    for (let i = 1; i <= instalments; i++) ids.push(`${event.approvalId}:${i}`);
  }
  return ids;
}

const pushesOf = (id: string) => h.simulator.pushLog.filter((p) => p.idempotencyKey === id).length;

/** A second sender on the same database and platform, as after a restart (no shared state). */
function freshSender(): PaymentOrderService {
  return new PaymentOrderService(
    new MongoPaymentOrderStore({
      ...paymentModels(h.db),
      cipher: h.service.ciphers.payment_orders,
    }),
    grpcCardPlatform({ url: h.platformUrl, token: 'payment', deadlineMs: 400 }),
    new DueCursor(dueCursorModel(h.db)),
    { sendLeadMs: 0, leaseMs: 1000, retryInitialMs: 100, retryMaxMs: 400, pollMs: 50 },
    createLogger({ name: 'fresh-sender', level: 'silent' }),
    now,
  );
}

/** Runs `sender` until every order is in `status`; returns the orders. */
async function sendAllUntil(
  sender: PaymentOrderService,
  ids: string[],
  status: PaymentOrderDoc['status'],
): Promise<PaymentOrderDoc[]> {
  return waitFor(
    async () => {
      await sender.sendDue();
      const docs = await Promise.all(ids.map((id) => h.order(id)));
      return docs.every((d) => d.status === status) ? docs : undefined;
    },
    { what: `${ids.length} orders ${status}`, timeoutMs: 30000 },
  );
}

/** Each order is paid exactly once on the platform, to its own card, for its own amount. */
function expectPaidOnceEach(orders: PaymentOrderDoc[]) {
  for (const o of orders) {
    expect(pushesOf(o._id)).toBe(1);
    expect(h.simulator.paidCount(o._id)).toBe(1);
    const paid = h.simulator.payments.get(o._id);
    expect(paid).toMatchObject({
      cardNo: o.recipient.citizenCardNo,
      name: o.recipient.name,
      amountFen: o.amountFen,
    });
  }
}

describe('batch push to the card platform (R-PAY-5, ADR 0016)', () => {
  it('R-PAY-5: crash after the platform booked a batch → a fresh sender queries each order, confirms; each paid once', async () => {
    const ids = await newOrders(3, 4);
    const batches = h.simulator.batchLog.length;
    store!.armed = true;
    await expect(h.service.orders.sendDue()).rejects.toThrow('injected crash');
    expect(h.simulator.batchLog.slice(batches)).toEqual([ids.length]);
    for (const id of ids) {
      expect((await h.order(id)).status).toBe('sending');
      expect(h.simulator.paidCount(id)).toBe(1);
    }

    aheadMs += 1001; // past the dead run's 1 s lease
    const done = await sendAllUntil(freshSender(), ids, 'confirmed');
    expectPaidOnceEach(done);
    expect(h.simulator.batchLog.length).toBe(batches + 1);
    for (const o of done) {
      expect(o.audit.map((a) => `${a.from ?? '-'}>${a.to}`)).toEqual([
        '->pending',
        'pending>sending',
        'sending>confirmed',
      ]);
    }
  });

  it.each([
    ['booked', true],
    ['not booked', false],
  ])(
    'R-PAY-5: the platform answers part of a batch, the rest %s → unanswered stay sending, are queried, each paid once',
    async (_label, bookRest) => {
      const ids = await newOrders(2, 4);
      h.simulator.faults.partialBatches = { batches: 1, answered: 3, bookRest };
      const first = await h.service.orders.sendDue();
      expect(first.sent).toBe(3);
      expect(first.retried).toBe(ids.length - 3);
      const after = await Promise.all(ids.map((id) => h.order(id)));
      expect(after.filter((o) => o.status === 'sent')).toHaveLength(3);
      const unanswered = after.filter((o) => o.status === 'sending');
      expect(unanswered).toHaveLength(ids.length - 3);
      for (const o of unanswered) {
        expect(o.lastError?.code).toBe('PUSH_UNANSWERED');
        expect(h.simulator.paidCount(o._id)).toBe(bookRest ? 1 : 0);
      }

      const done = await sendAllUntil(h.service.orders, ids, 'confirmed');
      expectPaidOnceEach(done);
      for (const o of done) expect(o.lastError).toBeUndefined();
    },
  );

  it('R-PAY-5: a batch booked but answered with an error, and the same batch delivered twice → each paid once', async () => {
    const ids = await newOrders(2, 3);
    h.simulator.faults.failBatchesAfterBooking = 1;
    const first = await h.service.orders.sendDue();
    expect(first.retried).toBe(ids.length);
    for (const id of ids) {
      expect((await h.order(id)).lastError?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(h.simulator.paidCount(id)).toBe(1);
    }
    // The same file reaches the platform again (a retransmission): first outcomes, nothing new.
    const refs = ids.map((id) => h.simulator.payments.get(id)!.platformRef);
    const again = h.simulator.pushBatch({
      payments: ids.map((id) => {
        const p = h.simulator.payments.get(id)!;
        return { idempotencyKey: id, cardNo: p.cardNo, name: p.name, amountFen: p.amountFen };
      }),
    });
    expect(again.results.map((r) => r.platformRef)).toEqual(refs);
    h.simulator.pushLog.splice(-ids.length); // only the sender's pushes count below

    const done = await sendAllUntil(h.service.orders, ids, 'confirmed');
    expectPaidOnceEach(done);
  });

  it('R-PAY-5: two sender runs at once over the same due orders → each order claimed and pushed once', async () => {
    const ids = await newOrders(2, 5);
    const other = freshSender();
    const [a, b] = await Promise.all([h.service.orders.sendDue(), other.sendDue()]);
    expect(a.sent + b.sent).toBe(ids.length);
    const done = await sendAllUntil(h.service.orders, ids, 'confirmed');
    expectPaidOnceEach(done);
    for (const o of done) expect(o.audit.filter((x) => x.to === 'sending')).toHaveLength(1);
  });
});
