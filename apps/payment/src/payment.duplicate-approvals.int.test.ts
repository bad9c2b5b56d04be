import { AssistanceItem, PaymentSchedule, Topics, type AssistanceApproved } from '@jh/contracts';
import { decodeEvent, readDlq } from '@jh/platform-kafka';
import { testKafka } from '@jh/platform-testing';
import request from 'supertest';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import { unsettledStatuses } from './order/order.model';
import {
  approval,
  recordingOrderStore,
  startPaymentHarness,
  type PaymentHarness,
} from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;
// On, so GET /metrics answers (the service finds this SDK running).
const telemetry = startTelemetry({
  serviceName: 'payment',
  enabled: true,
  exporter: new tracing.InMemorySpanExporter(),
});

beforeAll(async () => {
  h = await startPaymentHarness('pay-dup');
});

afterAll(async () => {
  await h?.stop();
  await telemetry.shutdown();
});

/**
 * A barrier instead of a sleep: the consumer handles one partition in order, so once a control
 * approval published after `events` on the same key (= partition) has its order, every earlier
 * message there was handled or parked.
 */
async function handledUpTo(applicationId: string): Promise<void> {
  const control = approval({ applicationId }, 1);
  await h.publish(control);
  await h.waitForOrders(control.approvalId, 1);
}

function dlqApprovalOf(value: Buffer | null): AssistanceApproved | undefined {
  if (!value) return undefined;
  const { event } = decodeEvent(value);
  return event.type === Topics.assistanceApproved ? event.payload : undefined;
}

