import { DeclineReason } from '@jh/contracts';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';
import { pushFailureReasons } from './order/order.sender';

jest.setTimeout(60000);

// Issue 17: `jh_payment_push_failures_total{service,reason}` on GET /metrics counts the payments a
// push to the card platform (the in-process simulator, real gRPC) did not book, by reason.
let h: PaymentHarness;
// On, so GET /metrics answers (the service finds this SDK running).
const telemetry = startTelemetry({
  serviceName: 'payment',
  enabled: true,
  exporter: new tracing.InMemorySpanExporter(),
});

beforeAll(async () => {
  h = await startPaymentHarness('pay-push-failures');
});

afterAll(async () => {
  await h?.stop();
  await telemetry.shutdown();
});

beforeEach(() => {
  const f = h.simulator.faults;
  f.outage = false;
  f.timeoutPushes = 0;
  f.declineCards.clear();
  f.partialBatches = { batches: 0, answered: 0, bookRest: false };
});

/** The counter's rows on GET /metrics: reason → { value, labels }. */
async function failures(): Promise<Map<string, { value: number; labels: Record<string, string> }>> {
  const res = await fetch(`${h.base}/metrics`);
  expect(res.status).toBe(200);
  const rows = new Map<string, { value: number; labels: Record<string, string> }>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^jh_payment_push_failures_total\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]),
    );
    rows.set(labels['reason'] ?? '', { value: Number(m[2]), labels });
  }
  return rows;
}

/** What changed per reason since `before` (reasons that did not change are left out). */
async function changedSince(before: Awaited<ReturnType<typeof failures>>) {
  const delta: Record<string, number> = {};
  for (const [reason, row] of await failures()) {
    const d = row.value - (before.get(reason)?.value ?? 0);
    if (d !== 0) delta[reason] = d;
  }
  return delta;
}

async function newOrder() {
  const event = approval();
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return { event, id: `${event.approvalId}:1` };
}

describe('push failures by reason (issue 17)', () => {
  it('every reason is exported from the start at 0, with the service label and nothing personal', async () => {
    const rows = await failures();
    expect([...rows.keys()].sort()).toEqual([...pushFailureReasons].sort());
    for (const row of rows.values()) {
      expect(row.labels['service']).toBe('payment');
      expect(Object.keys(row.labels)).toEqual(['service', 'reason']);
    }
  });

  it('R-PAY-5: a push that times out counts one timeout; the retry asks first and counts nothing more', async () => {
    const { id } = await newOrder();
    const before = await failures();
    h.simulator.faults.timeoutPushes = 1;
    await h.service.orders.sendDue();
    expect(await changedSince(before)).toEqual({ timeout: 1 });
    await h.sendUntil(id, 'confirmed');
    expect(await changedSince(before)).toEqual({ timeout: 1 });
  });

  it('a platform outage counts the payment as unavailable once; queries while it lasts are not pushes', async () => {
    const { id } = await newOrder();
    const before = await failures();
    h.simulator.faults.outage = true;
    await h.service.orders.sendDue();
    expect(await changedSince(before)).toEqual({ unavailable: 1 });
    h.simulator.faults.outage = false;
    await h.sendUntil(id, 'confirmed');
    expect(await changedSince(before)).toEqual({ unavailable: 1 });
  });

  it('a batch answered only in part counts the payments left unanswered', async () => {
    const a = await newOrder();
    const b = await newOrder();
    const before = await failures();
    h.simulator.faults.partialBatches = { batches: 1, answered: 1, bookRest: true };
    const first = await h.service.orders.sendDue();
    expect(first.sent).toBe(1);
    expect(await changedSince(before)).toEqual({ unanswered: 1 });
    await h.sendUntil(a.id, 'confirmed');
    await h.sendUntil(b.id, 'confirmed');
    expect(await changedSince(before)).toEqual({ unanswered: 1 });
  });

  it.each([
    ['declined_card_frozen', DeclineReason.DECLINE_REASON_CARD_FROZEN],
    ['declined_card_closed', DeclineReason.DECLINE_REASON_CARD_CLOSED],
    ['declined_name_mismatch', DeclineReason.DECLINE_REASON_NAME_MISMATCH],
  ])('a decline counts under %s, the card number appears nowhere', async (reason, decline) => {
    const { event, id } = await newOrder();
    const before = await failures();
    h.simulator.faults.declineCards.set(event.recipient!.citizenCardNo, decline);
    await h.sendUntil(id, 'failed');
    expect(await changedSince(before)).toEqual({ [reason]: 1 });
    const text = await (await fetch(`${h.base}/metrics`)).text();
    expect(text).not.toContain(event.recipient!.citizenCardNo);
  });
});
