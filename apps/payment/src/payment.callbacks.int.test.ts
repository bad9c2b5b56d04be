import { PlatformPaymentStatus } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { httpCallbackSender } from '@jh/platform-card-simulator';
import {
  approval,
  startPaymentHarness,
  withoutRelayBookkeeping,
  type PaymentHarness,
} from './test-harness';

jest.setTimeout(60000);

const TOKEN = 'test-callback-token-0123456789';
let h: PaymentHarness;
const deliveryErrors: unknown[] = [];

beforeAll(async () => {
  h = await startPaymentHarness('pay-callbacks', { CARD_PLATFORM_CALLBACK_TOKEN: TOKEN });
  h.simulator.onCallback(
    httpCallbackSender(`${h.base}/card-platform/callbacks`, TOKEN, (e) => deliveryErrors.push(e)),
  );
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  h.simulator.faults.duplicateCallbacks = false;
  h.simulator.faults.confirmAfterMs = 0;
  expect(deliveryErrors).toEqual([]);
});

async function newOrder(): Promise<string> {
  const event = approval({}, 1);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return `${event.approvalId}:1`;
}

const callback = (body: object, token = TOKEN) =>
  request(h.base)
    .post('/card-platform/callbacks')
    .set('authorization', `Bearer ${token}`)
    .send(body);

describe('card platform callbacks (R-PAY-5)', () => {
  it('R-PAY-5: duplicated PENDING and PAID callbacks from the simulator give one transition each', async () => {
    const id = await newOrder();
    h.simulator.faults.duplicateCallbacks = true;
    h.simulator.faults.confirmAfterMs = 300;
    await h.service.orders.sendDue(); // push → PENDING ×2; PAID ×2 follows after 300 ms
    // No further sender run: only the callbacks can confirm the order.
    const done = await waitFor(
      async () => {
        const o = await h.order(id);
        return o.status === 'confirmed' ? o : undefined;
      },
      { what: 'confirmed by callback' },
    );
    await h.simulator.flushCallbacks();
    const final = await h.order(id);
    expect(final.audit.filter((a) => a.to === 'sent')).toHaveLength(1);
    expect(final.audit.filter((a) => a.to === 'confirmed')).toEqual([
      expect.objectContaining({ actor: 'system:card-platform-callback', from: 'sent' }),
    ]);
    // The late duplicate PAID changed nothing (the relay's bookkeeping moves on its own).
    expect(withoutRelayBookkeeping(final)).toEqual(withoutRelayBookkeeping(done));
  });

  it('R-PAY-5: out-of-order callbacks (stale PAID / PENDING after RETURNED) change nothing', async () => {
    const id = await newOrder();
    await h.sendUntil(id, 'confirmed');
    h.simulator.faults.duplicateCallbacks = true;
    h.simulator.markReturned(id); // RETURNED ×2
    await h.simulator.flushCallbacks();
    const returned = await h.order(id);
    expect(returned.status).toBe('returned');
    expect(returned.audit.filter((a) => a.to === 'returned')).toHaveLength(1);

    h.simulator.sendCallback(id, PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID);
    h.simulator.sendCallback(id, PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING);
    await h.simulator.flushCallbacks();
    expect(await h.order(id)).toEqual(returned);

    const p = h.simulator.payments.get(id)!;
    const stale = await callback({
      idempotencyKey: id,
      status: 'PAID',
      platformRef: p.platformRef,
      amountFen: p.amountFen,
    }).expect(200);
    expect(stale.body).toEqual({ applied: false, status: 'returned' });
    expect(await h.order(id)).toEqual(returned);
  });

  it('R-PAY-5: wrong token, unknown key and a different amount are refused and change nothing', async () => {
    const id = await newOrder();
    h.simulator.faults.confirmAfterMs = 60_000;
    await h.sendUntil(id, 'sent');
    await h.simulator.flushCallbacks();
    const before = await h.orderState(id);
    const body = { idempotencyKey: id, status: 'PAID', platformRef: 'YJD1', amountFen: 150000 };

    const bad = await callback(body, 'not-the-token').expect(401);
    expect(bad.body.error.code).toBe('AUTH_REQUIRED');
    await request(h.base).post('/card-platform/callbacks').send(body).expect(401);
    const unknown = await callback({ ...body, idempotencyKey: 'nope:1' }).expect(404);
    expect(unknown.body.error.code).toBe('PAYMENT_ORDER_NOT_FOUND');
    const amount = await callback({ ...body, amountFen: 150100 }).expect(409);
    expect(amount.body.error.code).toBe('CALLBACK_AMOUNT_MISMATCH');
    expect(await h.orderState(id)).toEqual(before);

    const ok = await callback(body).expect(200);
    expect(ok.body).toEqual({ applied: true, status: 'confirmed' });
  });
});
