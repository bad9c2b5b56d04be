import { DeclineReason, PlatformPaymentStatus } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { approval, CrashOnceStore, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;
let store: CrashOnceStore | undefined;
/** The service's clock runs this far ahead of the wall clock: tests advance it instead of sleeping. */
let aheadMs = 0;
const now = () => new Date(Date.now() + aheadMs);
const advanceClockTo = (at: Date) => {
  aheadMs += Math.max(0, at.getTime() - now().getTime());
};

beforeAll(async () => {
  h = await startPaymentHarness(
    'pay-never-twice',
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
  f.outage = false;
  f.timeoutPushes = 0;
  f.confirmAfterMs = 0;
  f.declineCards.clear();
});

async function newOrder(dueInMs?: number) {
  const event = approval({}, 1, dueInMs);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return { event, id: `${event.approvalId}:1` };
}

const pushesOf = (id: string) => h.simulator.pushLog.filter((p) => p.idempotencyKey === id).length;

describe('never paid twice (R-PAY-5)', () => {
  it('R-PAY-5: crash between push and record → the next run queries, finds PAID, confirms; one payment', async () => {
    const { id } = await newOrder();
    store!.armed = true;
    await expect(h.service.orders.sendDue()).rejects.toThrow('injected crash');
    expect(store!.crashes).toBe(1);
    expect((await h.order(id)).status).toBe('sending');
    expect(h.simulator.paidCount(id)).toBe(1);

    const done = await h.sendUntil(id, 'confirmed');
    expect(pushesOf(id)).toBe(1);
    expect(h.simulator.paidCount(id)).toBe(1);
    expect(done.audit.map((a) => `${a.from ?? '-'}>${a.to}`)).toEqual([
      '->pending',
      'pending>sending',
      'sending>confirmed',
    ]);
    expect(done.audit.every((a) => a.actor && a.at && a.reason)).toBe(true);
  });

  it('R-PAY-5: platform timeout then success → no second payment', async () => {
    const { id } = await newOrder();
    h.simulator.faults.timeoutPushes = 1;
    const first = await h.service.orders.sendDue();
    expect(first.retried).toBeGreaterThanOrEqual(1);
    const retrying = await h.order(id);
    expect(retrying.status).toBe('sending');
    expect(retrying.lastError?.code).toBe('DEADLINE_EXCEEDED');

    await h.sendUntil(id, 'confirmed');
    // The platform had booked the timed-out push; the retry asked first and did not push again.
    expect(pushesOf(id)).toBe(1);
    expect(h.simulator.paidCount(id)).toBe(1);
  });

  it.each([
    ['CARD_FROZEN', DeclineReason.DECLINE_REASON_CARD_FROZEN, '市民卡已冻结，平台拒绝入账'],
    ['CARD_CLOSED', DeclineReason.DECLINE_REASON_CARD_CLOSED, '市民卡已注销，平台拒绝入账'],
    [
      'NAME_MISMATCH',
      DeclineReason.DECLINE_REASON_NAME_MISMATCH,
      '户名与市民卡号不符，平台拒绝入账',
    ],
  ])(
    'definitive decline %s → failed with Chinese reason on the staff worklist, never retried',
    async (code, reason, message) => {
      const { event, id } = await newOrder();
      h.simulator.faults.declineCards.set(event.recipient!.citizenCardNo, reason);
      const failed = await h.sendUntil(id, 'failed');
      expect(failed.failure).toEqual({ code, message });
      await h.service.orders.sendDue();
      await h.service.orders.sendDue();
      expect(pushesOf(id)).toBe(1);

      const res = await request(h.base)
        .get('/orders?status=failed')
        .set('authorization', `Bearer ${h.staffToken}`)
        .expect(200);
      const row = res.body.items.find((i: { id: string }) => i.id === id);
      expect(row.statusText).toBe('推送失败');
      expect(row.failure.message).toBe(message);
    },
  );

  it('platform outage → retries with growing backoff, pays once when it is back', async () => {
    const { id } = await newOrder();
    h.simulator.faults.outage = true;
    await h.service.orders.sendDue();
    const a = await h.order(id);
    expect(a.lastError?.code).toBe('UPSTREAM_UNAVAILABLE');
    advanceClockTo(a.nextAttemptAt);
    await h.service.orders.sendDue();
    const b = await h.order(id);
    expect(b.attempts).toBe(a.attempts + 1);
    // Backoff doubles: the second wait is longer than the first.
    expect(b.nextAttemptAt.getTime() - b.updatedAt.getTime()).toBeGreaterThan(
      a.nextAttemptAt.getTime() - a.updatedAt.getTime(),
    );
    expect(h.simulator.paidCount(id)).toBe(0);

    h.simulator.faults.outage = false;
    await h.sendUntil(id, 'confirmed');
    expect(pushesOf(id)).toBe(1);
  });

  it('R-PAY-5: delayed confirmation with duplicate answers → one confirmed transition', async () => {
    const { id } = await newOrder();
    h.simulator.faults.confirmAfterMs = 300;
    const sent = await h.sendUntil(id, 'sent');
    expect(sent.platformRef).toMatch(/^YJD/);
    const paid = await waitFor(
      async () => {
        const answer = h.simulator.query({ idempotencyKey: id });
        return answer.status === PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID && answer;
      },
      { what: `the platform's delayed confirmation of ${id}` },
    );
    const answer = {
      status: 'paid' as const,
      amountFen: paid.amountFen,
      platformRef: paid.platformRef,
    };
    // The same confirmation delivered twice plus two concurrent sender runs.
    await Promise.all([
      h.service.orders.applyAnswer(id, 'sent', answer),
      h.service.orders.applyAnswer(id, 'sent', answer),
      h.service.orders.sendDue(),
      h.service.orders.sendDue(),
    ]);
    const done = await h.order(id);
    expect(done.status).toBe('confirmed');
    expect(done.audit.filter((a) => a.to === 'confirmed')).toHaveLength(1);
    expect(pushesOf(id)).toBe(1);
  });

  it('funds returned by the platform → order returned', async () => {
    const { id } = await newOrder();
    h.simulator.faults.confirmAfterMs = 60000;
    await h.sendUntil(id, 'sent');
    h.simulator.markReturned(id);
    const returned = await h.sendUntil(id, 'returned');
    expect(returned.audit.at(-1)?.reason).toBe('平台退回资金');
  });
});
