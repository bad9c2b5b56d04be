import { DeclineReason } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(90_000);

// R-OV-1, R-PAY-6: every status change of an order is on payment's hash-chained trail under
// `orders/<id>`, including the moves nobody made by hand (sender, platform); every screen that
// shows a full card number is a recorded read of the recipient's data.
let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-order-chain');
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => h.simulator.faults.declineCards.clear());

interface TrailItem {
  seq: number;
  actor: { userId: string; roles: string[] };
  action: string;
  object: { kind: string; id: string };
  detail: Record<string, string>;
}

const asAuditor = (path: string, query: Record<string, string | number> = {}) =>
  request(h.base).get(path).query(query).set('authorization', `Bearer ${h.auditorToken}`);

/** The order's chain records, oldest first. */
async function trailOf(id: string): Promise<TrailItem[]> {
  const res = await asAuditor('/audit/records', {
    objectKind: 'orders',
    objectId: id,
    pageSize: 100,
  }).expect(200);
  return (res.body.items as TrailItem[]).sort((a, b) => a.seq - b.seq);
}

/**
 * Waits until the chain holds one `order.*` record per entry of the order's own audit, and
 * compares them; answers the whole trail (HTTP records of the same object included).
 */
async function expectChainMirrorsOrder(id: string): Promise<TrailItem[]> {
  const order = await h.order(id);
  const moves = (t: TrailItem[]) => t.filter((r) => r.action.startsWith('order.'));
  const trail = await waitFor(
    async () => {
      const t = await trailOf(id);
      return moves(t).length >= order.audit.length ? t : undefined;
    },
    { what: `${order.audit.length} chain records of ${id}` },
  );
  expect(
    moves(trail).map((r) => [r.action, r.actor.userId, r.detail['from'], r.detail['to']]),
  ).toEqual(order.audit.map((a) => [`order.${a.action}`, a.actor, a.from ?? '-', a.to]));
  return trail;
}

async function newApproval(count: number) {
  const event = approval({}, count);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, count);
  return event;
}

it('R-OV-1: an order paid without anyone touching it has each move on the chain, found by its id and by the person', async () => {
  const event = await newApproval(2);
  const ids = [`${event.approvalId}:1`, `${event.approvalId}:2`];
  for (const id of ids) await h.sendUntil(id, 'confirmed');

  for (const id of ids) {
    const trail = await expectChainMirrorsOrder(id);
    const actions = trail.map((r) => r.action);
    expect(actions[0]).toBe('order.created');
    expect(trail.at(-1)!.detail['to']).toBe('confirmed');
    // The system's own moves carry the service role.
    expect(trail.filter((r) => r.actor.userId.startsWith('system:'))).not.toHaveLength(0);
    for (const r of trail.filter((x) => x.actor.userId.startsWith('system:'))) {
      expect(r.actor.roles).toEqual(['service']);
    }
  }

  // By the person (blind index; the number goes in a POST body): each order's creation.
  const byPerson = await request(h.base)
    .post('/audit/records/search')
    .set('authorization', `Bearer ${h.auditorToken}`)
    .send({ idNumber: event.recipient!.idNumber, objectKind: 'orders', pageSize: 100 })
    .expect(200);
  const created = (byPerson.body.items as TrailItem[])
    .filter((r) => r.action === 'order.created')
    .map((r) => r.object.id);
  expect(created).toEqual(expect.arrayContaining(ids));

  const verified = await asAuditor('/audit/chain/verify').expect(200);
  expect(verified.body.ok).toBe(true);
});

it('R-PAY-6: a declined push and the staff re-send are on the chain with the staff member', async () => {
  const event = await newApproval(1);
  const id = `${event.approvalId}:1`;
  h.simulator.faults.declineCards.set(
    event.recipient!.citizenCardNo,
    DeclineReason.DECLINE_REASON_CARD_FROZEN,
  );
  await h.sendUntil(id, 'failed');
  h.simulator.faults.declineCards.clear();
  await request(h.base)
    .post(`/orders/${id}/resend`)
    .set('authorization', `Bearer ${h.staffToken}`)
    .send({ reason: '市民卡已解冻' })
    .expect(200);
  await h.sendUntil(id, 'confirmed');

  const trail = await expectChainMirrorsOrder(id);
  expect(trail.map((r) => r.detail['to'])).toEqual(expect.arrayContaining(['failed', 'pending']));
  expect(trail.find((r) => r.action === 'order.resend')).toMatchObject({
    actor: { userId: 'pay-city' },
    detail: { from: 'failed', to: 'pending', reason: expect.stringContaining('市民卡已解冻') },
  });
  // Beside it, the request itself (with the caller's roles) and the full card number it showed.
  expect(trail.find((r) => r.action === 'POST /orders/:id/resend')).toMatchObject({
    actor: { userId: 'pay-city', roles: ['payment_staff'] },
  });
  expect(trail.filter((r) => r.action === 'personal-data.read')).toHaveLength(1);
});

it('R-OV-1: payment staff seeing a full card number is a recorded read of that person; a masked view is not', async () => {
  const event = await newApproval(1);
  const id = `${event.approvalId}:1`;
  const shown = await request(h.base)
    .get(`/orders/${id}`)
    .set('authorization', `Bearer ${h.staffToken}`)
    .expect(200);
  expect(shown.body.recipient.citizenCardNo).toBe(event.recipient!.citizenCardNo);
  // The auditor's own view is masked: no read recorded for it.
  const masked = await asAuditor(`/orders/${id}`).expect(200);
  expect(masked.body.recipient.citizenCardNo).not.toBe(event.recipient!.citizenCardNo);

  const reads = await waitFor(
    async () => {
      const res = await request(h.base)
        .post('/audit/records/search')
        .set('authorization', `Bearer ${h.auditorToken}`)
        .send({ idNumber: event.recipient!.idNumber, objectId: id, pageSize: 100 })
        .expect(200);
      const items = (res.body.items as TrailItem[]).filter(
        (r) => r.action === 'personal-data.read',
      );
      return items.length > 0 ? items : undefined;
    },
    { what: 'the read record' },
  );
  expect(reads).toHaveLength(1);
  expect(reads[0]).toMatchObject({
    actor: { userId: 'pay-city' },
    object: { kind: 'orders', id },
    detail: { route: 'GET /orders/:id' },
  });
});
