import request from 'supertest';
import { waitFor } from '@jh/platform-testing';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-recon');
});

afterAll(async () => {
  await h?.stop();
});

async function paidOrder(): Promise<string> {
  const event = approval({}, 1);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  const id = `${event.approvalId}:1`;
  await h.sendUntil(id, 'confirmed');
  return id;
}

const importStatement = (date: string, csv: string) =>
  request(h.base)
    .post('/reconciliations')
    .set('authorization', `Bearer ${h.staffToken}`)
    .send({ date, csv });

describe('daily statement reconciliation (R-PAY-5)', () => {
  it('R-PAY-5: reports missing, unknown, amount mismatch, duplicate and returned; re-import changes nothing', async () => {
    const [matched, mismatched, returned, missing] = [
      await paidOrder(),
      await paidOrder(),
      await paidOrder(),
      await paidOrder(),
    ];
    h.simulator.markReturned(returned);
    h.simulator.payments.delete(missing);
    const date = new Date().toISOString().slice(0, 10);
    const lines = h.simulator.statementCsv(date).trimEnd().split('\n');
    const body = lines.map((l) =>
      l.startsWith(`${mismatched},`) ? l.replace(/,150000,/, ',150100,') : l,
    );
    const matchedLine = body.find((l) => l.startsWith(`${matched},`))!;
    const csv = [
      ...body,
      matchedLine,
      `unknown-approval:1,YJD9999999999,C0000000,8800,PAID,${date}T08:00:00Z`,
    ].join('\n');

    const first = await importStatement(date, `${csv}\n`).expect(201);
    const byCode = (code: string) =>
      first.body.findings
        .filter((f: { code: string }) => f.code === code)
        .map((f: { idempotencyKey: string }) => f.idempotencyKey);
    expect(byCode('MISSING_ON_PLATFORM')).toEqual([missing]);
    expect(byCode('UNKNOWN_ON_PLATFORM')).toEqual(['unknown-approval:1']);
    expect(byCode('AMOUNT_MISMATCH')).toEqual([mismatched]);
    expect(byCode('DUPLICATE')).toEqual([matched]);
    expect(byCode('RETURNED')).toEqual([returned]);
    expect(
      first.body.findings.find((f: { code: string }) => f.code === 'AMOUNT_MISMATCH'),
    ).toMatchObject({
      message: '金额不符',
      orderAmountFen: 150000,
      statementAmountFen: 150100,
    });
    const returnedOrder = await h.order(returned);
    expect(returnedOrder.status).toBe('returned');

    // The paid-event relay marks outbox entries sent on its own schedule; let it finish so the
    // snapshot holds only what a re-import could change.
    await waitFor(
      async () => {
        const docs = await h.orders().find({}).toArray();
        const sent = (o: { outbox?: { sentAt: Date | null }[] }) =>
          (o.outbox ?? []).every((e) => e.sentAt !== null);
        return docs.every(sent) ? true : undefined;
      },
      { what: 'paid events relayed' },
    );
    const ordersBefore = await h.orders().find({}).sort({ _id: 1 }).toArray();
    const second = await importStatement(date, `${csv}\n`).expect(200);
    expect(second.body.replayed).toBe(true);
    expect(second.body.findings).toEqual(first.body.findings);
    expect(await h.orders().find({}).sort({ _id: 1 }).toArray()).toEqual(ordersBefore);
    expect(await h.db.collection('payment_reconciliations').countDocuments({})).toBe(1);
  });

  it('a statement with a wrong header is refused with a Chinese field error', async () => {
    const res = await importStatement('2026-01-05', 'key,ref\n').expect(400);
    expect(res.body.error.details[0]).toMatchObject({
      code: 'STATEMENT_INVALID',
      message: '对账单表头不符',
    });
  });
});
