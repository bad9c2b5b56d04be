import { AssistanceItem, PaymentSchedule } from '@jh/contracts';
import request from 'supertest';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-deadline-notice');
});

afterAll(async () => {
  await h?.stop();
});

describe('§10 a payment order says when its due date was counted Monday–Friday only', () => {
  it('R-PAY-2: an order due in 2027 (no holiday data) shows the flag and the explanation; one due in 2026 does not', async () => {
    const event = approval({}, 2);
    event.instalments[0]!.dueAt = new Date('2027-01-05T15:59:59.999Z');
    event.instalments[1]!.dueAt = new Date('2026-12-31T15:59:59.999Z');
    await h.publish(event);
    await h.waitForOrders(event.approvalId, 2);
    const res = await request(h.base)
      .get(`/orders?approvalId=${event.approvalId}`)
      .set('authorization', `Bearer ${h.staffToken}`)
      .expect(200);
    const byNumber = new Map(
      (res.body.items as { instalmentNumber: number; deadlineNotice: unknown }[]).map((o) => [
        o.instalmentNumber,
        o.deadlineNotice,
      ]),
    );
    expect(byNumber.get(1)).toEqual({
      assumedWeekdaysOnly: true,
      yearsWithoutData: [2027],
      message: '2027年节假日安排尚未发布，期限暂按周一至周五计算',
    });
    expect(byNumber.get(2)).toEqual({ assumedWeekdaysOnly: false, yearsWithoutData: [] });
  });

  it('R-PAY-2: a monthly order due by the 10th of January 2027 is not counted in working days, so it is not flagged', async () => {
    const event = approval({
      item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
      schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
    });
    event.instalments[0]!.dueAt = new Date('2027-01-10T15:59:59.999Z');
    await h.publish(event);
    await h.waitForOrders(event.approvalId, 1);
    const res = await request(h.base)
      .get(`/orders?approvalId=${event.approvalId}`)
      .set('authorization', `Bearer ${h.staffToken}`)
      .expect(200);
    expect(res.body.items[0].dueAt.slice(0, 4)).toBe('2027');
    expect(res.body.items[0].deadlineNotice).toEqual({
      assumedWeekdaysOnly: false,
      yearsWithoutData: [],
    });
  });
});
