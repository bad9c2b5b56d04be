import { AssistanceItem, PaymentSchedule } from '@jh/contracts';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-send-once');
});

afterAll(async () => {
  await h?.stop();
});

const days = (n: number) => n * 24 * 3600_000;

describe('when approved money is pushed (R-PAY-2)', () => {
  it('R-PAY-2: temporary and first aid are pushed as soon as approved, not 72 hours before due; monthly items follow their schedule', async () => {
    const temporary = approval({}, 1, days(5));
    const firstAid = approval(
      {
        item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
        schedule: PaymentSchedule.PAYMENT_SCHEDULE_FIRST_AID,
      },
      1,
      days(3),
    );
    const monthly = approval(
      {
        item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
        schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
      },
      1,
      days(9),
    );
    for (const e of [temporary, firstAid, monthly]) await h.publish(e);
    for (const e of [temporary, firstAid, monthly]) await h.waitForOrders(e.approvalId, 1);

    const before = Date.now();
    for (const e of [temporary, firstAid]) {
      expect((await h.order(`${e.approvalId}:1`)).nextAttemptAt.getTime()).toBeLessThanOrEqual(
        before,
      );
    }
    // One sender run pushes both, days before the 72-hour window would have opened.
    await h.service.orders.sendDue();
    expect(h.simulator.payments.has(`${temporary.approvalId}:1`)).toBe(true);
    expect(h.simulator.payments.has(`${firstAid.approvalId}:1`)).toBe(true);
    await h.sendUntil(`${temporary.approvalId}:1`, 'confirmed');

    const m = await h.order(`${monthly.approvalId}:1`);
    expect(m.status).toBe('pending');
    expect(m.nextAttemptAt.getTime()).toBeGreaterThan(before + days(5));
    expect(h.simulator.payments.has(`${monthly.approvalId}:1`)).toBe(false);
  });
});
