import request from 'supertest';
import { orderView } from './order/order.view';
import type { PaymentOrderDoc } from './order/order.model';
import {
  MongoPaymentOrderStore,
  type BatchRecord,
  type RecordCounts,
  type Transition,
} from './order/order.store';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

const TOKEN = 'test-callback-token-0123456789';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/** Lets the test hold the sender's "pushed" write and run code between a callback's read and write. */
class RaceStore extends MongoPaymentOrderStore {
  holdSent?: { reached: ReturnType<typeof deferred>; release: ReturnType<typeof deferred> };
  afterRead?: () => Promise<void>;

  override async transition(id: string, t: Transition): Promise<boolean> {
    const hold = this.holdSent;
    if (hold && t.from === 'sending' && t.to === 'sent') {
      this.holdSent = undefined;
      hold.reached.resolve();
      await hold.release.promise;
    }
    return super.transition(id, t);
  }

  // The batch sender records pushes in bulk: the same hold.
  override async recordMany(records: BatchRecord[]): Promise<RecordCounts> {
    const hold = this.holdSent;
    const sent = records.some(
      (r) => 'transition' in r && r.transition.from === 'sending' && r.transition.to === 'sent',
    );
    if (hold && sent) {
      this.holdSent = undefined;
      hold.reached.resolve();
      await hold.release.promise;
    }
    return super.recordMany(records);
  }

  override async findByPlatformKeys(keys: string[]): Promise<PaymentOrderDoc[]> {
    const found = await super.findByPlatformKeys(keys);
    const hook = this.afterRead;
    this.afterRead = undefined;
    if (hook) await hook();
    return found;
  }
}

let h: PaymentHarness;
let store: RaceStore;

beforeAll(async () => {
  h = await startPaymentHarness(
    'pay-cb-race',
    { CARD_PLATFORM_CALLBACK_TOKEN: TOKEN },
    { store: (models) => (store = new RaceStore(models)) },
  );
});

afterAll(async () => {
  await h?.stop();
});

async function newOrder(): Promise<string> {
  const event = approval({}, 1);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return `${event.approvalId}:1`;
}

describe('card platform callbacks are never lost (R-PAY-5)', () => {
  it('R-PAY-5: a PAID callback read while the order is sending, written after the sender recorded the push, still confirms it', async () => {
    const id = await newOrder();
    const hold = { reached: deferred(), release: deferred() };
    store.holdSent = hold;
    const sending = h.service.orders.sendDue();
    // The platform has the payment (PAID); the order is still `sending`.
    await hold.reached.promise;
    expect((await h.order(id)).status).toBe('sending');
    const p = h.simulator.payments.get(id)!;

    // The callback reads `sending`; before it writes, the sender records `sent`.
    store.afterRead = async () => {
      hold.release.resolve();
      await sending;
      expect((await h.order(id)).status).toBe('sent');
    };
    const res = await request(h.base)
      .post('/card-platform/callbacks')
      .set('authorization', `Bearer ${TOKEN}`)
      .send({
        idempotencyKey: id,
        status: 'PAID',
        platformRef: p.platformRef,
        amountFen: p.amountFen,
      })
      .expect(200);
    expect(res.body).toEqual({ applied: true, status: 'confirmed' });
    const order = await h.order(id);
    expect(order.status).toBe('confirmed');
    expect(order.audit.filter((a) => a.to === 'confirmed')).toEqual([
      expect.objectContaining({ actor: 'system:card-platform-callback', from: 'sent' }),
    ]);
  });

  it('R-PAY-5: a confirmed order does not keep the stale error of an earlier timed-out push', async () => {
    const id = await newOrder();
    h.simulator.faults.timeoutPushes = 1; // the push reaches the platform, the answer does not
    await h.service.orders.sendDue();
    const timedOut = await h.order(id);
    expect(timedOut.status).toBe('sending');
    expect(timedOut.lastError).toBeDefined();

    const confirmed = await h.sendUntil(id, 'confirmed');
    expect(confirmed.lastError).toBeUndefined();
    expect(
      orderView(confirmed, { userId: 'pay-1', roles: ['payment_staff'] }).lastError,
    ).toBeNull();
  });
});
