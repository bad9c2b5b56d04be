import { DeclineReason, PlatformPaymentStatus } from '@jh/contracts';
import request from 'supertest';
import {
  approval,
  recordingOrderStore,
  startPaymentHarness,
  type PaymentHarness,
} from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-staff');
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  h.simulator.faults.outage = false;
  h.simulator.faults.declineCards.clear();
});

const post = (path: string, body: object, token = h.staffToken) =>
  request(h.base).post(path).set('authorization', `Bearer ${token}`).send(body);
const pushesOf = (key: string) =>
  h.simulator.pushLog.filter((p) => p.idempotencyKey === key).length;

async function newOrder() {
  const event = approval({}, 1);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return { id: `${event.approvalId}:1`, card: event.recipient!.citizenCardNo };
}

async function failedOrder() {
  const o = await newOrder();
  h.simulator.faults.declineCards.set(o.card, DeclineReason.DECLINE_REASON_CARD_FROZEN);
  await h.sendUntil(o.id, 'failed');
  h.simulator.faults.declineCards.clear();
  return o;
}

/** A refused action: clear code, and the stored order is exactly as before. */
async function expectRefused(
  id: string,
  call: () => Promise<request.Response>,
  status: number,
  code: string,
) {
  // The paid-event outbox drains on its own (relay bookkeeping); the order's state is the rest.
  const state = () => h.orderState(id);
  const before = await state();
  const res = await call();
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await state()).toEqual(before);
}