describe('payment orders from approvals (R-PAY-5)', () => {
  it('R-PAY-5: the same approval event twice and re-sent with a new event id → one order per instalment', async () => {
    const event = approval({}, 3);
    const eventId = await h.publish(event);
    await h.publish(event, eventId);
    await h.publish(event);
    await h.waitForOrders(event.approvalId, 3);
    await handledUpTo(event.applicationId);
    const docs = await h.orders().find({ approvalId: event.approvalId }).sort({ _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([1, 2, 3].map((n) => `${event.approvalId}:${n}`));
    expect(docs.every((d) => d.status === 'pending' && d.audit.length === 1)).toBe(true);
    expect(docs.map((d) => d.amountFen)).toEqual([150000, 150001, 150002]);

    // R-OV-2: payment staff see the card number in full, auditors the last four digits only.
    const card = event.recipient!.citizenCardNo;
    const asStaff = await request(h.base)
      .get(`/orders/${event.approvalId}:1`)
      .set('authorization', `Bearer ${h.staffToken}`)
      .expect(200);
    expect(asStaff.body.recipient.citizenCardNo).toBe(card);
    const asAuditor = await request(h.base)
      .get(`/orders/${event.approvalId}:1`)
      .set('authorization', `Bearer ${h.auditorToken}`)
      .expect(200);
    expect(asAuditor.body.recipient.citizenCardNo).toBe(
      `${'*'.repeat(card.length - 4)}${card.slice(-4)}`,
    );
    expect(asAuditor.body.recipient.idNumber).not.toBe(event.recipient!.idNumber);
  });

  // A missing card number used to park the approval on the DLQ too; that lost approved money
  // (issue 10, ADR 0010): it now becomes awaiting_payee orders (payment.awaiting-payee.int.test.ts).
  it('R-PAY-5: an approval with a zero or negative amount creates no order (DLQ); one without a card number does', async () => {
    // One key for all of them: one partition, handled in publish order.
    const applicationId = `app-dlq-${Date.now()}`;
    const bad = approval({ applicationId }, 2);
    bad.instalments[1]!.amountFen = 0;
    const negative = approval({ applicationId }, 1);
    negative.instalments[0]!.amountFen = -500;
    const noCard = approval({ applicationId }, 1);
    noCard.recipient!.citizenCardNo = '';
    await h.publish(bad);
    await h.publish(negative);
    await h.publish(noCard);
    await handledUpTo(applicationId);
    expect(await h.orders().countDocuments({ approvalId: bad.approvalId })).toBe(0);
    expect(await h.orders().countDocuments({ approvalId: negative.approvalId })).toBe(0);
    expect(await h.orders().find({ approvalId: noCard.approvalId }).toArray()).toEqual([
      expect.objectContaining({ status: 'awaiting_payee' }),
    ]);

    // The two bad approvals are parked on `<topic>.dlq` with their reason; the one without a card is not.
    const kafka = testKafka(h.prefix);
    const parked = (await readDlq(kafka, kafka.topic(Topics.assistanceApproved)))
      .map((m) => ({ approval: dlqApprovalOf(m.value), m }))
      .filter(({ approval: a }) => a?.applicationId === applicationId);
    expect(parked.map(({ approval: a }) => a!.approvalId).sort()).toEqual(
      [bad.approvalId, negative.approvalId].sort(),
    );
    for (const { m } of parked) {
      expect(m.key).toBe(applicationId);
      expect(m.headers['x-error-reason']).toMatch(/PermanentError: .*not positive integer fen/);
    }
  });

  it('R-PAY-2: due dates come from the event and orders past due and unconfirmed are listed as overdue', async () => {
    const late = approval({}, 1, -3600_000);
    const future = approval(
      {
        item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
        schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
      },
      1,
      10 * 24 * 3600_000,
    );
    await h.publish(late);
    await h.publish(future);
    await h.waitForOrders(late.approvalId, 1);
    await h.waitForOrders(future.approvalId, 1);
    const lateOrder = await h.order(`${late.approvalId}:1`);
    expect(lateOrder.dueAt.toISOString()).toBe(late.instalments[0]!.dueAt!.toISOString());
    // A monthly item far from due is not pushed before its send window opens (R-PAY-2).
    const futureOrder = await h.order(`${future.approvalId}:1`);
    expect(futureOrder.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);

    const res = await request(h.base)
      .get('/orders/overdue')
      .set('authorization', `Bearer ${h.staffToken}`)
      .expect(200);
    const ids = res.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(`${late.approvalId}:1`);
    expect(ids).not.toContain(`${future.approvalId}:1`);

    // Asked one unsettled status at a time, by equality: the local engine's index, never a scan.
    const rec = await recordingOrderStore(h);
    try {
      const listed = (await rec.store.overdue(new Date(), 1000)).map((o) => o._id);
      expect(listed).toContain(`${late.approvalId}:1`);
      expect(listed).not.toContain(`${future.approvalId}:1`);
      expect(rec.finds.map((f) => f['status']).sort()).toEqual([...unsettledStatuses].sort());
    } finally {
      await rec.close();
    }

    // The alarm is raised once per past-due order and shown on it.
    const alarmed = await h.service.orders.alarmOverdue();
    expect(alarmed.map((o) => o._id)).toContain(`${late.approvalId}:1`);
    expect(alarmed.map((o) => o._id)).not.toContain(`${future.approvalId}:1`);
    expect((await h.service.orders.alarmOverdue()).map((o) => o._id)).not.toContain(
      `${late.approvalId}:1`,
    );
    const shown = await request(h.base)
      .get(`/orders/${late.approvalId}:1`)
      .set('authorization', `Bearer ${h.staffToken}`)
      .expect(200);
    expect(Date.parse(shown.body.overdueAlarmedAt)).toBe(
      alarmed.find((o) => o._id === `${late.approvalId}:1`)!.overdueAlarmedAt!.getTime(),
    );

    // Prometheus sees it too (alert JhPaymentPastDue), by county.
    const metrics = await request(h.base).get('/metrics').expect(200);
    const pastDue = /^jh_payment_orders_past_due\{county="330106"[^}]*\} (\d+)$/m.exec(
      metrics.text,
    );
    expect(Number(pastDue?.[1])).toBeGreaterThanOrEqual(1);

    await h.sendUntil(`${late.approvalId}:1`, 'confirmed');
    const after = await request(h.base)
      .get('/orders/overdue')
      .set('authorization', `Bearer ${h.staffToken}`)
      .expect(200);
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(`${late.approvalId}:1`);
  });
});
