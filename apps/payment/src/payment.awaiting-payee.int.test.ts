import { AssistanceItem, PaymentSchedule } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { formatMonth, monthOf, nextMonth } from './batch/month';
import type { RecipientDoc } from './batch/recipient.model';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(90000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-payee');
});

afterAll(async () => {
  await h?.stop();
});

const as = (token: string) => ({
  post: (path: string) => request(h.base).post(path).set('authorization', `Bearer ${token}`),
  get: (path: string) => request(h.base).get(path).set('authorization', `Bearer ${token}`),
});

describe('approved aid without a payee is never lost (ADR 0010)', () => {
  it('R-PAY-1, R-PAY-5: an approval without a valid card becomes awaiting_payee orders, alarmed once, never pushed, owed in totals; staff record the card and it is paid', async () => {
    const event = approval({}, 2);
    event.recipient!.citizenCardNo = '';
    const typo = approval({}, 1);
    typo.recipient!.citizenCardNo = 'C12345678';
    await h.publish(event);
    await h.publish(typo);
    await h.waitForOrders(event.approvalId, 2);
    await h.waitForOrders(typo.approvalId, 1);
    const [first, second] = [`${event.approvalId}:1`, `${event.approvalId}:2`];

    for (const id of [first, second, `${typo.approvalId}:1`]) {
      const o = await h.order(id);
      expect(o.status).toBe('awaiting_payee');
      expect(o.payeeAlarmedAt).toBeInstanceOf(Date);
      expect(o.audit).toEqual([
        expect.objectContaining({ action: 'created', to: 'awaiting_payee' }),
      ]);
    }
    // Alarmed once: a later scan raises nothing new for them.
    const again = await h.service.orders.alarmAwaitingPayee();
    expect(again.map((o) => o._id)).not.toContain(first);

    // Never pushed while it has no payee.
    await h.service.orders.sendDue();
    expect(h.simulator.payments.has(first)).toBe(false);
    expect((await h.order(first)).status).toBe('awaiting_payee');

    // On the staff worklist, with the Chinese label.
    const list = await as(h.staffToken).get('/orders?status=awaiting_payee').expect(200);
    const listed = list.body.items.find((i: { id: string }) => i.id === first);
    expect(listed).toMatchObject({ status: 'awaiting_payee', statusText: '待补收款信息' });
    expect(listed.payeeAlarmedAt).not.toBeNull();

    // Owed in the totals, as unpaid.
    const day = event.instalments[0]!.dueAt!.toISOString().slice(0, 10);
    const totals = await as(h.staffToken)
      .get(`/reports/totals?from=${day}&to=${day}&groupBy=day`)
      .expect(200);
    const row = totals.body.items.find((r: { key: string }) => r.key === day);
    expect(row.awaitingPayeeFen).toBeGreaterThanOrEqual(150000 + 150001 + 150000);
    expect(row.confirmedFen).toBe(0);

    // Only payment staff; a bad card number is refused and changes nothing.
    const before = await h.orderState(first);
    await as(h.auditorToken)
      .post(`/orders/${first}/payee`)
      .send({ citizenCardNo: '6222000011112222', reason: '补录' })
      .expect(403);
    const bad = await as(h.staffToken)
      .post(`/orders/${first}/payee`)
      .send({ citizenCardNo: 'C1234', reason: '补录' })
      .expect(400);
    expect(bad.body.error.details[0]).toMatchObject({
      path: 'citizenCardNo',
      code: 'CITIZEN_CARD_FORMAT',
    });
    await as(h.staffToken)
      .post(`/orders/${first}/payee`)
      .send({ citizenCardNo: '6222000011112222' })
      .expect(400);
    expect(await h.orderState(first)).toEqual(before);

    const recorded = await as(h.staffToken)
      .post(`/orders/${first}/payee`)
      .send({ citizenCardNo: '6222000011112222', reason: '申请人到街道补交市民卡' })
      .expect(200);
    expect(recorded.body).toMatchObject({
      status: 'pending',
      recipient: { citizenCardNo: '6222000011112222' },
    });
    expect(recorded.body.audit.at(-1)).toMatchObject({
      actor: 'pay-city',
      action: 'payee_recorded',
      from: 'awaiting_payee',
      to: 'pending',
    });
    expect(recorded.body.audit.at(-1).reason).toContain('申请人到街道补交市民卡');
    await as(h.staffToken)
      .post(`/orders/${first}/payee`)
      .send({ citizenCardNo: '6222000011113333', reason: '再改' })
      .expect(409);

    const paid = await h.sendUntil(first, 'confirmed');
    expect(h.simulator.payments.get(first)?.cardNo).toBe('6222000011112222');
    expect(paid.recipient.citizenCardNo).toBe('6222000011112222');
    // The other instalment still waits for its own payee.
    expect((await h.order(second)).status).toBe('awaiting_payee');
  });

  it('R-PAY-1, R-PAY-2: a monthly recipient without a card is registered; the batch makes awaiting_payee orders and a recorded payee pays later months', async () => {
    const month = nextMonth(monthOf(new Date()));
    const event = approval(
      {
        item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
        schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
      },
      1,
      0,
    );
    event.recipient!.citizenCardNo = '';
    await h.publish(event);
    const recipients = () => h.db.collection<RecipientDoc>('payment_recipients');
    await waitFor(
      async () => (await recipients().findOne({ _id: event.approvalId })) ?? undefined,
      {
        what: 'registered recipient',
      },
    );
    await h.waitForOrders(event.approvalId, 1);

    await as(h.staffToken)
      .post('/batches/monthly')
      .send({ month: formatMonth(month) })
      .expect(202);
    await waitFor(
      async () => {
        const r = await as(h.staffToken)
          .get(`/batches/monthly/${formatMonth(month)}`)
          .expect(200);
        return r.body.status === 'completed' ? r.body : undefined;
      },
      { what: 'batch completed' },
    );
    const monthlyId = `${event.approvalId}:${month}`;
    expect((await h.order(monthlyId)).status).toBe('awaiting_payee');
    const alarmed = await h.service.orders.alarmAwaitingPayee();
    expect(alarmed.map((o) => o._id)).toContain(monthlyId);
    expect((await h.order(monthlyId)).payeeAlarmedAt).toBeInstanceOf(Date);

    await as(h.staffToken)
      .post(`/orders/${event.approvalId}:1/payee`)
      .send({ citizenCardNo: '6222000099990000', reason: '补录' })
      .expect(200);
    // Stored sealed (issue 14): opened with the register's cipher to compare.
    const stored = await recipients().findOne({ _id: event.approvalId });
    expect(stored?.recipient.citizenCardNo).not.toBe('6222000099990000');
    const register = await h.service.ciphers.payment_recipients.open(stored);
    expect(register?.recipient.citizenCardNo).toBe('6222000099990000');
  });
});