describe('staff actions on payment orders (R-PAY-5, R-PAY-6)', () => {
  it('R-PAY-5: re-send asks the platform first; refused while it cannot answer; a declined key moves to a fresh key and pays once', async () => {
    const { id } = await failedOrder();
    h.simulator.faults.outage = true;
    await expectRefused(
      id,
      () => post(`/orders/${id}/resend`, { reason: '市民卡已解冻' }),
      503,
      'PLATFORM_QUERY_FAILED',
    );
    h.simulator.faults.outage = false;
    // R-PAY-6: the card paid to cannot be changed from payment (no diversion of earmarked funds).
    await expectRefused(
      id,
      () => post(`/orders/${id}/resend`, { reason: '改卡', citizenCardNo: 'C99999999' }),
      400,
      'INVALID_INPUT',
    );

    const res = await post(`/orders/${id}/resend`, { reason: '市民卡已解冻' }).expect(200);
    expect(res.body.outcome).toBe('requeued');
    expect(res.body.order).toMatchObject({
      status: 'pending',
      platformKey: `${id}#1`,
      failure: null,
    });
    expect(res.body.order.audit.at(-1)).toMatchObject({
      actor: 'pay-city',
      from: 'failed',
      to: 'pending',
      action: 'resend',
    });
    await h.sendUntil(id, 'confirmed');
    expect(pushesOf(id)).toBe(1);
    expect(pushesOf(`${id}#1`)).toBe(1);
    expect(h.simulator.paidCount(id)).toBe(0);
    expect(h.simulator.paidCount(`${id}#1`)).toBe(1);

    // The statement lists the new key; reconciliation matches it to the order.
    const date = new Date().toISOString().slice(0, 10);
    const recon = await post('/reconciliations', {
      date,
      csv: h.simulator.statementCsv(date),
    }).expect(201);
    const mine = recon.body.findings.filter((f: { idempotencyKey: string }) =>
      f.idempotencyKey.startsWith(id),
    );
    expect(mine).toEqual([]);

    // A confirmed order cannot be re-sent.
    await expectRefused(
      id,
      () => post(`/orders/${id}/resend`, { reason: 'again' }),
      409,
      'ORDER_STATE_CONFLICT',
    );
  });

  it('R-PAY-5: a callback finds its order by one _id point lookup: the fresh key after a re-send, not the retired one', async () => {
    const { id } = await failedOrder();
    await post(`/orders/${id}/resend`, { reason: '市民卡已解冻' }).expect(200);
    const rec = await recordingOrderStore(h);
    try {
      const idsOf = async (key: string) =>
        (await rec.store.findByPlatformKeys([key])).map((o) => o._id);
      expect(await idsOf(`${id}#1`)).toEqual([id]);
      expect(await idsOf(id)).toEqual([]);
      expect(await idsOf('no-such-approval:1#2')).toEqual([]);
      expect(rec.finds).toEqual([{ _id: id }, { _id: id }, { _id: 'no-such-approval:1' }]);
    } finally {
      await rec.close();
    }
  });

  it('R-PAY-5: re-send of an order the platform did pay records it and pushes nothing', async () => {
    const { id } = await failedOrder();
    const held = h.simulator.payments.get(id)!;
    held.status = PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID; // paid late on the platform
    const res = await post(`/orders/${id}/resend`, { reason: '复核' }).expect(200);
    expect(res.body.outcome).toBe('found_on_platform');
    expect(res.body.order.status).toBe('confirmed');
    await h.service.orders.sendDue();
    expect(pushesOf(id)).toBe(1);
  });

  it('R-PAY-6: returned funds are recorded once with amount and reason; wrong amounts and states are refused', async () => {
    const { id } = await newOrder();
    await expectRefused(
      id,
      () => post(`/orders/${id}/returned-funds`, { amountFen: 100, reason: '卡已注销' }),
      409,
      'ORDER_STATE_CONFLICT',
    );
    await h.sendUntil(id, 'confirmed');
    await expectRefused(
      id,
      () => post(`/orders/${id}/returned-funds`, { amountFen: 150001, reason: '卡已注销' }),
      400,
      'INVALID_INPUT',
    );
    const res = await post(`/orders/${id}/returned-funds`, {
      amountFen: 150000,
      reason: '市民卡注销，资金退回',
    }).expect(200);
    expect(res.body).toMatchObject({
      status: 'returned',
      returnedFunds: { amountFen: 150000, reason: '市民卡注销，资金退回', by: 'pay-city' },
    });
    expect(res.body.returnedFunds.amountText).toBe('1,500.00 元');
    expect(res.body.audit.at(-1)).toMatchObject({ action: 'funds_returned', from: 'confirmed' });
    await expectRefused(
      id,
      () => post(`/orders/${id}/returned-funds`, { amountFen: 150000, reason: 'again' }),
      409,
      'RETURN_ALREADY_RECORDED',
    );
  });

  it('R-PAY-6: escalation to the county is audited, listed, once per order; auditors cannot act', async () => {
    const { id } = await failedOrder();
    await expectRefused(
      id,
      () => post(`/orders/${id}/escalate`, { reason: '' }),
      400,
      'INVALID_INPUT',
    );
    await expectRefused(
      id,
      () => post(`/orders/${id}/escalate`, { reason: '多次拒付' }, h.auditorToken),
      403,
      'ROLE_REQUIRED',
    );
    const res = await post(`/orders/${id}/escalate`, { reason: '户名与卡号长期不符' }).expect(200);
    expect(res.body.escalation).toMatchObject({ level: 'county', by: 'pay-city' });
    expect(res.body.status).toBe('failed');
    expect(res.body.audit.at(-1)).toMatchObject({
      action: 'escalated',
      from: 'failed',
      to: 'failed',
    });
    const list = await request(h.base)
      .get('/escalations')
      .set('authorization', `Bearer ${h.auditorToken}`)
      .expect(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(id);
    await expectRefused(
      id,
      () => post(`/orders/${id}/escalate`, { reason: 'again' }),
      409,
      'ALREADY_ESCALATED',
    );

    const paid = await newOrder();
    await h.sendUntil(paid.id, 'confirmed');
    await expectRefused(
      paid.id,
      () => post(`/orders/${paid.id}/escalate`, { reason: 'x' }),
      409,
      'ORDER_STATE_CONFLICT',
    );
  });
});
