import { ManualScheduler, waitFor } from '@jh/platform-testing';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

// Issue 11: the sender loop is the start-up context's `every`, timed by the injected scheduler.
const scheduler = new ManualScheduler();
const senderEveryMs = 3_600_000;
let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness(
    'pay-sender-loop',
    { SENDER_INTERVAL_MS: String(senderEveryMs) },
    { scheduler },
  );
});

afterAll(async () => {
  await h?.stop();
});

describe('payment sender loop on the shared every (R-PAY-2)', () => {
  it('R-PAY-2: a temporary-aid order is pushed when the sender loop ticks, not before; the alarm loop configured 0 is off', async () => {
    const temporary = approval();
    await h.publish(temporary);
    await h.waitForOrders(temporary.approvalId, 1);
    const key = `${temporary.approvalId}:1`;
    expect(h.simulator.payments.has(key)).toBe(false);

    // The harness turns the alarm loop off (OVERDUE_ALARM_INTERVAL_MS '0'): only the sender is registered.
    expect(scheduler.tick(0)).toBe(0);
    expect(scheduler.tick(senderEveryMs)).toBe(1);
    await waitFor(async () => (h.simulator.payments.has(key) ? true : undefined), {
      what: `push of ${key} by the sender loop`,
    });
    expect((await h.order(key)).status).not.toBe('pending');
  });
});
