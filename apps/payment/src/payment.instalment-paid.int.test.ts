import { PaidVia, Topics, type InstalmentPaid } from '@jh/contracts';
import { probeEvents, waitFor } from '@jh/platform-testing';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;
let probe: Awaited<ReturnType<typeof probeEvents>>;

beforeAll(async () => {
  h = await startPaymentHarness('pay-paid-event');
  probe = await probeEvents(h.prefix, [Topics.instalmentPaid]);
});
afterAll(async () => {
  await probe?.stop();
  await h?.stop();
});

describe('payment announces each paid instalment to the window (real Kafka + MongoDB-wire)', () => {
  it('R-JH-5: an order confirmed by the card platform publishes jh.payment.instalment_paid.v1 once, from the outbox written with the status, without card or ID number', async () => {
    const event = approval({}, 2);
    await h.publish(event);
    await h.waitForOrders(event.approvalId, 2);
    const first = `${event.approvalId}:1`;
    const second = `${event.approvalId}:2`;

    // Before the money arrives nothing is announced.
    expect((await h.order(first)).outbox ?? []).toEqual([]);
    await h.sendUntil(first, 'confirmed');
    const paid = await waitFor(
      async () => probe.events.find((e) => e.key === event.applicationId),
      { what: `InstalmentPaid for ${first}` },
    );
    expect(paid.envelope.producer).toBe('payment');
    const payload = paid.event.payload as InstalmentPaid;
    expect(payload).toMatchObject({
      orderId: first,
      approvalId: event.approvalId,
      caseId: event.caseId,
      applicationId: event.applicationId,
      instalmentNumber: 1,
      amountFen: event.instalments[0]!.amountFen,
      paidVia: PaidVia.PAID_VIA_CITIZEN_CARD,
    });
    const text = JSON.stringify(payload);
    expect(text).not.toContain(event.recipient!.citizenCardNo);
    expect(text).not.toContain(event.recipient!.idNumber);

    // The entry sits in the order's own outbox, marked sent by the relay.
    const order = await h.order(first);
    expect(order.status).toBe('confirmed');
    expect(order.outbox).toHaveLength(1);
    expect(order.outbox![0]).toMatchObject({
      type: Topics.instalmentPaid,
      eventId: paid.envelope.eventId,
    });
    await waitFor(async () => ((await h.order(first)).outbox?.[0]?.sentAt ? true : undefined), {
      what: 'outbox entry marked sent',
    });

    // A repeated answer from the platform changes nothing and announces nothing again.
    expect(
      await h.service.orders.applyAnswer(first, 'sent', {
        status: 'paid',
        amountFen: payload.amountFen,
        platformRef: '',
      }),
    ).toBeUndefined();
    // The second instalment's confirmation is the next event for this application: once it is
    // here, a second event for the first instalment would have been too.
    await h.sendUntil(second, 'confirmed');
    await waitFor(
      async () =>
        probe.events.filter((e) => e.key === event.applicationId).length >= 2 ? true : undefined,
      { what: 'InstalmentPaid for the second instalment' },
    );
    const forApplication = probe.events
      .filter((e) => e.key === event.applicationId)
      .map((e) => (e.event.payload as InstalmentPaid).orderId);
    expect(forApplication.sort()).toEqual([first, second].sort());
    expect((await h.order(first)).outbox).toHaveLength(1);
  });
});
