import request from 'supertest';
import type { PaymentOrderDoc } from './order/order.model';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;
/** The service's clock runs this far ahead of the wall clock: tests advance it instead of sleeping. */
let aheadMs = 0;
const advanceClock = (ms: number) => {
  aheadMs += ms;
};
/** While set, the service's clock stands still (a window must not run out on a slow machine). */
let frozenAt: number | undefined;

beforeAll(async () => {
  // Fallback after 0.01 min (600 ms) of outage; sender lease 1 s (harness).
  h = await startPaymentHarness(
    'pay-fallback',
    { FALLBACK_AFTER_MINUTES: '0.01' },
    { clock: () => new Date((frozenAt ?? Date.now()) + aheadMs) },
  );
});

afterAll(async () => {
  await h?.stop();
});

const pushesOf = (key: string) =>
  h.simulator.pushLog.filter((p) => p.idempotencyKey === key).length;
const post = (path: string, body: object, token = h.staffToken) =>
  request(h.base).post(path).set('authorization', `Bearer ${token}`).send(body);

async function newOrder(streetCode: string): Promise<string> {
  const event = approval({ streetCode }, 1);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return `${event.approvalId}:1`;
}

// The paid-event outbox is relay bookkeeping that drains on its own; the order's state is the rest.
const snapshot = (ids: string[]) =>
  h
    .orders()
    .find({ _id: { $in: ids } }, { projection: { outbox: 0, outboxPending: 0 } })
    .sort({ _id: 1 })
    .toArray();

describe('fallback to the street when the card platform is down (R-PAY-3)', () => {
  it('R-PAY-3: refused while the platform is up or not down long enough; nothing changes', async () => {
    const id = await newOrder('330106901');
    const before = await snapshot([id]);
    const up = await post(`/orders/${id}/preallocate`, { reason: '平台故障' }).expect(409);
    expect(up.body.error.code).toBe('PLATFORM_NOT_DOWN_LONG_ENOUGH');
    expect(await snapshot([id])).toEqual(before);

    h.simulator.faults.outage = true;
    // The outage is younger than its 600 ms window for as long as these steps take.
    frozenAt = Date.now();
    try {
      await h.service.orders.sendDue();
      const status = await request(h.base)
        .get('/card-platform/status')
        .set('authorization', `Bearer ${h.auditorToken}`)
        .expect(200);
      expect(status.body.consecutiveFailures).toBeGreaterThanOrEqual(1);
      expect(status.body.downSince).not.toBeNull();
      const during = await snapshot([id]);
      const early = await post('/streets/330106901/preallocate', { reason: '平台故障' }).expect(
        409,
      );
      expect(early.body.error).toMatchObject({ code: 'PLATFORM_NOT_DOWN_LONG_ENOUGH' });
      expect(early.body.error.message).toContain('中断未满');
      expect(await snapshot([id])).toEqual(during);
    } finally {
      frozenAt = undefined;
      h.simulator.faults.outage = false;
    }
    // The platform answers again: the status is reset and the order is paid normally.
    await h.sendUntil(id, 'confirmed');
  });

  it('R-PAY-3: after the outage window due orders go to the street, the street reports payout; a payment the platform holds is recorded, never also pre-allocated', async () => {
    const street = '330106902';
    const confirmed = await newOrder(street);
    await h.sendUntil(confirmed, 'confirmed');

    // A push that timed out: the platform booked (and paid) it, we only know "sending".
    const timedOut = await newOrder(street);
    h.simulator.faults.timeoutPushes = 1;
    await h.service.orders.sendDue();
    expect((await h.order(timedOut)).status).toBe('sending');
    expect(h.simulator.paidCount(timedOut)).toBe(1);

    h.simulator.faults.outage = true;
    advanceClock(150); // the timed-out push's retry is due
    await h.service.orders.sendDue(); // the retry fails: platform down from here
    const [a, b] = [await newOrder(street), await newOrder(street)];
    advanceClock(1100); // past the 600 ms window and the 1 s sender lease

    const bulk = await post(`/streets/${street}/preallocate`, { reason: '一键达平台中断' }).expect(
      200,
    );
    // Never pushed (`pending`): switched even without an answer. `sending`: the platform must answer.
    expect([...bulk.body.preallocated].sort()).toEqual([a, b].sort());
    expect(bulk.body.refused).toEqual([
      expect.objectContaining({ id: timedOut, code: 'PLATFORM_QUERY_FAILED' }),
    ]);
    expect((await h.order(timedOut)).status).toBe('sending');
    const pre = await h.order(a);
    expect(pre.status).toBe('preallocated');
    expect(pre.preallocation).toMatchObject({
      streetCode: street,
      amountFen: 150000,
      by: 'pay-city',
      reason: '一键达平台中断',
    });
    expect(pre.audit.at(-1)).toMatchObject({
      actor: 'pay-city',
      from: 'pending',
      to: 'preallocated',
      action: 'preallocated',
    });

    // A confirmed order is refused with a clear code and unchanged.
    const confirmedBefore = await snapshot([confirmed]);
    const wrong = await post(`/orders/${confirmed}/preallocate`, { reason: 'x' }).expect(409);
    expect(wrong.body.error.code).toBe('ORDER_STATE_CONFLICT');
    expect(await snapshot([confirmed])).toEqual(confirmedBefore);

    // Platform answers queries again: the timed-out order is found paid → confirmed, not switched.
    h.simulator.faults.outage = false;
    const found = await post(`/orders/${timedOut}/preallocate`, {
      reason: '一键达平台中断',
    }).expect(200);
    expect(found.body.outcome).toBe('found_on_platform');
    const paid = await h.order(timedOut);
    expect(paid.status).toBe('confirmed');
    expect(paid.preallocation).toBeUndefined();
    expect(pushesOf(timedOut)).toBe(1);
    expect(h.simulator.paidCount(timedOut)).toBe(1);

    // The sender never pushes pre-allocated orders.
    await h.service.orders.sendDue();
    expect(pushesOf(a) + pushesOf(b)).toBe(0);
    expect(h.simulator.paidCount(a)).toBe(0);

    // The street reports it paid; a repeated report changes nothing; a different voucher is refused.
    const report = { voucherRef: 'JD-2026-0001', paidOn: '2026-11-23' };
    const done = await post(`/orders/${a}/street-payout`, report).expect(200);
    expect(done.body.order.status).toBe('paid_by_street');
    expect(done.body.order.statusText).toBe('街道已代付');
    const after = await snapshot([a]);
    const again = await post(`/orders/${a}/street-payout`, report).expect(200);
    expect(again.body.replayed).toBe(true);
    const other = await post(`/orders/${a}/street-payout`, {
      ...report,
      voucherRef: 'JD-9',
    }).expect(409);
    expect(other.body.error.code).toBe('ORDER_STATE_CONFLICT');
    expect(await snapshot([a])).toEqual(after);
    const paidByStreet = after[0] as PaymentOrderDoc;
    expect(paidByStreet.streetPayout).toMatchObject({ ...report, reportedBy: 'pay-city' });
    expect(paidByStreet.audit.map((x) => x.action)).toEqual([
      'created',
      'preallocated',
      'street_paid',
    ]);

    // Not reported by the street yet: stays pre-allocated.
    expect((await h.order(b)).status).toBe('preallocated');
  });
});
